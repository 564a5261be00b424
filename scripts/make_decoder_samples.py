"""Write the self-test's tiny compressed images: ``python scripts/make_decoder_samples.py``.

Each image is written uncompressed by pydicom with the pixels of
:func:`ilc_viewer.self_test.decoder_samples.expected_pixels`, then compressed by another
implementation: dcmtk (Debian package ``dcmtk``: ``dcmcjpeg``, ``dcmcjpls``, ``dcmcrle``) for
JPEG lossless, JPEG baseline, JPEG-LS and RLE, OpenJPEG (through pydicom and
pylibjpeg-openjpeg) for JPEG 2000. The files go to ``resources/self_test/`` (a few kB each);
UIDs are new on every run, so the files differ byte for byte but not in their pixels.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from pydicom import dcmread
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, JPEG2000Lossless, MRImageStorage, generate_uid

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from ilc_viewer.self_test.decoder_samples import SAMPLES, expected_pixels

OUT = Path(__file__).resolve().parents[1] / "resources" / "self_test"
#: The dcmtk command that compresses each sample (input and output file names follow).
DCMTK = {
    "jpeg_lossless_sv1.dcm": ["dcmcjpeg", "+e1"],
    "jpeg_baseline.dcm": ["dcmcjpeg", "+eb", "+q", "95"],
    "jpeg_ls_lossless.dcm": ["dcmcjpls", "+el"],
    "rle_lossless.dcm": ["dcmcrle"],
}


def uncompressed(name: str, bits: int, study_uid: str, number: int) -> Dataset:
    """A small MR image with the sample's pixels, no patient data."""
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MRImageStorage
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID = MRImageStorage
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientName = "Decoder^Sample"
    ds.PatientID = "DECODER-SAMPLE"
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = generate_uid()
    ds.StudyDescription = "ILC Viewer self-test decoder samples"
    ds.SeriesDescription = name
    ds.SeriesNumber = number
    ds.InstanceNumber = 1
    ds.Modality = "MR"
    ds.ImagePositionPatient = [0.0, 0.0, 0.0]
    ds.ImageOrientationPatient = [0.0, 1.0, 0.0, 0.0, 0.0, -1.0]
    ds.PixelSpacing = [1.0, 1.0]
    ds.SliceThickness = 4.0
    pixels = expected_pixels(bits)
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated = 8 if bits <= 8 else 16
    ds.BitsStored = bits
    ds.HighBit = bits - 1
    ds.PixelRepresentation = 0
    ds.PixelData = (pixels.astype("uint8") if bits <= 8 else pixels).tobytes()
    return ds


def main() -> None:
    """Write every sample into :data:`OUT`."""
    OUT.mkdir(parents=True, exist_ok=True)
    study_uid = generate_uid()
    with tempfile.TemporaryDirectory() as work:
        for number, sample in enumerate(SAMPLES, start=1):
            ds = uncompressed(sample.name, sample.bits, study_uid, number)
            target = OUT / sample.file
            if sample.file in DCMTK:
                source = Path(work) / sample.file
                ds.save_as(source, enforce_file_format=True)
                subprocess.run([*DCMTK[sample.file], str(source), str(target)], check=True)
            else:  # JPEG 2000 by OpenJPEG
                ds.compress(JPEG2000Lossless, encoding_plugin="pylibjpeg")
                ds.save_as(target, enforce_file_format=True)
            print(f"{target}: {dcmread(target).file_meta.TransferSyntaxUID.name}, "
                  f"{target.stat().st_size} bytes")


if __name__ == "__main__":
    main()
