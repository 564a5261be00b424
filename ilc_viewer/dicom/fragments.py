"""Check compressed (encapsulated) pixel data before any decoder is trusted with it.

Decoders of JPEG Lossless and JPEG-LS happily "decode" a cut stream into a full-size image
of noise, and the RLE decoder panics on some corrupt runs. :func:`checked_frame` therefore
walks the fragments of the pixel data (PS3.5 A.4) with bounded reads, checks them against
the file's size and the Basic Offset Table, picks frame ``index``'s bytes, and checks what
can be checked without decoding: the end-of-image marker (FFD9) of JPEG-family and JPEG 2000
streams, the picture size and components the stream declares, and the RLE header. Anything
wrong raises :class:`FrameDamaged` with a :class:`~ilc_viewer.dicom.damage.Damage`.
"""

from __future__ import annotations

import struct
from itertools import pairwise
from typing import BinaryIO

from ilc_viewer.dicom.damage import Damage, incomplete
from ilc_viewer.dicom.lossless import LosslessScan
from ilc_viewer.dicom.streams import StreamDamaged, check_j2k, check_jpeg, check_rle_segments

_ITEM, _SEQUENCE_END = 0xFFFEE000, 0xFFFEE0DD
JPEG_SYNTAXES = frozenset(
    {f"1.2.840.10008.1.2.4.{n}" for n in (50, 51, 57, 70, 80, 81)}
)
J2K_SYNTAXES = frozenset(
    {f"1.2.840.10008.1.2.4.{n}" for n in (90, 91, 201, 202, 203)}
)
RLE_SYNTAX = "1.2.840.10008.1.2.5"
JPEG_LS_SYNTAXES = frozenset({"1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"})
#: Start-of-frame markers carrying the picture size (JPEG and JPEG-LS's SOF55).
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF, 0xF7}


class FrameDamaged(Exception):
    """A compressed frame fails a check; ``damage`` says which."""

    def __init__(self, damage: Damage) -> None:
        self.damage = damage
        super().__init__(damage.detail)


def _damaged(detail: str) -> FrameDamaged:
    return FrameDamaged(Damage("compressed_damaged", detail))


def read_fragments(fh: BinaryIO, offset: int, file_size: int) -> tuple[list[int], list[bytes]]:
    """The Basic Offset Table and every fragment, read with bounds from the file."""
    fh.seek(offset)
    data = fh.read(file_size - offset)
    items: list[tuple[int, bytes]] = []
    pos = 0
    while pos + 8 <= len(data):
        group, element, length = struct.unpack_from("<HHI", data, pos)
        tag = group << 16 | element
        if tag == _SEQUENCE_END:
            break
        if tag != _ITEM:
            raise _damaged(f"compressed data broken at byte {offset + pos:,}: no fragment item")
        end = pos + 8 + length
        if end > len(data):
            present = max(0, len(data) - pos - 8)
            raise FrameDamaged(
                incomplete(
                    present,
                    length,
                    f"fragment at byte {offset + pos:,} declares {length:,} bytes, "
                    f"the file holds {present:,}",
                )
            )
        items.append((pos, data[pos + 8 : end]))
        pos = end
    else:
        if pos != len(data):
            raise _damaged("compressed data ends inside a fragment header")
    if not items:
        raise _damaged("no Basic Offset Table item in the compressed data")
    bot_raw = items[0][1]
    if len(bot_raw) % 4:
        raise _damaged(f"Basic Offset Table of {len(bot_raw)} bytes is not a multiple of 4")
    bot = list(struct.unpack(f"<{len(bot_raw) // 4}I", bot_raw))
    fragments = [raw for _, raw in items[1:]]
    if not fragments:
        raise _damaged("compressed data has no fragments")
    # Where each fragment's item starts, relative to the first fragment (as the BOT counts).
    first = items[1][0]
    starts = [p - first for p, _ in items[1:]]
    if bot:
        _check_offsets(bot, starts)
    return bot, fragments if not bot else _by_offsets(bot, starts, fragments)


def _check_offsets(bot: list[int], starts: list[int]) -> None:
    known = set(starts)
    if bot[0] != 0 or any(b <= a for a, b in pairwise(bot)):
        raise _damaged(f"Basic Offset Table is not increasing from 0: {bot[:8]}")
    missing = [o for o in bot if o not in known]
    if missing:
        raise _damaged(f"Basic Offset Table points between fragments (offset {missing[0]:,})")


def _by_offsets(bot: list[int], starts: list[int], fragments: list[bytes]) -> list[bytes]:
    """Join fragments into one byte string per frame, as the offset table says."""
    frames = []
    index = {start: k for k, start in enumerate(starts)}
    bounds = [index[o] for o in bot] + [len(fragments)]
    for a, b in pairwise(bounds):
        frames.append(b"".join(fragments[a:b]))
    return frames


def frame_bytes(
    fh: BinaryIO, offset: int, file_size: int, index: int, frames: int, syntax: str
) -> bytes:
    """Frame ``index``'s compressed bytes, after the structure checks."""
    bot, parts = read_fragments(fh, offset, file_size)
    if bot:
        if len(parts) != frames:
            raise _damaged(
                f"Basic Offset Table lists {len(parts)} frames, the header says {frames}"
            )
        return parts[index]
    if frames == 1:
        return b"".join(parts)
    if len(parts) == frames:
        return parts[index]
    if syntax in JPEG_SYNTAXES or syntax in J2K_SYNTAXES:
        joined: list[bytes] = []
        current = b""
        for part in parts:
            current += part
            if _ends_with_eoi(part):
                joined.append(current)
                current = b""
        if current:
            joined.append(current)
        if len(joined) == frames:
            return joined[index]
    raise _damaged(f"{len(parts)} fragments cannot be split into {frames} frames")


def _ends_with_eoi(data: bytes) -> bool:
    # One pad byte may follow the marker to make the fragment even: 00 as PS3.5 A.4 says,
    # or FF (a JPEG fill byte) as some writers do (pydicom's examples_jpeg2k.dcm, an
    # ultrasound image every decoder reads).
    tail = data[-3:]
    return tail[-2:] == b"\xff\xd9" or (tail[:2] == b"\xff\xd9" and tail[2:] in (b"\x00",
                                                                                b"\xff"))


def check_frame(
    data: bytes, syntax: str, *, rows: int, columns: int, samples: int, bits_allocated: int,
    exact_bits: bool = True, walk_colour: bool = True,
) -> LosslessScan | None:
    """Checks of one compressed frame before decoding; raise :class:`FrameDamaged`.

    Returns a JPEG Lossless scan to prove against the decoded picture
    (:func:`ilc_viewer.dicom.lossless.verify`), when there is one. ``walk_colour`` walks a
    colour JPEG's blocks (see :func:`ilc_viewer.dicom.streams.check_jpeg`).
    """
    try:
        return _check_frame(data, syntax, rows=rows, columns=columns, samples=samples,
                            bits_allocated=bits_allocated, exact_bits=exact_bits,
                            walk_colour=walk_colour)
    except StreamDamaged as exc:
        raise FrameDamaged(exc.damage) from None


def _check_frame(
    data: bytes, syntax: str, *, rows: int, columns: int, samples: int, bits_allocated: int,
    exact_bits: bool, walk_colour: bool,
) -> LosslessScan | None:
    if syntax in JPEG_SYNTAXES or syntax in J2K_SYNTAXES:
        if not _ends_with_eoi(data):
            raise FrameDamaged(
                Damage("compressed_damaged", "no end-of-image marker (FFD9): the data is cut")
            )
        size = _jpeg_size(data) if syntax in JPEG_SYNTAXES else _j2k_size(data)
        if size is None:
            raise _damaged("no picture size marker in the compressed data")
        height, width, components = size
        if (height and height != rows) or width != columns or components != samples:
            raise FrameDamaged(
                Damage(
                    "size_mismatch",
                    f"the stream holds {width} x {height} x {components}, the header says "
                    f"{columns} x {rows} x {samples}",
                    (("found", f"{width} x {height}"), ("expected", f"{columns} x {rows}")),
                )
            )
        if syntax in J2K_SYNTAXES:
            check_j2k(data)
            return None
        return check_jpeg(data, ls=syntax in JPEG_LS_SYNTAXES, exact_bits=exact_bits,
                          walk_colour=walk_colour)
    if syntax == RLE_SYNTAX:
        offsets = _check_rle(data, samples * max(1, bits_allocated // 8))
        check_rle_segments(data, offsets, rows * columns)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int, int] | None:
    """(height, width, components) from the first start-of-frame marker."""
    if data[:2] != b"\xff\xd8":
        return None
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        (length,) = struct.unpack_from(">H", data, pos + 2)
        if marker in _SOF:
            if pos + 10 > len(data):
                return None
            height, width = struct.unpack_from(">HH", data, pos + 5)
            return height, width, data[pos + 9]
        pos += 2 + length
    return None


def _j2k_size(data: bytes) -> tuple[int, int, int] | None:
    """(height, width, components) from a JPEG 2000 codestream's SIZ marker."""
    at = data.find(b"\xff\x4f\xff\x51")  # SOC then SIZ (also inside a JP2 wrapper)
    if at < 0 or at + 42 > len(data):
        return None
    xsiz, ysiz, xo, yo = struct.unpack_from(">IIII", data, at + 8)
    (components,) = struct.unpack_from(">H", data, at + 40)
    return ysiz - yo, xsiz - xo, components


def _check_rle(data: bytes, segments_due: int) -> list[int]:
    """The RLE header (PS3.5 G.5): segment count and offsets inside the frame."""
    if len(data) < 64:
        raise _damaged(f"RLE frame of {len(data)} bytes is shorter than its header")
    header = struct.unpack_from("<16I", data)
    count, offsets = header[0], header[1 : 1 + min(header[0], 15)]
    if count != segments_due:
        raise _damaged(f"RLE header lists {count} segments, the image needs {segments_due}")
    if offsets[0] != 64 or any(b <= a for a, b in pairwise(offsets)):
        raise _damaged(f"RLE segment offsets are out of order: {list(offsets)}")
    if offsets[-1] >= len(data):
        raise _damaged(f"RLE segment starts at {offsets[-1]:,}, past the frame's end")
    return list(offsets)
