"""Check a header's image size against what its file can hold, before anything trusts it.

A damaged header can claim anything: -1 or 2,147,483,647 frames, a 65535 x 65535 image, half
the pixel data it says. :func:`frames_the_file_holds` checks those values against the pixel
data element's length and the file's size, so the index never builds millions of slices, a
decoder never allocates gigabytes, and a cut file is skipped with its reason instead of
being counted as a slice (issue 10: "truncated: 265,775 of 524,288 bytes of pixel data").
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

from ilc_viewer.dicom.damage import Damage, extra_data, incomplete, shifted
from ilc_viewer.dicom.header_scan import PixelElement
from ilc_viewer.words.catalogue import _

#: The biggest decoded frame we accept (bytes): 16k x 16k at 16 bits. A header asking for
#: more is damaged, or not an image this viewer is for; refusing it keeps memory bounded.
MAX_FRAME_BYTES = 1 << 29
#: Bytes every compressed frame takes at least: its item tag and length.
_ITEM_HEADER = 8
_BITS = (1, 8, 16, 32, 64)
_LONG_VRS = {b"OB", b"OW", b"OF", b"OD", b"OL", b"OV", b"SQ", b"UC", b"UN", b"UR", b"UT"}


class BadPixelHeader(Exception):
    """The header's image values cannot describe this file's pixel data; the plain reason."""


@dataclass(frozen=True)
class PixelLayout:
    """How one file's pixel data is laid out, checked against the file."""

    frames: int
    bits_allocated: int
    frame_bytes: int
    frame_bits: int
    #: Where the pixel data's value starts (-1 when unknown, e.g. a deflated file).
    offset: int
    #: The declared length of the value (``None`` for compressed data).
    length: int | None
    #: Bytes of the value that the file really holds.
    present: int


def frames_the_file_holds(
    pixel: PixelElement,
    file_size: int,
    *,
    rows: int,
    columns: int,
    samples: int,
    frames: int | None,
    bits_allocated: int | None,
) -> PixelLayout:
    """Check the image values against the file; raise :class:`BadPixelHeader` if they lie."""
    if frames is not None and frames < 1:
        raise BadPixelHeader(_("damaged header: Number of Frames is {count:,}", count=frames))
    count = frames or 1
    bits = bits_allocated if bits_allocated is not None else 16
    if bits not in _BITS:
        raise BadPixelHeader(_("damaged header: Bits Allocated is {bits}", bits=bits))
    if rows < 1 or columns < 1:
        raise BadPixelHeader(_("damaged header: image size {rows} x {columns}", rows=rows,
                                columns=columns))
    frame_bits = rows * columns * samples * bits
    frame_bytes = (frame_bits + 7) // 8
    if frame_bytes > MAX_FRAME_BYTES:
        raise BadPixelHeader(
            _("image too large to show: {rows:,} x {columns:,} pixels of {bits} bits",
              rows=rows, columns=columns, bits=bits)
        )
    if pixel.offset < 0:  # a deflated file: its pixel data is checked when decoded
        return PixelLayout(count, bits, frame_bytes, frame_bits, -1, None, 0)
    available = max(0, file_size - pixel.offset)
    if pixel.encapsulated:
        # Each frame is at least one fragment, after the Basic Offset Table item.
        most = max(0, (available - _ITEM_HEADER) // _ITEM_HEADER)
        if count > most:
            raise BadPixelHeader(
                _("damaged header: Number of Frames is {count:,} but the compressed data can "
                  "hold at most {most:,}", count=count, most=most)
            )
        return PixelLayout(count, bits, frame_bytes, frame_bits, pixel.offset, None, available)
    present = min(pixel.length, available)
    expected = (frame_bits * count + 7) // 8
    if present < expected:
        whole_frames = present * 8 // frame_bits
        if count > 1 and whole_frames >= 1 and pixel.length < expected:
            raise BadPixelHeader(
                _("damaged header: Number of Frames is {count:,} but the pixel data holds "
                  "{frames:,}", count=count, frames=whole_frames)
            )
        raise BadPixelHeader(_("truncated: {present:,} of {expected:,} bytes of pixel data",
                                present=present, expected=expected))
    return PixelLayout(count, bits, frame_bytes, frame_bits, pixel.offset, pixel.length, present)


def native_damage(
    layout: PixelLayout, tail: bytes | None, *, implicit: bool, little: bool
) -> Damage | None:
    """Damage of uncompressed pixel data that is all there: too long, or not ending right.

    The value must be exactly the image's size (one pad byte allowed) and all in the file
    (a lost byte where only the pad byte was spare still leaves enough), and whatever follows
    it must be whole DICOM elements (trailing padding, signatures) up to the file's end:
    bytes inserted into or lost from the middle of the pixel data show up there.
    """
    if layout.length is None or layout.offset < 0:
        return None
    expected = _image_bytes(layout)
    if layout.length > expected + 1:
        extra = layout.length - expected
        return extra_data(extra, f"pixel data is {layout.length:,} bytes, the image needs "
                                 f"{expected:,} ({extra:,} extra)")
    if layout.present < layout.length:  # enough for the image, yet the file ends early
        return shifted(f"the file ends {layout.length - layout.present:,} bytes before its "
                       "pixel data does: bytes were lost from the pixel data or its end")
    if tail and not _whole_elements(tail, implicit, little):
        return shifted(f"{len(tail):,} bytes after the pixel data are not DICOM elements: "
                       "bytes were inserted into or removed from the pixel data")
    return None


def _image_bytes(layout: PixelLayout) -> int:
    if layout.bits_allocated == 1:  # frames of 1-bit images are packed with no padding
        return (layout.frame_bits * layout.frames + 7) // 8
    return layout.frame_bytes * layout.frames


def _may_follow_pixels(group: int) -> bool:
    """Groups found after the pixel data: its own, private ones, signatures, padding."""
    return group == 0x7FE0 or group % 2 == 1 or group in (0xFFFA, 0xFFFC)


def deflated_damage(data: bytes, limit: int) -> Damage | None:
    """Damage of a deflated file (``data``: the whole file), seen in its inflated data set.

    Raw deflate has no checksum, but many writers (zlib's gzip mode, pydicom's own test
    file) add a gzip trailer after it: a CRC-32 and the inflated size, checked when there.
    Whatever follows the pixel data must be whole elements, as in an uncompressed file.
    Inflates at most ``limit`` bytes.
    """
    if len(data) < 144 or data[128:132] != b"DICM" or data[132:136] != b"\x02\x00\x00\x00":
        return None
    start = 144 + struct.unpack_from("<I", data, 140)[0]
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        body = inflater.decompress(data[start:], limit)
    except zlib.error as exc:
        return shifted(f"the deflated data cannot be inflated: {exc}")
    if not inflater.eof:
        if inflater.unconsumed_tail:
            return None  # larger than the bound: checked by the decoder's own limits
        return Damage("compressed_damaged", "the deflated data ends before its last block")
    trailer = inflater.unused_data
    if len(trailer) >= 8 and struct.unpack_from("<I", trailer, 4)[0] == len(body) & 0xFFFFFFFF:
        crc = struct.unpack_from("<I", trailer)[0]
        if crc != zlib.crc32(body):
            return Damage("compressed_damaged",
                          f"the deflated data fails its CRC-32 ({zlib.crc32(body):08x}, "
                          f"the file says {crc:08x})")
    at = max(body.rfind(b"\xe0\x7f\x10\x00OB"), body.rfind(b"\xe0\x7f\x10\x00OW"))
    if at >= 0 and at + 12 <= len(body):
        length = struct.unpack_from("<I", body, at + 8)[0]
        tail = body[at + 12 + length :] if length != 0xFFFFFFFF else b""
        if at + 12 + length > len(body) and length != 0xFFFFFFFF:
            return incomplete(max(0, len(body) - at - 12), length,
                              "the inflated pixel data is shorter than its length")
        if tail and not _whole_elements(tail, implicit=False, little=True):
            return shifted(f"{len(tail):,} bytes after the inflated pixel data are not DICOM "
                           "elements")
    return None


def _whole_elements(tail: bytes, implicit: bool, little: bool) -> bool:
    """True if ``tail`` is elements after the pixel data (padding, signatures) to the end.

    Not even zero bytes are taken as padding: bytes inserted into the pixel data push its
    last bytes, often zeros of the black border, past the value's end.
    """
    order = "<" if little else ">"
    pos, last = 0, 0x7FE00010
    while pos < len(tail):
        if pos + 8 > len(tail):
            return False
        group, element = struct.unpack_from(order + "HH", tail, pos)
        tag = group << 16 | element
        if tag <= last or group < 0x7FE0 or not _may_follow_pixels(group):
            return False
        last = tag
        if implicit:
            length = struct.unpack_from(order + "I", tail, pos + 4)[0]
            pos += 8 + length
        elif tail[pos + 4 : pos + 6] in _LONG_VRS:
            if pos + 12 > len(tail):
                return False
            pos += 12 + struct.unpack_from(order + "I", tail, pos + 8)[0]
        else:
            pos += 8 + struct.unpack_from(order + "H", tail, pos + 6)[0]
    return pos == len(tail)
