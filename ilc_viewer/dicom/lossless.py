"""Prove a decoded JPEG Lossless picture is exactly what its stream encodes (T.81 H.1).

A lossless stream is a Huffman code and its extra bits per sample: the difference between
the sample and its prediction from the neighbours. Bytes inserted into or removed from the
entropy data make a decoder (pylibjpeg's libjpeg or GDCM's) run on through noise, and both
quietly keep the low bits of whatever comes out. :func:`verify` encodes the decoded picture
again, with the stream's own predictor and Huffman table, all in numpy: every sample's code
and extra bits must be found at its place in the stream, and the last one must end in the
stream's last byte. So a picture passes only if the stream is exactly its encoding, with
no data left over, none missing, and no sample wrapped around by damaged differences.

Grey-scale single-scan streams without restart intervals are proved here; others are
walked code by code for their length in :mod:`ilc_viewer.dicom.streams`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


class NotTheStream(Exception):
    """The decoded picture is not what the stream encodes; the technical reason."""


@dataclass(frozen=True)
class LosslessScan:
    """What :func:`verify` needs from a stream: its parameters and its entropy data."""

    precision: int
    rows: int
    columns: int
    predictor: int
    point_transform: int
    #: Huffman code and code length of each difference category SSSS (0-16); length 0 = none.
    codes: tuple[int, ...]
    lengths: tuple[int, ...]
    #: The scan's entropy-coded data with the stuffed zero bytes removed.
    data: bytes


def huffman_codes(counts: bytes, values: bytes) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(code, length) of every category from a DHT table's BITS and HUFFVAL (T.81 C)."""
    codes, lengths = [0] * 17, [0] * 17
    code, k = 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            symbol = values[k] if k < len(values) else 255
            if symbol <= 16:
                codes[symbol], lengths[symbol] = code, length
            code += 1
            k += 1
        code <<= 1
    return tuple(codes), tuple(lengths)


#: Bits of each magnitude 0..32768 (the difference category SSSS, T.81 Table H.2).
_CATEGORY = np.zeros(0x8001, dtype=np.int32)
for _bits in range(1, 17):
    _CATEGORY[1 << (_bits - 1) : min(1 << _bits, 0x8001)] = _bits


def _predictions(x: np.ndarray, predictor: int, first: int) -> np.ndarray:
    """Each sample's prediction from its decoded neighbours (T.81 H.1.2.1, Table H.1)."""
    p = np.empty_like(x)
    if predictor == 1:
        p[:, 1:] = x[:, :-1]
    elif predictor == 2:
        p[1:, :] = x[:-1, :]
    else:
        ra, rb, rc = x[1:, :-1], x[:-1, 1:], x[:-1, :-1]
        if predictor == 3:
            inner = rc
        elif predictor == 4:
            inner = ra + rb - rc
        elif predictor == 5:
            inner = ra + ((rb - rc) >> 1)
        elif predictor == 6:
            inner = rb + ((ra - rc) >> 1)
        else:
            inner = (ra + rb) >> 1
        p[1:, 1:] = inner
    p[0, 1:] = x[0, :-1]  # the first line: the sample to the left
    p[1:, 0] = x[:-1, 0]  # the first column: the sample above
    p[0, 0] = first
    return p


def verify(scan: LosslessScan, decoded: np.ndarray) -> None:
    """Raise :class:`NotTheStream` unless ``scan.data`` is exactly ``decoded``'s encoding."""
    if decoded.shape != (scan.rows, scan.columns):
        raise NotTheStream(f"decoded {decoded.shape}, the stream says "
                           f"{scan.rows} x {scan.columns}")
    bits_p = scan.precision - scan.point_transform
    unsigned = decoded.view(f"u{decoded.dtype.itemsize}") if decoded.dtype.kind == "i" \
        else decoded
    x = unsigned.astype(np.int32)
    if scan.precision < 8 * decoded.dtype.itemsize:
        x &= (1 << scan.precision) - 1
    if scan.point_transform:
        x >>= scan.point_transform
    diff = (x - _predictions(x, scan.predictor, 1 << (bits_p - 1))).ravel()
    diff &= 0xFFFF
    diff -= (diff >= 0x8000) * 0x10000  # the difference modulo 2**16, signed (H.1.2.1)
    ssss = _CATEGORY[np.abs(diff)]
    lengths = np.asarray(scan.lengths, dtype=np.int32)[ssss]
    if not lengths.all():
        raise NotTheStream("a difference has no Huffman code in the stream's table")
    extra_bits = ssss - (ssss == 16) * 16  # category 16 has no extra bits
    diff -= diff < 0  # a negative difference is sent as its low bits minus one (F.1.2.1.1)
    diff &= (1 << extra_bits) - 1
    width = lengths + extra_bits
    expected = np.asarray(scan.codes, dtype=np.int32)[ssss] << extra_bits
    expected |= diff
    ends = np.cumsum(width, dtype=np.int64)
    total = int(ends[-1])
    size = len(scan.data)
    if total > 8 * size or 8 * size - total >= 8:
        raise NotTheStream(f"the picture's encoding takes {total:,} bits, the stream holds "
                           f"{8 * size:,}")
    found = _bits_at(scan.data, ends - width, width)
    wrong = np.flatnonzero(found != expected)
    if wrong.size:
        k = int(wrong[0])
        raise NotTheStream(f"sample {k:,} (row {k // scan.columns}) is not what the stream "
                           "encodes there: the data was damaged")


def _bits_at(data: bytes, starts: np.ndarray, width: np.ndarray) -> np.ndarray:
    """The ``width`` bits (at most 31) at each bit position ``starts`` of ``data``."""
    raw = np.frombuffer(data + b"\x00" * 8, dtype=np.uint8)
    byte = starts >> 3
    word = raw[byte].astype(np.uint64)
    for k in range(1, 5):  # 40 bits from each start's byte: enough for 7 + 31
        word <<= np.uint64(8)
        word |= raw[byte + k]
    shift = (40 - (starts & 7) - width).astype(np.uint64)
    return (word >> shift).astype(np.int64) & ((np.int64(1) << width) - 1)
