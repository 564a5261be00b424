"""Privacy of exports: no patient name, ID, birth date or accession number unless asked.

Searched for in the file bytes, in the decompressed PDF streams and PNG chunks, and in the
PDF text layer; the name pieces in every encoding a DICOM or desktop tool might produce.
The pixels are checked by exporting two studies that differ only in patient data: the
default exports must be byte-identical. Each check has a positive control with
``--show-patient``, so a detector that could never fire would fail.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest

from ilc_viewer.cli import main
from tests.core.test_export_support import JAPANESE_NAME, NAME_PIECES, write_study

SECRET_ID, SECRET_BIRTH, SECRET_ACCESSION = "PID-SECRET-7731", "19591231", "ACC-SECRET-99"
ENCODINGS = ("utf-8", "shift_jis", "euc_jp", "iso2022_jp", "utf-16-le", "utf-16-be")
CHARSETS = {"iso2022": ["", "ISO 2022 IR 87"], "utf8": "ISO_IR 192"}
PDFTOTEXT = shutil.which("pdftotext")


def needles() -> list[bytes]:
    out = [s.encode("ascii") for s in (SECRET_ID, SECRET_BIRTH, SECRET_ACCESSION, "1959-12-31")]
    for piece in NAME_PIECES:
        for encoding in ENCODINGS:
            encoded = piece.encode(encoding)
            if encoding == "iso2022_jp":  # the escape sequences frame it; search the inside
                encoded = encoded.replace(b"\x1b$B", b"").replace(b"\x1b(B", b"")
            out.append(encoded)
    return out


def layers(data: bytes) -> list[bytes]:
    """The file, its decompressed PDF streams, and its decompressed PNG chunks."""
    found = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(match.group(1)))
    if data.startswith(b"\x89PNG"):
        at, idat = 8, b""
        while at < len(data):
            length = int.from_bytes(data[at:at + 4], "big")
            kind, body = data[at + 4:at + 8], data[at + 8:at + 8 + length]
            if kind == b"IDAT":
                idat += body
            elif kind in (b"zTXt", b"iTXt"):
                with_zlib = body.split(b"\0", 2)[-1]
                for start in range(len(with_zlib)):
                    try:
                        found.append(zlib.decompress(with_zlib[start:]))
                        break
                    except zlib.error:
                        continue
            found.append(body)
            at += 12 + length
        found.append(zlib.decompress(idat))
    return found


def leaks(path: Path) -> list[bytes]:
    hits = []
    for layer in layers(path.read_bytes()):
        hits += [n for n in needles() if n in layer]
    return hits


@pytest.fixture(params=sorted(CHARSETS))
def study(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "study"
    write_study(folder, name=JAPANESE_NAME, charset=CHARSETS[request.param],
                patient_id=SECRET_ID, birth_date=SECRET_BIRTH, accession=SECRET_ACCESSION,
                study_uid="1.2.3.4.5.6.7")
    return folder


def export(study: Path, out: Path, *extra: str) -> Path:
    assert main(["export", str(study), "--out", str(out), *extra]) == 0
    return out


def test_the_name_was_read(study: Path) -> None:
    from ilc_viewer.open_study.opened import open_path

    assert "山田" in open_path(study).study.patient.name  # else the search below proves nothing


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".pdf"])
def test_no_patient_data_in_default_exports(study: Path, tmp_path: Path, suffix: str) -> None:
    for lang in ("en", "ja"):
        path = export(study, tmp_path / f"out_{lang}{suffix}", "--lang", lang)
        assert leaks(path) == []


@pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
def test_pdf_text_layer_names_the_patient_only_when_asked(study: Path, tmp_path: Path) -> None:
    for lang in ("en", "ja"):
        quiet = export(study, tmp_path / f"quiet_{lang}.pdf", "--lang", lang)
        loud = export(study, tmp_path / f"loud_{lang}.pdf", "--lang", lang, "--show-patient")
        quiet_text = subprocess.run([PDFTOTEXT, str(quiet), "-"], capture_output=True,
                                    text=True, check=True).stdout
        loud_text = subprocess.run([PDFTOTEXT, str(loud), "-"], capture_output=True,
                                   text=True, check=True).stdout
        assert not any(piece in quiet_text for piece in NAME_PIECES)
        assert SECRET_ID not in quiet_text and SECRET_BIRTH not in quiet_text
        assert "山田" in loud_text and "太郎" in loud_text  # the control: visible when asked
    info = subprocess.run(["pdfinfo", str(loud)], capture_output=True, text=True).stdout
    assert not any(piece in info for piece in NAME_PIECES)  # never in the info dictionary


def test_pixels_do_not_depend_on_patient_data(study: Path, tmp_path: Path) -> None:
    """Same images, other patient: the default PNG is byte for byte the same."""
    other = tmp_path / "other"
    shutil.copytree(study, other)
    from pydicom import dcmread

    for path in other.rglob("IM*"):
        ds = dcmread(path)
        ds.PatientName, ds.PatientID = "Other^Person", "OTHER-1"
        ds.save_as(path)
    a = export(study, tmp_path / "a.png", "--scale", "2")
    b = export(other, tmp_path / "b.png", "--scale", "2")
    assert a.read_bytes() == b.read_bytes()
    shown = export(study, tmp_path / "shown.png", "--scale", "2", "--show-patient")
    assert shown.read_bytes() != a.read_bytes()  # the control: the name is drawn when asked


def test_default_file_name_has_no_patient_data(study: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for fmt in ("png", "pdf"):
        assert main(["export", str(study), "--out", str(out), "--format", fmt]) == 0
    names = [p.name for p in out.iterdir()]
    assert len(names) == 2
    for name in names:
        assert re.fullmatch(r"ILC_\d{8}_(handout_)?T1-T2-STIR_slice\d+\.(png|pdf)", name), name
        assert not any(piece in name for piece in (*NAME_PIECES, SECRET_ID, SECRET_BIRTH))
