"""The fast header scan gives exactly what pydicom's reader gives, and steps aside when unsure.

Every case reads the same file twice: through :func:`read_header` as it is (the fast scan
for plain files, text decoded from raw bytes) and with both switched off (pydicom's
``dcmread`` and pydicom's text decoding), and compares the records field by field.
"""

from __future__ import annotations

import os
import struct
import warnings
from pathlib import Path

import pytest
from pydicom.data import get_testdata_files
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence as DicomSequence
from pydicom.tag import BaseTag
from pydicom.uid import ImplicitVRLittleEndian, generate_uid

from ilc_viewer.dicom import header_files, header_values
from ilc_viewer.dicom.header_scan import MORE_READ, HeaderIncomplete, scan_file, scan_header
from ilc_viewer.dicom.headers import FileRecord, NotAnImage, read_header
from ilc_viewer.study.model import ImageSource
from tests.core.dicom_factory import mr_dataset, write
from tests.vendor_headers import FAST_VENDORS, VENDORS, write_vendor_file

PYDICOM_FILES = sorted(p for p in get_testdata_files() if os.path.isfile(p))


def both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """(fast result, pydicom result) for one file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = read_header(ImageSource(path))
        with monkeypatch.context() as m:
            # pydicom reads the file and decodes every text value itself.
            m.setattr(header_files, "scan_file", lambda fh, size, first=None: None)
            m.setattr(header_files, "scan_header", lambda data, whole: None)
            m.setattr(header_values, "_TEXT_VRS", set())
            slow = read_header(ImageSource(path))
    return fast, slow


def scanned(path: Path) -> bool:
    """True when the fast scan reads this file itself (it does not hand it to pydicom)."""
    data = path.read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return scan_header(data, True) is not None


def plain(**changes: object) -> Dataset:
    ds = mr_dataset(study_uid=generate_uid(), series_uid=generate_uid())
    for keyword, value in changes.items():
        setattr(ds, keyword, value)
    return ds


CASES = {
    "plain": {},
    "padded text": dict(
        SeriesDescription="t2 sag \x00", ProtocolName="  lead", StudyDescription="a \n\x00"
    ),
    "multi-valued text": dict(
        WindowCenter=[40, 400],
        WindowWidth=[80, 1500],
        WindowCenterWidthExplanation=["SOFT", "BONE \x00"],
        SeriesDescription="a\\b",
    ),
    "person name groups": dict(PatientName="Yamada^Taro^^Dr.^=YAMADA^TARO"),
    "name with trailing spaces": dict(PatientName="Doe^John  "),
    "empty values": dict(
        SeriesDescription="", PatientName="", PixelSpacing=None, WindowCenter=None
    ),
    "malformed numbers": dict(),
    "japanese names": dict(
        SpecificCharacterSet=["", "ISO 2022 IR 87"],
        PatientName="Yamada^Tarou=山田^太郎=やまだ^たろう",
        SeriesDescription="腰椎 T2",
    ),
    "utf-8": dict(SpecificCharacterSet="ISO_IR 192", StudyDescription="Lumbar – MRT Ä"),
    "latin-1 bytes": dict(SpecificCharacterSet="ISO_IR 100", ProtocolName="Wirbelsäule"),
    "unknown character set": dict(SpecificCharacterSet="NOT A CHARSET", Manufacturer="Ünï"),
    "sequences before the image values": dict(),
    "private block and long header": dict(),
}


def _build(name: str, tmp_path: Path) -> Path:
    ds = plain(**{k: v for k, v in CASES[name].items() if v is not None})
    for keyword, value in CASES[name].items():
        if value is None:
            delattr(ds, keyword)
    if name == "sequences before the image values":
        item = Dataset()
        ds.ReferencedImageSequence = DicomSequence([Dataset(), item])
        ds.ProcedureCodeSequence = DicomSequence([])
        item.ReferencedSOPClassUID = "1.2.840.10008.5.1.4.1.1.4"
        item.ReferencedSOPInstanceUID = generate_uid()
        item.ReferencedFrameNumber = "1"
    if name == "malformed numbers":
        # Written raw: pydicom refuses to set such values, but scanners write them.
        for tag, vr, raw in [
            (0x00180080, "DS", b"abc "),
            (0x00180050, "DS", b"1.5.2 "),
            (0x00200032, "DS", b"1\\2"),  # two numbers where three are due
        ]:
            ds._dict[BaseTag(tag)] = RawDataElement(
                BaseTag(tag), vr, len(raw), raw, 0, False, True
            )
    if name == "private block and long header":
        block = ds.private_block(0x0029, "SIEMENS CSA HEADER", create=True)
        block.add_new(0x10, "OB", bytes(range(256)) * 200)  # 50 KB: past the first chunk
    return write(ds, tmp_path / f"{name.replace(' ', '_')}.dcm")


@pytest.mark.parametrize("name", sorted(CASES))
def test_fast_scan_matches_pydicom(name: str, tmp_path: Path, monkeypatch) -> None:
    path = _build(name, tmp_path)
    fast, slow = both_ways(path, monkeypatch)
    assert isinstance(slow, FileRecord) or name == "malformed numbers"
    assert fast == slow


def test_the_fast_scan_reads_plain_files_itself(tmp_path: Path) -> None:
    # Otherwise the comparisons above would compare pydicom with itself.
    for name in ("plain", "japanese names", "sequences before the image values"):
        assert scanned(_build(name, tmp_path)), name
    assert scanned(_build("private block and long header", tmp_path))


def test_implicit_vr_little_endian_matches(tmp_path: Path, monkeypatch) -> None:
    ds = plain(PatientName="Implicit^Test", WindowCenter=[40, 400], WindowWidth=[80, 1500])
    ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
    path = tmp_path / "implicit.dcm"
    ds.save_as(path, implicit_vr=True, little_endian=True, enforce_file_format=True)
    assert scanned(path)
    fast, slow = both_ways(path, monkeypatch)
    assert isinstance(fast, FileRecord) and fast == slow


def test_header_longer_than_the_first_chunk_asks_for_the_whole_file(tmp_path: Path) -> None:
    data = _build("private block and long header", tmp_path).read_bytes()
    with pytest.raises(HeaderIncomplete):
        scan_header(data[: header_files.FIRST_READ], False)
    result = scan_header(data, True)
    assert result is not None and result.has_pixels


@pytest.mark.parametrize(
    "damage",
    ["truncated in the header", "truncated in the pixels", "odd VR", "no preamble", "text"],
)
def test_damaged_files_give_the_same_reason(
    damage: str, tmp_path: Path, monkeypatch
) -> None:
    data = bytearray(_build("plain", tmp_path).read_bytes())
    pixel_at = data.index(struct.pack("<HH", 0x7FE0, 0x0010))
    if damage == "truncated in the header":
        data = data[: pixel_at - 40]
    elif damage == "truncated in the pixels":
        data = data[: pixel_at + 100]
    elif damage == "odd VR":
        rows_at = data.index(struct.pack("<HH", 0x0028, 0x0010))
        data[rows_at + 4 : rows_at + 6] = b"\x01\x02"
    elif damage == "no preamble":
        data = data[132:]
    else:
        data = bytearray(b"Patient notes, not an image.\n" * 20)
    path = tmp_path / "damaged.dcm"
    path.write_bytes(bytes(data))
    fast, slow = both_ways(path, monkeypatch)
    assert fast == slow
    if damage == "truncated in the header":
        assert isinstance(fast, NotAnImage)


@pytest.mark.skipif(not PYDICOM_FILES, reason="pydicom test files are not installed")
def test_every_pydicom_test_file_reads_the_same(monkeypatch) -> None:
    fast_count = 0
    for path in PYDICOM_FILES:
        fast, slow = both_ways(Path(path), monkeypatch)
        assert fast == slow, path
        fast_count += scanned(Path(path))
    # Most of pydicom's files are plain little endian: the fast scan must take them.
    assert fast_count >= len(PYDICOM_FILES) // 3


# --- files laid out as scanners write them (tests/vendor_headers.py) ---------------------


@pytest.mark.parametrize("vendor", VENDORS)
def test_vendor_files_read_the_same_as_pydicom(vendor: str, tmp_path: Path, monkeypatch) -> None:
    path = write_vendor_file(tmp_path / vendor, vendor, instance=3)
    fast, slow = both_ways(path, monkeypatch)
    assert isinstance(fast, FileRecord), fast
    assert fast == slow


@pytest.mark.parametrize("vendor", FAST_VENDORS)
def test_vendor_files_take_the_fast_path(vendor: str, tmp_path: Path, monkeypatch) -> None:
    # CSA headers past the first read, functional groups on classic images, private
    # sequences of undefined length, implicit VR, ISO 2022 names: none needs pydicom's parse.
    path = write_vendor_file(tmp_path / vendor, vendor)

    def no_pydicom(data: bytes) -> None:
        raise AssertionError("pydicom parsed a file the fast scan should read")

    monkeypatch.setattr(header_files, "parse", no_pydicom)
    assert isinstance(read_header(ImageSource(path)), FileRecord)


def test_functional_groups_give_values_missing_at_the_top(tmp_path: Path) -> None:
    # The Hitachi-like file has Echo Time only in its Shared Functional Groups Sequence.
    record = read_header(ImageSource(write_vendor_file(tmp_path / "h", "hitachi")))
    assert isinstance(record, FileRecord)
    assert record.params.echo_time == 98.0
    assert record.patient.name == "Yamada^Tarou=山田^太郎=やまだ^たろう"
    assert record.study_description == "腰椎 MRI"


class _CountingFile:
    """A file object that counts the bytes read through it."""

    def __init__(self, fh) -> None:
        self.fh, self.read_bytes = fh, 0

    def read(self, n: int = -1) -> bytes:
        data = self.fh.read(n)
        self.read_bytes += len(data)
        return data

    def __getattr__(self, name: str):
        return getattr(self.fh, name)


def test_long_private_headers_are_skipped_not_read(tmp_path: Path) -> None:
    # A Siemens-like header of ~100 KB: the CSA blocks past the first read are never read.
    path = write_vendor_file(tmp_path / "s", "siemens", size=256)
    size = path.stat().st_size
    with open(path, "rb") as raw:
        counted = _CountingFile(raw)
        result = scan_file(counted, size)
    assert result is not None and result.has_pixels
    assert result.pixel.offset + result.pixel.length == size
    # The first read, then one small read after the 84 KB CSA series header.
    assert counted.read_bytes <= header_files.FIRST_READ + MORE_READ
    assert counted.read_bytes < size // 5
    with open(path, "rb") as raw:
        assert scan_file(raw, size).elements.keys() >= {0x00280010, 0x00080020, 0x00200013}


def test_public_value_past_the_first_read_is_read_alone(tmp_path: Path) -> None:
    ds = plain()
    block = ds.private_block(0x0019, "SIEMENS MR HEADER", create=True)
    block.add_new(0x10, "OB", b"\x01" * 60_000)  # group 0019 comes before 0020 and 0028
    path = write(ds, tmp_path / "late_values.dcm")
    with open(path, "rb") as raw:
        result = scan_file(raw, path.stat().st_size)
    assert result is not None and 0x00191010 not in result.elements
    assert struct.unpack("<H", result.elements[0x00280010][1]) == (16,)
