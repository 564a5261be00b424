"""A fast, strict reader of the plain DICOM header layout, for indexing thousands of files.

:func:`scan_header` walks the elements of a Part 10 file (preamble, ``DICM``, explicit VR
little endian file meta, then an implicit or explicit VR little endian data set) and keeps
each top-level value as raw bytes, stopping at the pixel data. It does none of pydicom's
per-element work (tag objects, ``RawDataElement`` tuples, ``Dataset`` attributes): a scan of
a typical MR header costs a fraction of ``dcmread(stop_before_pixels=True)``.

It is deliberately strict: for anything outside that plain layout (no preamble, big endian,
deflate, a command set, a VR that is not one of the standard two letters, a value running
past the bytes given, an undefined length that is not a sequence, the data set switching
between implicit and explicit VR) it returns ``None`` and the caller falls back to pydicom,
which has the forgiving rules for odd files. The raw values it returns are byte-for-byte the
ones pydicom would store, so converting them gives the same values.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

from pydicom.charset import convert_encodings, default_encoding
from pydicom.datadict import dictionary_VR
from pydicom.dataelem import RawDataElement, convert_raw_data_element, empty_value_for_VR
from pydicom.dataset import Dataset
from pydicom.tag import BaseTag
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ImplicitVRLittleEndian,
    PrivateTransferSyntaxes,
)
from pydicom.valuerep import EXPLICIT_VR_LENGTH_32, VR

#: Where the scan stops (the same tags as pydicom's ``stop_before_pixels``).
PIXEL_TAGS = frozenset({0x7FE00010, 0x7FE00008, 0x7FE00009})
_VALID_VRS = {vr.encode("ascii"): str(vr) for vr in VR}
_LONG_VRS = {str(vr) for vr in EXPLICIT_VR_LENGTH_32}
_ITEM, _ITEM_END, _SEQUENCE_END = 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD
_UNDEFINED = 0xFFFFFFFF
_EXPLICIT = struct.Struct("<HH2sH")
_IMPLICIT = struct.Struct("<HHI")
_LENGTH32 = struct.Struct("<I")
#: Transfer syntaxes whose data set is not plain little endian (or that pydicom treats apart).
_NOT_PLAIN = {ExplicitVRBigEndian, DeflatedExplicitVRLittleEndian}
#: Specific Character Set values already checked (a study has one or two).
_charsets_seen: set[bytes] = set()


class HeaderIncomplete(Exception):
    """The bytes given end before the pixel data: scan the whole file."""


class _Unusual(Exception):
    """The bytes leave the plain layout: let pydicom read this file."""


class _Short(_Unusual):
    """The bytes end inside an element."""


@dataclass(slots=True)
class ScannedHeader:
    """The raw top-level elements of one file, keyed by plain ``int`` tags.

    Each value is ``(VR, raw bytes, offset of the value)``; the VR is ``None`` for implicit
    VR files (look it up in the dictionary). Undefined-length sequences are skipped over and
    stored with ``None`` as bytes: they are present, but this reader never decodes them.
    """

    elements: dict[int, tuple[str | None, bytes | None, int]]
    meta: dict[int, tuple[str | None, bytes | None, int]]
    implicit: bool
    has_pixels: bool
    _dataset: Dataset | None = None

    def dataset(self) -> Dataset:
        """The elements as a pydicom :class:`Dataset`, for values only pydicom can decode.

        Built on first use with the same raw elements and encoding a ``dcmread`` gives, so a
        value converted here equals the one converted from ``dcmread``'s dataset.
        """
        if self._dataset is None:
            raw = {}
            for tag, (vr, value, tell) in self.elements.items():
                if value is None:
                    continue  # a skipped sequence: never decoded through this reader
                key = BaseTag(tag)
                length = len(value)
                stored = value if length else empty_value_for_VR(vr, raw=True)
                raw[key] = RawDataElement(key, vr, length, stored, tell, self.implicit, True)
            ds = Dataset(raw)
            # What dcmread's read_partial does once the data set is read.
            ds.set_original_encoding(self.implicit, True, ds._character_set)
            self._dataset = ds
        return self._dataset


def scan_header(data: bytes, whole: bool) -> ScannedHeader | None:
    """Scan a Part 10 header from ``data``; ``None`` when pydicom must read it instead.

    ``whole`` says that ``data`` is the whole file. When it is not, and the bytes end
    before the pixel data, :class:`HeaderIncomplete` is raised: scan the whole file.
    """
    try:
        return _scan(data, whole)
    except HeaderIncomplete:
        raise
    except Exception:  # anything odd: pydicom's reading decides what the file is
        return None


def _scan(data: bytes, whole: bool) -> ScannedHeader | None:
    if len(data) < 144 or data[128:132] != b"DICM":
        return None
    meta: dict[int, tuple[str | None, bytes | None, int]] = {}
    pos, _ = _elements(data, 132, False, meta, group=2)
    syntax_raw = meta.get(0x00020010)
    if not meta or syntax_raw is None or not syntax_raw[1]:
        return None
    syntax = syntax_raw[1].decode("ascii").rstrip("\x00 ")
    if syntax in _NOT_PLAIN or syntax in PrivateTransferSyntaxes:
        return None
    implicit = syntax == ImplicitVRLittleEndian
    if len(data) < pos + 8:
        return None  # nothing after the file meta: leave the odd case to pydicom
    group = data[pos] | data[pos + 1] << 8
    vr_bytes = data[pos + 4 : pos + 6]
    looks_implicit = not (0x40 < vr_bytes[0] < 0x5B and 0x40 < vr_bytes[1] < 0x5B)
    if group == 0 or looks_implicit != implicit:
        return None  # a command set, or a data set not in its declared VR encoding
    elements: dict[int, tuple[str | None, bytes | None, int]] = {}
    try:
        _, has_pixels = _elements(data, pos, implicit, elements)
    except _Short:
        if whole:
            return None  # a truncated file: pydicom's partial read words the reason
        raise HeaderIncomplete from None
    if not has_pixels and not whole:
        raise HeaderIncomplete
    if not elements:
        return None
    _check_charset(elements)
    return ScannedHeader(elements, meta, implicit, has_pixels)


def _elements(
    data: bytes,
    pos: int,
    implicit: bool,
    out: dict[int, tuple[str | None, bytes | None, int]] | None,
    group: int | None = None,
    in_item: bool = False,
) -> tuple[int, bool]:
    """Read elements from ``pos``; return where they end and whether pixel data follows.

    Top level (``out`` given) ends at the pixel data or the end of ``data``; the file meta
    (``group=2``) at the first element of another group; an item's data set (``in_item``)
    at its Item Delimitation. Raises :class:`_Unusual` for anything else odd.
    """
    end = len(data)
    explicit_unpack = _EXPLICIT.unpack_from
    implicit_unpack = _IMPLICIT.unpack_from
    long_unpack = _LENGTH32.unpack_from
    valid_vrs, long_vrs = _VALID_VRS, _LONG_VRS
    while pos < end:
        if pos + 8 > end:
            raise _Short("element header cut short")
        if implicit:
            g, e, length = implicit_unpack(data, pos)
            vr = None
            start = pos + 8
        else:
            g, e, vr_raw, length = explicit_unpack(data, pos)
            if group is not None and g != group:
                return pos, False
            vr = valid_vrs.get(vr_raw)
            if vr is None:
                if g == 0xFFFE:
                    g, e, length = implicit_unpack(data, pos)  # delimiters carry no VR
                else:
                    raise _Unusual("not a standard VR")
            if vr in long_vrs:
                if pos + 12 > end:
                    raise _Short("element header cut short")
                length = long_unpack(data, pos + 8)[0]
                start = pos + 12
            else:
                start = pos + 8
        tag = g << 16 | e
        if group is not None and g != group:
            return pos, False
        if in_item and tag == _ITEM_END:
            return start, False
        if g == 0xFFFE:
            raise _Unusual("delimiter out of place")
        if out is not None and tag in PIXEL_TAGS:
            return pos, True
        if length == _UNDEFINED:
            if (vr if vr is not None else _dictionary_vr(tag)) != "SQ":
                raise _Unusual("undefined length outside a sequence")
            pos = _skip_sequence(data, start, implicit)
            if out is not None:
                out[tag] = ("SQ" if vr is None else vr, None, start)
            continue
        pos = start + length
        if pos > end:
            raise _Short("value runs past the bytes read")
        if out is not None:
            # Defined-length sequences stay raw too, as pydicom keeps them until asked.
            out[tag] = (vr, data[start:pos], start)
    if in_item or group is not None:
        raise _Short("data ends inside an item or the file meta")
    return pos, False


def _skip_sequence(data: bytes, pos: int, implicit: bool) -> int:
    """Skip an undefined-length sequence's items; return the position after its delimiter."""
    while pos + 8 <= len(data):
        g, e, length = _IMPLICIT.unpack_from(data, pos)
        tag = g << 16 | e
        if tag == _SEQUENCE_END:
            return pos + 8
        if tag != _ITEM:
            raise _Unusual("a sequence holds something other than items")
        if length == _UNDEFINED:
            pos, _ = _elements(data, pos + 8, implicit, None, in_item=True)
        else:
            pos += 8 + length
    raise _Short("sequence runs past the bytes read")


def _dictionary_vr(tag: int) -> str | None:
    try:
        return dictionary_VR(tag)
    except KeyError:
        return None


def _check_charset(elements: dict[int, tuple[str | None, bytes | None, int]]) -> None:
    """Decode the Specific Character Set as dcmread does, so a value it fails on fails here."""
    charset = elements.get(0x00080005)
    if charset is None or charset[1] in _charsets_seen:
        return
    raw = charset[1] or b""
    element = RawDataElement(BaseTag(0x00080005), charset[0], len(raw), raw, 0, False, True)
    value = convert_raw_data_element(element, encoding=default_encoding).value
    convert_encodings(value)
    _charsets_seen.add(raw)
