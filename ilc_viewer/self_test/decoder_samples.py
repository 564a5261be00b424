"""Tiny compressed images the self-test decodes, one per transfer syntax clinics send.

The files are in the bundled resources (``resources/self_test/``), made by
``scripts/make_decoder_samples.py``: an uncompressed image written by pydicom, compressed by
other programs (dcmtk for JPEG, JPEG-LS and RLE, OpenJPEG for JPEG 2000), so the check
decodes what another implementation wrote. Their pixels follow :func:`expected_pixels`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Rows and columns of every sample image.
SIZE = (32, 40)


@dataclass(frozen=True)
class DecoderSample:
    """One sample file: its name, what it is called to people, and how exact it must be."""

    file: str
    name: str
    bits: int
    #: Largest mean difference from :func:`expected_pixels` accepted (0: lossless).
    tolerance: float = 0.0


SAMPLES = (
    DecoderSample("jpeg_lossless_sv1.dcm", "JPEG lossless", 12),
    DecoderSample("jpeg_baseline.dcm", "JPEG baseline", 8, tolerance=3.0),
    DecoderSample("jpeg_2000_lossless.dcm", "JPEG 2000", 12),
    DecoderSample("jpeg_ls_lossless.dcm", "JPEG-LS", 12),
    DecoderSample("rle_lossless.dcm", "RLE", 12),
)


def expected_pixels(bits: int, size: tuple[int, int] = SIZE) -> np.ndarray:
    """The stored values of a sample: an 8-bit smooth ramp, or a 12-bit pattern that uses
    every bit plane (so a decoder that drops or shifts bits is caught)."""
    rows, columns = np.mgrid[0:size[0], 0:size[1]]
    if bits <= 8:
        return (rows * 4 + columns * 3).astype(np.uint16)
    return ((rows * 173 + columns * 37 + (rows * columns) % 11) % 4096).astype(np.uint16)
