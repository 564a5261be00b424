"""Small studies of X-ray, fluoroscopy, ultrasound and colour files for the tests.

Built with the writers of :mod:`ilc_viewer.samples.pictures` (headers as the modalities
write them) and pydicom: every pixel value is known, and each file's pixels can be compared
with pydicom's own conversions. Nothing here is patient data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage

from ilc_viewer.samples import pictures
from ilc_viewer.samples.dicom_writer import uid
from tests.core.dicom_factory import new_dataset, write

PATIENT = pictures.Patient(uid("test-pictures", "study"))
#: The ultrasound clip's calibrated region: 0.01 cm (0.1 mm) a pixel.
US_REGION = pictures.UsRegion(8, 4, 55, 43, 0.01)
#: A Doppler-like palette: grey ramp, then blue to red (segmented, as pydicom reads it).
DOPPLER_POINTS = [(0, (0, 0, 0)), (191, (255, 255, 255)), (192, (0, 0, 255)),
                  (255, (255, 0, 0))]


def stored_xray(rows: int = 40, cols: int = 30, seed: int = 1) -> np.ndarray:
    """12-bit values with an asymmetric stamp (a bright corner top-left, a ramp across)."""
    rng = np.random.default_rng(seed)
    values = (np.arange(cols)[None, :] * 100 + rng.integers(0, 50, (rows, cols))) % 4096
    values[:5, :3] = 4000
    return values.astype(np.uint16)


def clip_frames(count: int = 10, rows: int = 32, cols: int = 48) -> np.ndarray:
    """8-bit frames whose first pixel is their number (frame order can be read back)."""
    frames = np.tile((np.arange(cols, dtype=np.uint8) * 5)[None, None, :], (count, rows, 1))
    frames[:, 0, 0] = np.arange(count)
    return frames


def write_xray_pair(folder: Path, kind: str = "CR", size: tuple[int, int] = (40, 30)
                    ) -> list[Path]:
    """An AP and a lateral radiograph in one series (as a CR reader sends a two-view exam),
    ``size`` (rows, columns) pixels of 0.2 mm."""
    series = uid("test-pictures", "xr", kind)
    out = []
    for instance, (view, orientation) in enumerate((("AP", ["L", "F"]), ("LAT", ["P", "F"])),
                                                   start=1):
        ds = pictures.radiograph(stored_xray(*size, seed=instance), PATIENT, view=view,
                                 orientation=orientation, spacing_mm=0.2, series_uid=series,
                                 instance=instance, kind=kind, key=f"{series}/{view}",
                                 window=(1500.0, 3000.0), lut_inputs=(100, 3800))
        out.append(write(ds, folder / f"{kind}_{view}.dcm"))
    return out


def write_fluoroscopy(folder: Path, count: int = 10, fps: float = 15.0) -> Path:
    """A fluoroscopy run (XA) of ``count`` frames."""
    ds = pictures.fluoroscopy_run(clip_frames(count), PATIENT, fps=fps,
                                  series_uid=uid("test-pictures", "xa"), series_number=2,
                                  key=uid("test-pictures", "xa", "run"))
    return write(ds, folder / "run.dcm")


def write_ultrasound_clip(folder: Path, count: int = 6) -> Path:
    """An ultrasound clip, JPEG Baseline YBR_FULL_422, with one calibrated region."""
    rng = np.random.default_rng(5)
    frames = (rng.random((count, 48, 64, 3)) * 255).astype(np.uint8)
    ds = pictures.ultrasound(frames, PATIENT, regions=[US_REGION], fps=30.0,
                             series_uid=uid("test-pictures", "us"), series_number=3,
                             key=uid("test-pictures", "us", "clip"))
    return write(ds, folder / "us_clip.dcm")


def write_palette(folder: Path, bits: int = 8, name: str = "palette.dcm") -> Path:
    """A PALETTE COLOR ultrasound still with a segmented palette of ``bits`` per entry."""
    rng = np.random.default_rng(9)
    indices = (rng.random((20, 24)) * 255).astype(np.uint8)
    indices[0, 0], indices[-1, -1] = 255, 0  # both ends of the palette are used
    palette = pictures.segmented_palette(DOPPLER_POINTS, bits=bits)
    ds = pictures.palette_ultrasound(indices, PATIENT, palette=palette, bits=bits,
                                     series_uid=uid("test-pictures", "pal", bits),
                                     series_number=4, key=uid("test-pictures", "pal", bits))
    return write(ds, folder / name)


def rgb_pattern(rows: int = 12, cols: int = 10, bits: int = 8) -> np.ndarray:
    """An RGB image whose three channels differ (a channel mix-up cannot go unseen)."""
    top = (1 << bits) - 1
    y, x = np.mgrid[0:rows, 0:cols]
    rgb = np.stack([x * top // (cols - 1), y * top // (rows - 1),
                    (x + y) * top // (rows + cols - 2)], axis=-1)
    return rgb.astype(np.uint8 if bits == 8 else np.uint16)


def write_colour(folder: Path, photometric: str, planar: int, bits: int = 8) -> Path:
    """An uncompressed secondary capture in ``photometric`` (RGB or YBR_FULL), planar
    configuration ``planar`` (0: RGBRGB..., 1: RR..GG..BB..), ``bits`` per sample."""
    from pydicom.pixels import convert_color_space

    rgb = rgb_pattern(bits=bits)
    values = rgb if photometric == "RGB" else convert_color_space(rgb, "RGB", photometric)
    ds: Dataset = new_dataset(SecondaryCaptureImageStorage)
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.PatientName, ds.PatientID = "Test^Colour", "COLOUR-1"
    ds.StudyInstanceUID = PATIENT.study_uid
    ds.SeriesInstanceUID = uid("test-pictures", "sc", photometric, planar, bits)
    ds.SeriesNumber = 9
    ds.InstanceNumber = 1
    ds.Modality = "OT"
    ds.ConversionType = "WSD"
    ds.Rows, ds.Columns = rgb.shape[:2]
    ds.SamplesPerPixel = 3
    ds.PhotometricInterpretation = photometric
    ds.PlanarConfiguration = planar
    ds.BitsAllocated = ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 0
    data = np.moveaxis(values, -1, 0) if planar else values
    ds.PixelData = np.ascontiguousarray(data, dtype=f"<u{bits // 8}").tobytes()
    return write(ds, folder / f"{photometric}_{planar}_{bits}.dcm")
