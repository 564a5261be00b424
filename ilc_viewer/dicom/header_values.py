"""Tolerant reads of header values by keyword: a malformed value is "missing", never an error.

Two views give the same values: :class:`DatasetView` over a pydicom dataset (odd files and
the items of enhanced MR functional groups) and :class:`ScanView` over the raw elements of
:func:`ilc_viewer.dicom.header_scan.scan_header` (the common case, much faster). Plain ASCII
values, binary numbers and plain-ASCII text are decoded straight from the raw bytes, exactly
as pydicom would decode them: pydicom's full conversion (with validation) costs more than
reading the file, and a scan reads dozens of values from thousands of files. Everything
else (names and descriptions in the study's character set, sequences) goes through pydicom.
"""

from __future__ import annotations

import re
import struct
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any

from pydicom.datadict import dictionary_VR, tag_for_keyword
from pydicom.dataelem import RawDataElement, convert_raw_data_element
from pydicom.dataset import Dataset
from pydicom.tag import BaseTag

from ilc_viewer.dicom.header_scan import Element, ScannedHeader

#: VRs whose raw bytes are plain ASCII whatever the character set (PS3.5 6.2).
_ASCII_VRS = {"CS", "DS", "IS", "UI", "DA", "TM", "DT", "AS"}
#: Text VRs: decoded here when every byte is printable ASCII (or NUL padding) and there is
#: no backslash, because then every character set pydicom supports decodes them the same.
_TEXT_VRS = {"LO", "SH", "UC", "LT", "ST", "UT"}
#: Text VRs decoded with the character set (the others are ASCII or binary).
_CHARSET_VRS = {"PN", "LO", "SH", "UC", "LT", "ST", "UT"}
_PLAIN_TEXT = re.compile(rb"[\x00\x20-\x5b\x5d-\x7e]*").fullmatch
_BINARY_VRS = {
    vr: (struct.Struct("<" + code), struct.Struct(">" + code))
    for vr, code in {"US": "H", "UL": "I", "SS": "h", "SL": "i", "FL": "f", "FD": "d"}.items()
}
_PATIENT_NAME = 0x00100010
_TAGS: dict[str, int] = {}
#: Returned by :func:`_decode_raw` when only pydicom can decode the value.
_PYDICOM = object()


def tag_of(keyword: str) -> int:
    """The tag of a dictionary keyword as a plain ``int`` (looked up once)."""
    tag = _TAGS.get(keyword)
    if tag is None:
        tag = _TAGS[keyword] = int(tag_for_keyword(keyword))  # type: ignore[arg-type]
    return tag


class View(ABC):
    """Values of one data set by keyword; ``None`` when absent, empty or malformed."""

    @abstractmethod
    def value(self, keyword: str) -> Any:
        """The element's value (a str, number, list or sequence), or ``None``."""

    @abstractmethod
    def has(self, keyword: str) -> bool:
        """True when the element is present (even if empty)."""

    def item(self, keyword: str, k: int = 0) -> DatasetView | None:
        """Item ``k`` of a sequence, or ``None``."""
        return seq_item(self.value(keyword), k)

    @abstractmethod
    def get(self, keyword: str) -> Any:
        """pydicom's ``Dataset.get(keyword)`` (which raises for a malformed value)."""

    @abstractmethod
    def person_name(self) -> str:
        """Patient's Name as text ("" when absent)."""

    @abstractmethod
    def file_meta(self) -> View:
        """The file meta information (group 0002) as a view."""


class DatasetView(View):
    """Values from a pydicom :class:`Dataset`."""

    def __init__(self, ds: Dataset) -> None:
        self.ds = ds
        # Plain int keys: pydicom's tag objects compare in Python code, slow on a hot path.
        self._tags = {int(tag) for tag in ds.keys()}  # noqa: SIM118 - iterating converts

    def value(self, keyword: str) -> Any:
        tag = tag_of(keyword)
        if tag not in self._tags:
            return None
        try:
            elem = self.ds.get_item(tag)
            if isinstance(elem, RawDataElement):
                raw = elem.value
                if not raw:
                    return None
                decoded = _decode_raw(tag, elem.VR, raw, elem.is_little_endian)
                if decoded is not _PYDICOM:
                    return decoded
            return self.ds[tag].value
        except Exception:  # one bad element (wrong VR or length) must not lose the file
            return None

    def has(self, keyword: str) -> bool:
        return tag_of(keyword) in self._tags

    def get(self, keyword: str) -> Any:
        return self.ds.get(keyword)

    def person_name(self) -> str:
        return str(self.ds.get("PatientName", "") or "")

    def file_meta(self) -> View:
        return DatasetView(self.ds.get("file_meta", None) or Dataset())


class ScanView(View):
    """Values from the raw elements of a scanned header (its top level or one item)."""

    def __init__(
        self,
        scanned: ScannedHeader,
        meta: bool = False,
        elements: dict[int, Element] | None = None,
    ) -> None:
        self.scanned = scanned
        if elements is not None:
            self._elements = elements
        else:
            self._elements = scanned.meta if meta else scanned.elements

    def value(self, keyword: str) -> Any:
        tag = _TAGS.get(keyword) or tag_of(keyword)
        elem = self._elements.get(tag)
        if elem is None:
            return None
        vr, raw, _ = elem
        if not raw:
            return None  # empty, or a private sequence skipped (never read through this view)
        try:
            decoded = _decode_raw(tag, vr, raw, True)
            if decoded is _PYDICOM:
                if (vr or dictionary_vr_or_none(tag)) in _CHARSET_VRS:
                    return _decode_text(tag, vr, raw, self.scanned.encodings)
                decoded = self.scanned.dataset(self._elements)[tag].value
            return decoded
        except Exception:  # one bad element (wrong VR or length) must not lose the file
            return None

    def has(self, keyword: str) -> bool:
        return tag_of(keyword) in self._elements

    def item(self, keyword: str, k: int = 0) -> View | None:  # type: ignore[override]
        tag = tag_of(keyword)
        try:
            items = self.scanned.items(self._elements, tag)
        except Exception:  # a damaged sequence: its values are missing, as in DatasetView
            return None
        return ScanView(self.scanned, elements=items[k]) if len(items) > k else None

    def get(self, keyword: str) -> Any:
        # Only for the per-frame functional groups, which scan_header's callers refuse.
        if self.has(keyword):
            raise ValueError(f"{keyword} is only read through pydicom")
        return None

    def person_name(self) -> str:
        elem = self._elements.get(_PATIENT_NAME)
        if elem is None or not elem[1]:
            return ""
        raw = elem[1]
        if _PLAIN_TEXT(raw):
            return raw.rstrip(b"\x00 ").decode("ascii")
        return str(_decode_text(_PATIENT_NAME, elem[0], raw, self.scanned.encodings) or "")

    def file_meta(self) -> View:
        return ScanView(self.scanned, meta=True)


#: Decoded texts by (tag, VR, raw bytes, encodings): the files of a study repeat the same
#: names and descriptions, and decoding ISO 2022 text costs ~1 ms a value.
_texts: dict[tuple, Any] = {}
_TEXTS_MAX = 4096


def _decode_text(tag: int, vr: str | None, raw: bytes, encodings: str | list[str]) -> Any:
    """A text value in the file's character set, as pydicom decodes it (memoized)."""
    key = (tag, vr, raw, encodings if isinstance(encodings, str) else tuple(encodings))
    value = _texts.get(key)
    if value is None:
        element = RawDataElement(BaseTag(tag), vr, len(raw), raw, 0, vr is None, True)
        value = convert_raw_data_element(element, encoding=encodings).value
        if len(_texts) >= _TEXTS_MAX:
            _texts.clear()
        _texts[key] = value
    return value


def _decode_raw(tag: int, vr: str | None, raw: bytes, little: bool) -> Any:
    """Decode a plain value as pydicom would, or :data:`_PYDICOM` when pydicom must."""
    if not vr:
        vr = dictionary_vr_or_none(tag)
    if vr in _ASCII_VRS:
        if b"\\" not in raw:
            return raw.decode("ascii", "replace").strip(" \x00")
        parts = raw.decode("ascii", "replace").split("\\")
        values = [v.strip(" \x00") for v in parts]
        return values[0] if len(values) == 1 else values
    if vr in _TEXT_VRS and _PLAIN_TEXT(raw):
        return raw.decode("ascii").rstrip("\x00 ")
    codes = _BINARY_VRS.get(vr or "")
    if codes is not None:
        code = codes[0] if little else codes[1]
        count = len(raw) // code.size
        if count == 1:
            return code.unpack_from(raw)[0]
        return [code.unpack_from(raw, i * code.size)[0] for i in range(count)]
    return _PYDICOM


def dictionary_vr_or_none(tag: int) -> str | None:
    """The dictionary VR of a tag (implicit VR files do not store it), or ``None``."""
    try:
        return dictionary_VR(tag)
    except KeyError:
        return None


def text(view: View, keyword: str) -> str:
    """A value as stripped text ("" when missing)."""
    value = view.value(keyword)
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    return str(value).strip().strip("\x00")


def strings(view: View, keyword: str, upper: bool = True) -> tuple[str, ...]:
    """A multi-valued value as stripped (upper-case) strings."""
    value = view.value(keyword)
    if value is None or value == "":
        return ()
    items = [value] if isinstance(value, str | bytes) else list(value)
    out = tuple(str(v).strip() for v in items)
    return tuple(v.upper() for v in out) if upper else out


def as_floats(value: Any) -> tuple[float, ...]:
    """A value as floats; ``()`` when missing or not numeric."""
    if value is None or value == "":
        return ()
    kind = type(value)
    if kind is list:  # the common cases first: isinstance on an ABC is slow
        items = value
    elif kind is str or kind is float or kind is int:
        items = [value]
    elif isinstance(value, Sequence) and not isinstance(value, str | bytes):
        items = value
    else:
        items = [value]
    try:
        return tuple(float(v) for v in items)
    except (TypeError, ValueError):
        return ()


def as_float(value: Any) -> float | None:
    """The first number of a value, or ``None``."""
    values = as_floats(value)
    return values[0] if values else None


def floats(view: View, keyword: str) -> tuple[float, ...]:
    """An element's numbers."""
    return as_floats(view.value(keyword))


def number(view: View, keyword: str) -> float | None:
    """An element's first number."""
    return as_float(view.value(keyword))


def integer(view: View, keyword: str) -> int | None:
    """An element's first number as an int."""
    value = number(view, keyword)
    return int(value) if value is not None else None


def seq_item(seq: Any, k: int) -> DatasetView | None:
    """Item ``k`` of a pydicom sequence as a view, or ``None``."""
    try:
        item = seq[k] if seq is not None and len(seq) > k else None
    except Exception:
        return None
    return DatasetView(item) if isinstance(item, Dataset) else None
