"""A fast, strict reader of the plain DICOM header layout, for indexing thousands of files.

:func:`scan_file` walks the elements of a Part 10 file (preamble, ``DICM``, explicit VR
little endian file meta, then an implicit or explicit VR little endian data set) and keeps
each top-level value as raw bytes, stopping at the pixel data. It does none of pydicom's
per-element work (tag objects, ``RawDataElement`` tuples, ``Dataset`` attributes): a scan of
a typical MR header costs a fraction of ``dcmread(stop_before_pixels=True)``.

The file is read through a small window (:class:`_Window`): one first read, then only the
bytes the scan still needs. A private block running past the first read (a Siemens CSA
header) is skipped with a seek, never read; a public value past it is read alone. Sequences
of undefined length (functional groups, vendors' private sequences) are walked item by item
and kept as raw bytes; their items are parsed only when a value inside is asked for
(:meth:`ScannedHeader.items`).

It is deliberately strict: for anything outside that plain layout (no preamble, big endian,
deflate, a command set, a VR that is not one of the standard two letters, a value running
past the end of the file, an undefined length that is not a sequence, the data set switching
between implicit and explicit VR) it returns ``None`` and the caller falls back to pydicom,
which has the forgiving rules for odd files. The raw values it returns are byte-for-byte the
ones pydicom would store, so converting them gives the same values.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import BinaryIO

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
#: The first read. Most headers fit; longer ones are completed a piece at a time.
FIRST_READ = 32 * 1024
#: The smallest later read: fewer system calls for headers a little past the first read.
MORE_READ = 8 * 1024
_VALID_VRS = {vr.encode("ascii"): str(vr) for vr in VR}
_LONG_VRS = {str(vr) for vr in EXPLICIT_VR_LENGTH_32}
_ITEM, _ITEM_END, _SEQUENCE_END = 0xFFFEE000, 0xFFFEE00D, 0xFFFEE0DD
_UNDEFINED = 0xFFFFFFFF
_EXPLICIT = struct.Struct("<HH2sH")
_IMPLICIT = struct.Struct("<HHI")
_LENGTH32 = struct.Struct("<I")
#: Transfer syntaxes whose data set is not plain little endian (or that pydicom treats apart).
_NOT_PLAIN = {ExplicitVRBigEndian, DeflatedExplicitVRLittleEndian}
#: Specific Character Set values already checked, and their encodings (a study has one or two).
_charsets: dict[bytes, list[str]] = {}

#: (VR, raw bytes, offset of the value); raw bytes are ``None`` for a sequence not kept.
Element = tuple[str | None, bytes | None, int]


class HeaderIncomplete(Exception):
    """The bytes given end before the pixel data: scan the whole file."""


class _Unusual(Exception):
    """The bytes leave the plain layout: let pydicom read this file."""


class _Short(_Unusual):
    """The file ends inside an element."""


@dataclass(frozen=True, slots=True)
class PixelElement:
    """Where the pixel data element lies: its tag, VR, declared length and value offset."""

    tag: int
    vr: str | None
    length: int
    offset: int

    @property
    def encapsulated(self) -> bool:
        """True for compressed (encapsulated) pixel data, which has an undefined length."""
        return self.length == _UNDEFINED


@dataclass(slots=True)
class ScannedHeader:
    """The raw top-level elements of one file, keyed by plain ``int`` tags.

    Each value is ``(VR, raw bytes, offset of the value)``; the VR is ``None`` for implicit
    VR files (look it up in the dictionary). Private sequences of undefined length are
    skipped over and stored with ``None`` as bytes: present, but never decoded here.
    """

    elements: dict[int, Element]
    meta: dict[int, Element]
    implicit: bool
    has_pixels: bool
    pixel: PixelElement | None = None
    #: Bytes in the file (or zip member).
    file_size: int = 0
    _items: dict[tuple[int, int], list[dict[int, Element]]] = field(default_factory=dict)
    _datasets: dict[int, Dataset] = field(default_factory=dict)

    @property
    def encodings(self) -> str | list[str]:
        """The Python encodings of the file's Specific Character Set (as pydicom's)."""
        charset = self.elements.get(0x00080005)
        if charset is None:
            return default_encoding
        return _charsets.get(charset[1] or b"", default_encoding)

    def items(self, elements: dict[int, Element], tag: int) -> list[dict[int, Element]]:
        """The items of sequence ``tag`` of ``elements`` as raw elements (parsed once)."""
        key = (id(elements), tag)
        parsed = self._items.get(key)
        if parsed is None:
            elem = elements.get(tag)
            raw = elem[1] if elem is not None else None
            parsed = self._items[key] = _parse_items(raw, self.implicit) if raw else []
        return parsed

    def dataset(self, elements: dict[int, Element] | None = None) -> Dataset:
        """Elements (the top level by default) as a pydicom :class:`Dataset`.

        For the values only pydicom can decode. Built on first use with the same raw
        elements and encoding a ``dcmread`` gives, so a value converted here equals the one
        converted from ``dcmread``'s data set.
        """
        elements = self.elements if elements is None else elements
        ds = self._datasets.get(id(elements))
        if ds is None:
            raw = {}
            for tag, (vr, value, tell) in elements.items():
                if value is None:
                    continue  # a private sequence skipped: never decoded through this reader
                key = BaseTag(tag)
                length = len(value)
                stored = value if length else empty_value_for_VR(vr, raw=True)
                raw[key] = RawDataElement(key, vr, length, stored, tell, self.implicit, True)
            ds = Dataset(raw)
            # What dcmread's read_partial does once the data set is read.
            ds.set_original_encoding(self.implicit, True, self.encodings)
            self._datasets[id(elements)] = ds
        return ds


def scan_header(data: bytes, whole: bool) -> ScannedHeader | None:
    """Scan a Part 10 header from ``data``; ``None`` when pydicom must read it instead.

    ``whole`` says that ``data`` is the whole file. When it is not, and the bytes end
    before the pixel data, :class:`HeaderIncomplete` is raised: scan the whole file.
    """
    return _guarded(_Window(data, None, len(data) if whole else None))


def scan_file(fh: BinaryIO, size: int, first: bytes | None = None) -> ScannedHeader | None:
    """Scan the header of an open file of ``size`` bytes, reading only what it needs.

    ``first`` is the file's start if already read. ``None`` when pydicom must read it.
    """
    if first is None:
        fh.seek(0)
        first = fh.read(FIRST_READ)
    return _guarded(_Window(first, fh, size))


def _guarded(window: _Window) -> ScannedHeader | None:
    try:
        return _scan(window)
    except HeaderIncomplete:
        raise
    except Exception:  # anything odd: pydicom's reading decides what the file is
        return None


class _Window:
    """Bytes of a file read on demand: ``data`` holds file bytes from offset ``base``."""

    __slots__ = ("base", "data", "fh", "size")

    def __init__(self, data: bytes, fh: BinaryIO | None, size: int | None) -> None:
        self.data, self.base, self.fh = data, 0, fh
        #: Bytes in the file; ``None`` when only ``data`` is known and more may follow.
        self.size = size

    def end(self) -> int:
        """Where the known bytes end: the file's end when known."""
        return self.size if self.size is not None else self.base + len(self.data)

    def need(self, pos: int, n: int) -> int:
        """Make bytes ``pos`` to ``pos + n`` available; return where ``pos`` is in ``data``."""
        i = pos - self.base
        if i >= 0 and i + n <= len(self.data):
            return i
        if self.size is not None and pos + n > self.size:
            raise _Short("the file ends inside an element")
        if self.fh is None:
            if self.size is None:
                raise HeaderIncomplete
            raise _Short("the file ends inside an element")
        if 0 <= i <= len(self.data):
            # Keep what is still ahead and read only the missing bytes.
            have = self.base + len(self.data)
            self.fh.seek(have)
            more = self.fh.read(max(pos + n - have, MORE_READ))
            self.data = self.data[i:] + more
        else:
            self.fh.seek(pos)
            self.data = self.fh.read(max(n, MORE_READ))
        self.base = pos
        if len(self.data) < n:
            raise _Short("the file ends inside an element")
        return 0

    def take(self, pos: int, n: int) -> bytes:
        """Bytes ``pos`` to ``pos + n``."""
        i = self.need(pos, n)
        return self.data[i : i + n]


def _scan(win: _Window) -> ScannedHeader | None:
    data = win.data
    if len(data) < 144 or data[128:132] != b"DICM":
        return None
    meta: dict[int, Element] = {}
    pos, _ = _elements(win, 132, False, meta, group=2)
    syntax_raw = meta.get(0x00020010)
    if not meta or syntax_raw is None or not syntax_raw[1]:
        return None
    syntax = syntax_raw[1].decode("ascii").rstrip("\x00 ")
    if syntax in _NOT_PLAIN or syntax in PrivateTransferSyntaxes:
        return None
    implicit = syntax == ImplicitVRLittleEndian
    if win.end() < pos + 8:
        if win.size is None:
            raise HeaderIncomplete
        return None  # nothing after the file meta: leave the odd case to pydicom
    head = win.take(pos, 8)
    group = head[0] | head[1] << 8
    looks_implicit = not (0x40 < head[4] < 0x5B and 0x40 < head[5] < 0x5B)
    if group == 0 or looks_implicit != implicit:
        return None  # a command set, or a data set not in its declared VR encoding
    elements: dict[int, Element] = {}
    try:
        _, pixel = _elements(win, pos, implicit, elements, top=True)
    except _Short:
        if win.size is None:
            raise HeaderIncomplete from None
        return None  # a truncated file: pydicom's partial read words the reason
    if pixel is None and win.size is None:
        raise HeaderIncomplete
    if not elements:
        return None
    _check_charset(elements)
    return ScannedHeader(
        elements, meta, implicit, pixel is not None, pixel, win.end() if win.size else 0
    )


def _elements(
    win: _Window,
    pos: int,
    implicit: bool,
    out: dict[int, Element] | None,
    group: int | None = None,
    in_item: bool = False,
    top: bool = False,
    stop: int | None = None,
) -> tuple[int, PixelElement | None]:
    """Read elements from ``pos``; return where they end and the pixel element, if any.

    The top level (``top``) ends at the pixel data or the end of the file; the file meta
    (``group=2``) at the first element of another group; an item's data set at its Item
    Delimitation (``in_item``) or at ``stop``. Raises :class:`_Unusual` for anything odd.
    """
    explicit_unpack = _EXPLICIT.unpack_from
    implicit_unpack = _IMPLICIT.unpack_from
    long_unpack = _LENGTH32.unpack_from
    valid_vrs, long_vrs = _VALID_VRS, _LONG_VRS
    limit = stop if stop is not None else win.end()
    data, base = win.data, win.base
    while pos < limit:
        i = pos - base
        if i < 0 or i + 12 > len(data):
            if win.size is not None and pos + 8 > win.size:
                raise _Short("element header cut short")
            i = win.need(pos, min(12, win.end() - pos) if win.size is not None else 12)
            data, base = win.data, win.base
            if len(data) - i < 8:
                raise _Short("element header cut short")
        if implicit:
            g, e, length = implicit_unpack(data, i)
            vr = None
            start = pos + 8
        else:
            g, e, vr_raw, length = explicit_unpack(data, i)
            if group is not None and g != group:
                return pos, None
            vr = valid_vrs.get(vr_raw)
            if vr is None:
                if g == 0xFFFE:
                    g, e, length = implicit_unpack(data, i)  # delimiters carry no VR
                else:
                    raise _Unusual("not a standard VR")
            if vr in long_vrs:
                if i + 12 > len(data):
                    raise _Short("element header cut short")
                length = long_unpack(data, i + 8)[0]
                start = pos + 12
            else:
                start = pos + 8
        tag = g << 16 | e
        if group is not None and g != group:
            return pos, None
        if in_item and tag == _ITEM_END:
            return start, None
        if g == 0xFFFE:
            raise _Unusual("delimiter out of place")
        if top and tag in PIXEL_TAGS:
            return pos, PixelElement(tag, vr, length, start)
        if length == _UNDEFINED:
            if (vr if vr is not None else _dictionary_vr(tag)) != "SQ":
                raise _Unusual("undefined length outside a sequence")
            end = _skip_sequence(win, start, implicit)
            if out is not None:
                # Public sequences are kept raw (their items are parsed when asked for),
                # without the Sequence Delimitation Item, as a defined-length value.
                value = None if g & 1 else win.take(start, end - 8 - start)
                out[tag] = ("SQ" if vr is None else vr, value, start)
            data, base = win.data, win.base
            pos = end
            continue
        pos = start + length
        if out is not None:
            j = start - base
            if j >= 0 and pos - base <= len(data):
                # Defined-length sequences stay raw too, as pydicom keeps them until asked.
                out[tag] = (vr, data[j : j + length], start)
            elif not g & 1:
                # A public value past the bytes read: read it alone.
                out[tag] = (vr, win.take(start, length), start)
                data, base = win.data, win.base
            elif win.size is not None and pos > win.size:
                raise _Short("value runs past the end of the file")
            # else: a private value past the bytes read is skipped, never read.
    if pos > limit:
        raise _Short("value runs past the end of the data")
    if in_item or group is not None:
        raise _Short("data ends inside an item or the file meta")
    return pos, None


def _skip_sequence(win: _Window, pos: int, implicit: bool) -> int:
    """Skip an undefined-length sequence's items; return the position after its delimiter."""
    while True:
        i = win.need(pos, 8)
        g, e, length = _IMPLICIT.unpack_from(win.data, i)
        tag = g << 16 | e
        if tag == _SEQUENCE_END:
            return pos + 8
        if tag != _ITEM:
            raise _Unusual("a sequence holds something other than items")
        if length == _UNDEFINED:
            pos, _ = _elements(win, pos + 8, implicit, None, in_item=True)
        else:
            pos += 8 + length
            if win.size is not None and pos > win.size:
                raise _Short("item runs past the end of the file")


def _parse_items(raw: bytes, implicit: bool) -> list[dict[int, Element]]:
    """The items of a sequence value (items with defined or undefined length)."""
    win = _Window(raw, None, len(raw))
    items: list[dict[int, Element]] = []
    pos = 0
    while pos + 8 <= len(raw):
        g, e, length = _IMPLICIT.unpack_from(raw, pos)
        if g << 16 | e != _ITEM:
            raise _Unusual("a sequence holds something other than items")
        item: dict[int, Element] = {}
        if length == _UNDEFINED:
            pos, _ = _elements(win, pos + 8, implicit, item, in_item=True)
        else:
            _elements(win, pos + 8, implicit, item, stop=pos + 8 + length)
            pos += 8 + length
        items.append(item)
    return items


def _dictionary_vr(tag: int) -> str | None:
    try:
        return dictionary_VR(tag)
    except KeyError:
        return None


def _check_charset(elements: dict[int, Element]) -> None:
    """Decode the Specific Character Set as dcmread does, so a value it fails on fails here."""
    charset = elements.get(0x00080005)
    if charset is None or charset[1] in _charsets:
        return
    raw = charset[1] or b""
    element = RawDataElement(BaseTag(0x00080005), charset[0], len(raw), raw, 0, False, True)
    value = convert_raw_data_element(element, encoding=default_encoding).value
    _charsets[raw] = convert_encodings(value)
