"""Draw the contact sheet of the sample studies: sagittal T1, T2, STIR and axial T2 of each case.

``python -m ilc_viewer.samples.contact_sheet [SAMPLES_DIR] [OUT_PNG]`` reads the written DICOM
files back (as the viewer would) and saves ``docs/contact_sheet.png`` (run from the repository) with
matplotlib, headless. The default SAMPLES_DIR is the bundled samples.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pydicom

from ilc_viewer.storage.resources import samples_folder
from ilc_viewer.study.planes import ImagePlane, reference_line

SEQUENCES = ("T1", "T2", "STIR")
BLOCK_COLOURS = ("#4fc3f7", "#ffb74d", "#81c784", "#e57373")


def series_images(case_dir: Path, series_uid: str) -> list[pydicom.Dataset]:
    """The images of one series in a case folder, sorted by instance number."""
    found = []
    for path in sorted(case_dir.rglob("*.dcm")):
        ds = pydicom.dcmread(path)
        if ds.SeriesInstanceUID == series_uid:
            found.append(ds)
    return sorted(found, key=lambda d: int(d.InstanceNumber))


def middle_image(case_dir: Path, key: str) -> tuple[np.ndarray, pydicom.Dataset]:
    """Pixels and header of the middle slice of a series named in ``truth.json``."""
    truth = json.loads((case_dir / "truth.json").read_text(encoding="utf-8"))
    images = series_images(case_dir, truth["series"][key])
    ds = images[len(images) // 2]
    return ds.pixel_array.astype(np.float32), ds


def plane_of(ds: pydicom.Dataset) -> ImagePlane:
    """The plane of one image, from its header."""
    orientation = np.array([float(v) for v in ds.ImageOrientationPatient])
    return ImagePlane(np.array([float(v) for v in ds.ImagePositionPatient]), orientation[:3],
                      orientation[3:], tuple(float(v) for v in ds.PixelSpacing),  # type: ignore[arg-type]
                      int(ds.Rows), int(ds.Columns))


def axial_at(case_dir: Path, level: str) -> tuple[list[pydicom.Dataset], pydicom.Dataset]:
    """Every axial image of a case, and the one whose plane passes nearest a disc's centre."""
    truth = json.loads((case_dir / "truth.json").read_text(encoding="utf-8"))
    images = series_images(case_dir, truth["series"]["AX_T2"])
    centre = truth["levels"][level]
    nearest = min(images, key=lambda ds: abs(plane_of(ds).signed_distance(centre)))
    return images, nearest


def _show(ax, pixels: np.ndarray, ds: pydicom.Dataset) -> None:
    centre, width = float(ds.WindowCenter), float(ds.WindowWidth)
    ax.imshow(pixels, cmap="gray", vmin=centre - width / 2, vmax=centre + width / 2,
              interpolation="bilinear")
    ax.axis("off")


def _title(case: str, title: str, key: str, ds: pydicom.Dataset) -> str:
    return (f"{case}: {title}\n{key} ({ds.SeriesDescription}, TR {ds.RepetitionTime} "
            f"TE {ds.EchoTime}" + (f" TI {ds.InversionTime}" if "InversionTime" in ds else "")
            + ")")


def draw(samples: Path, out: Path) -> Path:
    """Save the contact sheet PNG and return its path.

    Each case: the middle sagittal T1, T2 (with the lines of the angled axial images, one
    colour per block) and STIR, then the axial T2 image through the L4/5 disc.
    """
    cases = sorted(p for p in samples.iterdir() if (p / "truth.json").exists())
    fig, axes = plt.subplots(len(cases), 4, figsize=(14, 3.9 * len(cases)), squeeze=False)
    fig.patch.set_facecolor("black")
    for row, case_dir in zip(axes, cases, strict=True):
        title = json.loads((case_dir / "truth.json").read_text(encoding="utf-8"))["title"]
        axials, at_l45 = axial_at(case_dir, "L4-L5")
        for ax, key in zip(row[:3], SEQUENCES, strict=True):
            pixels, ds = middle_image(case_dir, key)
            _show(ax, pixels, ds)
            ax.set_title(_title(case_dir.name, title, key, ds), color="white", fontsize=8)
            ax.text(4, 128, "A", color="yellow", fontsize=9, va="center")
            ax.text(pixels.shape[1] - 12, 128, "P", color="yellow", fontsize=9, va="center")
            if key == "T2":
                _axial_lines(ax, plane_of(ds), axials)
        _show(row[3], at_l45.pixel_array.astype(np.float32), at_l45)
        row[3].set_title(f"{case_dir.name}: axial T2 at the L4/5 disc\n({at_l45.SeriesDescription}"
                         f", block angled along the disc)", color="white", fontsize=8)
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110, facecolor="black")
    plt.close(fig)
    return out


def _axial_lines(ax, sagittal: ImagePlane, axials: list[pydicom.Dataset]) -> None:
    """Where each axial image cuts the sagittal one; one colour per block (same tilt)."""
    tilts: dict[str, int] = {}
    for ds in sorted(axials, key=lambda d: -float(plane_of(d).centre[2])):  # top block first
        line = reference_line(sagittal, plane_of(ds))
        if line is None:
            continue
        block = tilts.setdefault(str(ds.ImageOrientationPatient), len(tilts))
        (r0, c0), (r1, c1) = line
        ax.plot([c0, c1], [r0, r1], color=BLOCK_COLOURS[block % len(BLOCK_COLOURS)], lw=0.6)


def main(argv: list[str] | None = None) -> int:
    """Command line entry: optional samples folder and output PNG."""
    args = sys.argv[1:] if argv is None else argv
    samples = Path(args[0]) if args else samples_folder()
    out = Path(args[1]) if len(args) > 1 else Path("docs") / "contact_sheet.png"
    print(draw(samples, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
