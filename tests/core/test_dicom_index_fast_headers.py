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

from ilc_viewer.dicom import header_values
from ilc_viewer.dicom import headers as dicom_headers
from ilc_viewer.dicom.header_scan import HeaderIncomplete, scan_header
from ilc_viewer.dicom.headers import FileRecord, NotAnImage, read_header
from ilc_viewer.study.model import ImageSource
from tests.core.dicom_factory import mr_dataset, write

PYDICOM_FILES = sorted(p for p in get_testdata_files() if os.path.isfile(p))


def both_ways(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    """(fast result, pydicom result) for one file."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fast = read_header(ImageSource(path))
        with monkeypatch.context() as m:
            # pydicom reads the file and decodes every text value itself.
            m.setattr(dicom_headers, "scan_header", lambda data, whole: None)
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
        scan_header(data[: dicom_headers.HEADER_CHUNK], False)
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
