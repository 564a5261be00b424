"""The one atomic write: whole files or nothing, a clear error naming the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ilc_viewer.errors import ViewerError
from ilc_viewer.storage import atomic_file
from ilc_viewer.storage.atomic_file import FileWriteError, write_atomic


def test_bytes_and_text_are_written_whole_and_no_temporary_file_stays(tmp_path: Path) -> None:
    assert write_atomic(tmp_path / "a.bin", b"\x00\xff") == tmp_path / "a.bin"
    write_atomic(tmp_path / "b.txt", "腰痛 ok")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\xff"
    assert (tmp_path / "b.txt").read_bytes() == "腰痛 ok".encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin", "b.txt"]


def test_failed_rename_keeps_the_old_file_and_names_it(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "keep.txt"
    target.write_text("old")

    def power_cut(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic_file.os, "replace", power_cut)
    with pytest.raises(FileWriteError) as caught:
        write_atomic(target, "new")
    monkeypatch.undo()
    assert isinstance(caught.value, ViewerError)
    assert str(caught.value) == f"{target}: cannot write the file (No space left on device)"
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["keep.txt"]


def test_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileWriteError, match=r"missing/a\.png: cannot write the file"):
        write_atomic(tmp_path / "missing" / "a.png", b"x")
