"""Draw the contact sheet of the sample studies: middle sagittal T1, T2, STIR of every case.

``python -m ilc_viewer.samples.contact_sheet [SAMPLES_DIR] [OUT_PNG]`` reads the written DICOM
files back (as the viewer would) and saves ``docs/contact_sheet.png`` with matplotlib, headless.
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

from ilc_viewer.storage.resources import PROJECT_ROOT, SAMPLE_DICOMS

SEQUENCES = ("T1", "T2", "STIR")


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


def draw(samples: Path, out: Path) -> Path:
    """Save the contact sheet PNG and return its path."""
    cases = sorted(p for p in samples.iterdir() if (p / "truth.json").exists())
    fig, axes = plt.subplots(len(cases), 3, figsize=(10.5, 3.9 * len(cases)), squeeze=False)
    fig.patch.set_facecolor("black")
    for row, case_dir in zip(axes, cases, strict=True):
        title = json.loads((case_dir / "truth.json").read_text(encoding="utf-8"))["title"]
        for ax, key in zip(row, SEQUENCES, strict=True):
            pixels, ds = middle_image(case_dir, key)
            centre, width = float(ds.WindowCenter), float(ds.WindowWidth)
            ax.imshow(pixels, cmap="gray", vmin=centre - width / 2, vmax=centre + width / 2,
                      interpolation="bilinear")
            ax.set_title(f"{case_dir.name}: {title}\n{key} ({ds.SeriesDescription}, "
                         f"TR {ds.RepetitionTime} TE {ds.EchoTime}"
                         + (f" TI {ds.InversionTime}" if "InversionTime" in ds else "") + ")",
                         color="white", fontsize=8)
            ax.text(4, 128, "A", color="yellow", fontsize=9, va="center")
            ax.text(pixels.shape[1] - 12, 128, "P", color="yellow", fontsize=9, va="center")
            ax.axis("off")
    fig.tight_layout()
    out.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(out, dpi=110, facecolor="black")
    plt.close(fig)
    return out


def main(argv: list[str] | None = None) -> int:
    """Command line entry: optional samples folder and output PNG."""
    args = sys.argv[1:] if argv is None else argv
    samples = Path(args[0]) if args else SAMPLE_DICOMS
    out = Path(args[1]) if len(args) > 1 else PROJECT_ROOT / "docs" / "contact_sheet.png"
    print(draw(samples, out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
