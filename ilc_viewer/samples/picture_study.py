"""Simulated X-ray, fluoroscopy and ultrasound pictures of the phantom, for the screenshots.

``python -m ilc_viewer.samples.picture_study OUTDIR [--beside STUDY_FOLDER]`` writes:

- ``xray/``: an AP and a lateral radiograph (CR) of the sample spine (case B: the slip of
  L4 and the wedged L1), each the X-ray shadow of the phantom's tissues: the attenuation of
  every tissue summed along the beam (bone stops the most), stored as a CR reader stores it;
- ``fluoroscopy/``: a run of a needle moving towards the L4/5 facet on the AP view;
- ``ultrasound/``: a clip of the back muscles sliding under the probe (layers of speckle,
  bright fascia lines, the bright edge of a lamina with its shadow) with a calibrated region;
- ``colour/``: a colour Doppler still (a red and blue flow area over the grey picture).

With ``--beside``, the pictures join that study (its Study Instance UID and patient), so they
appear beside its MRI. The pictures are simulations for trying the viewer, not images of
anyone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from ilc_viewer.samples import pictures
from ilc_viewer.samples.dicom_writer import uid

#: Linear attenuation (1/mm, about 70 keV) by tissue label; soft tissue is water-like.
ATTENUATION = {"air": 0.0, "gas": 0.0, "fat": 0.017, "bowel_fat": 0.017, "marrow": 0.03,
               "oedematous_marrow": 0.028, "cortical_bone": 0.06}
SOFT_TISSUE = 0.02
GRID_MM = 1.5


def shadows(case: str = "case_b") -> tuple[np.ndarray, np.ndarray]:
    """(AP, lateral) attenuation path integrals of the phantom, rows head to foot."""
    from ilc_viewer.samples.anatomy import paint_labels
    from ilc_viewer.samples.cases import CASES, build_anatomy
    from ilc_viewer.samples.tissues import LABEL

    anatomy = build_anatomy(CASES[case])
    xs = np.arange(-165, 165, GRID_MM)
    ys = np.arange(-150, 130, GRID_MM)
    zs = np.arange(-215, 175, GRID_MM)
    labels = paint_labels(anatomy, xs, ys, zs)
    mu = np.full(max(LABEL.values()) + 1, SOFT_TISSUE, dtype=np.float32)
    for name, value in ATTENUATION.items():
        mu[LABEL[name]] = value
    paths = mu[labels] * GRID_MM
    ap = paths.sum(axis=1).T[::-1]  # (z, x): patient's right on the viewer's left
    lateral = paths.sum(axis=0).T[::-1]  # (z, y): front on the left
    return ap, lateral


def detector(path: np.ndarray, scale: int, rng: np.random.Generator) -> np.ndarray:
    """Stored CR values (12 bits): log exposure, low where bone stopped the rays, enlarged
    ``scale`` times with a little blur and quantum noise."""
    big = np.kron(path, np.ones((scale, scale), dtype=np.float32))
    kernel = np.array([1, 4, 6, 4, 1], dtype=np.float32) / 16
    for axis in (0, 1):
        big = np.apply_along_axis(lambda v: np.convolve(v, kernel, mode="same"), axis, big)
    exposure = np.exp(-big)
    log = np.log(exposure + 1e-3)
    log += rng.normal(0, 0.02, log.shape).astype(np.float32)
    low, high = np.percentile(log, [0.5, 99.5])
    values = (log - low) / (high - low) * 3300 + 400
    return np.clip(values, 0, 4095).astype(np.uint16)


def needle_run(ap: np.ndarray, frames: int = 24) -> np.ndarray:
    """A fluoroscopy run: the AP shadow with a needle moving in, 8-bit, dense = dark."""
    rows, cols = ap.shape
    base = (ap - ap.min()) / (ap.max() - ap.min())
    out = []
    tip_end = np.array([rows * 0.53, cols * 0.56])
    start = np.array([rows * 0.90, cols * 0.85])
    yy, xx = np.mgrid[0:rows, 0:cols]
    for k in range(frames):
        t = 0.35 + 0.65 * k / (frames - 1)
        tip = start + (tip_end - start) * t
        d = tip - start
        length = float(np.hypot(*d))
        along = ((yy - start[0]) * d[0] + (xx - start[1]) * d[1]) / length
        across = np.abs((yy - start[0]) * d[1] - (xx - start[1]) * d[0]) / length
        needle = (across < 1.2) & (along > 0) & (along < length)
        frame = base + 1.5 * needle
        shown = 235 - np.clip(frame, 0, 1.6) / 1.6 * 200  # dense = dark, as fluoro shows it
        out.append(np.clip(shown, 0, 255).astype(np.uint8))
    return np.stack(out)


def muscle_clip(frames: int = 30, rows: int = 480, cols: int = 640,
                seed: int = 7) -> tuple[np.ndarray, pictures.UsRegion]:
    """A linear-probe clip of the back: skin, fat, two muscle layers with fascia between,
    the lamina's bright edge and shadow; the muscles slide sideways frame by frame."""
    rng = np.random.default_rng(seed)
    top, left, height, width = 60, 100, 380, 440
    region = pictures.UsRegion(left, top, left + width - 1, top + height - 1, 0.01)  # 3.8 cm
    # speckle: grains a few pixels long across the beam, as a probe's resolution makes them
    grains = rng.rayleigh(1.0, (height // 2 + 2, (width + 4 * frames) // 4 + 2))
    speckle = np.kron(grains, np.ones((2, 4)))[:height, :width + 4 * frames]
    kernel = np.array([1, 2, 3, 2, 1], dtype=np.float64) / 9
    for axis in (0, 1):
        speckle = np.apply_along_axis(lambda v: np.convolve(v, kernel, mode="same"), axis,
                                      speckle)
    speckle = (speckle / speckle.mean()).astype(np.float32)
    y = np.arange(height, dtype=np.float32)[:, None]
    out = []
    for k in range(frames):
        shift = 2 * k
        s = speckle[:, shift:shift + width]
        layer = np.full((height, width), 0.25, dtype=np.float32)
        layer[y[:, 0] < 18] = 0.55  # skin
        fat = (y[:, 0] >= 18) & (y[:, 0] < 70)
        layer[fat] = 0.2
        striation = 0.08 * np.sin((np.arange(width)[None, :] + shift) / 9.0 + y / 30.0)
        muscle = (y >= 70) & (y < 300)
        layer = np.where(muscle, 0.32 + striation, layer)
        x = np.arange(width, dtype=np.float32)[None, :] + shift
        for depth in (70, 160, 230):  # fascia: bright, gently wavy lines that slide along
            line = depth + 5 * np.sin(x / 57.0 + depth) + 3 * np.sin(k / 6)
            layer = np.where(np.abs(y - line) < 3, 0.95, layer)
        lamina = 300 + 12 * np.sin(np.arange(width) / 70.0)[None, :]
        layer = np.where(np.abs(y - lamina) < 5, 1.0, layer)
        layer = np.where(y > lamina + 5, 0.04, layer)  # acoustic shadow
        gain = 1.0 - 0.35 * y / height  # deeper echoes come back weaker
        grey = np.clip(layer * s * 200 * gain, 0, 255)
        frame = np.zeros((rows, cols, 3), dtype=np.uint8)
        frame[top:top + height, left:left + width] = grey[..., None].astype(np.uint8)
        for mark in range(0, height, 50):  # the depth scale: a tick every 0.5 cm
            frame[top + mark, left + width + 8:left + width + 16] = 200
        out.append(frame)
    return np.stack(out), region


def doppler_still(seed: int = 11) -> tuple[np.ndarray, pictures.UsRegion]:
    """A colour Doppler still: the muscle picture with red and blue flow in a vessel."""
    frames, region = muscle_clip(frames=1, seed=seed)
    frame = frames[0].astype(np.float32)
    yy, xx = np.mgrid[0:frame.shape[0], 0:frame.shape[1]]
    radius = ((yy - 230) / 22.0) ** 2 + ((xx - 330) / 80.0) ** 2
    vessel = radius < 1
    speed = np.clip(1.0 - radius, 0, 1)[..., None]  # fastest in the middle of the vessel
    red = np.array([150, 20, 10]) + speed * np.array([105, 200, 60])
    blue = np.array([20, 40, 150]) + speed * np.array([40, 180, 105])
    towards = vessel & (xx < 330)
    frame[towards] = red[towards]
    frame[vessel & ~towards] = blue[vessel & ~towards]
    box = (np.abs(yy - 230) < 60) & (np.abs(xx - 330) < 120)
    edge = box & ~((np.abs(yy - 230) < 58) & (np.abs(xx - 330) < 118))
    frame[edge] = (240, 240, 120)
    return frame.astype(np.uint8), region


KINDS = ("xray", "fluoroscopy", "ultrasound", "colour")


def write_pictures(out: Path, patient: pictures.Patient, kinds: tuple[str, ...] = KINDS
                   ) -> list[Path]:
    """Write the picture series of the module docstring (those of ``kinds``) into ``out``."""
    written: list[Path] = []
    if "xray" in kinds or "fluoroscopy" in kinds:
        written += _x_rays(out, patient, kinds)
    if "ultrasound" in kinds:
        clip, region = muscle_clip()
        ds = pictures.ultrasound(clip, patient, regions=[region], fps=30.0,
                                 series_uid=uid(patient.study_uid, "us"), series_number=13,
                                 key=uid(patient.study_uid, "us", "clip"))
        written.append(pictures.write(ds, out / "ultrasound" / "clip1.dcm"))
    if "colour" in kinds:
        still, region = doppler_still()
        ds = pictures.ultrasound(still, patient, regions=[region],
                                 series_uid=uid(patient.study_uid, "doppler"), series_number=14,
                                 key=uid(patient.study_uid, "doppler", "still"),
                                 description="Colour Doppler")
        written.append(pictures.write(ds, out / "colour" / "doppler.dcm"))
    return written


def _x_rays(out: Path, patient: pictures.Patient, kinds: tuple[str, ...]) -> list[Path]:
    rng = np.random.default_rng(3)
    ap, lateral = shadows()
    written = []
    xr = uid(patient.study_uid, "xray")
    for instance, (view, path, orientation) in enumerate(
            (("AP", ap, ["L", "F"]), ("LAT", lateral, ["P", "F"])), start=1):
        stored = detector(path, 3, rng)
        body = stored[stored < 3000]  # the reader fits its window to the exposed body
        low, high = (int(v) for v in np.percentile(body, [0.5, 99.5]))
        ds = pictures.radiograph(stored, patient, view=view, orientation=orientation,
                                 spacing_mm=GRID_MM / 3, series_uid=xr, series_number=11,
                                 instance=instance, key=f"{xr}/{view}",
                                 window=((low + high) / 2, high - low),
                                 lut_inputs=(low, high - low))
        if "xray" in kinds:
            written.append(pictures.write(ds, out / "xray" / f"{view}.dcm"))
    if "fluoroscopy" in kinds:
        ds = pictures.fluoroscopy_run(needle_run(ap), patient, fps=12.0, spacing_mm=GRID_MM,
                                      series_uid=uid(patient.study_uid, "fluoro"),
                                      series_number=12,
                                      key=uid(patient.study_uid, "fluoro", "run"))
        written.append(pictures.write(ds, out / "fluoroscopy" / "run1.dcm"))
    return written


def patient_of(folder: Path) -> pictures.Patient:
    """The study and patient of the first DICOM file in ``folder``."""
    from pydicom import dcmread

    for path in sorted(folder.rglob("*")):
        if path.is_file():
            try:
                ds = dcmread(path, stop_before_pixels=True)
            except Exception:
                continue
            if "StudyInstanceUID" in ds:
                return pictures.Patient(
                    str(ds.StudyInstanceUID), str(ds.get("PatientName", "")),
                    str(ds.get("PatientID", "")), str(ds.get("PatientBirthDate", "")),
                    str(ds.get("PatientSex", "")), str(ds.get("StudyDate", "")),
                    str(ds.get("StudyTime", "")), str(ds.get("StudyDescription", "")))
    raise SystemExit(f"{folder}: no DICOM study found")


def main(argv: list[str] | None = None) -> int:
    """Write the pictures (see the module docstring)."""
    parser = argparse.ArgumentParser(prog="python -m ilc_viewer.samples.picture_study")
    parser.add_argument("out", type=Path)
    parser.add_argument("--beside", type=Path, help="a study folder the pictures join")
    parser.add_argument("--only", default=",".join(KINDS),
                        help=f"some of {','.join(KINDS)} (comma-separated)")
    args = parser.parse_args(argv)
    kinds = tuple(k.strip() for k in args.only.split(",") if k.strip())
    if not set(kinds) <= set(KINDS):
        parser.error(f"--only takes {', '.join(KINDS)}")
    patient = patient_of(args.beside) if args.beside else pictures.Patient(
        uid("picture-study", "study"))
    for path in write_pictures(args.out, patient, kinds):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
