"""The one atomic write: whole files or nothing, a clear error naming the file."""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Iterator
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


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process umask for one test, then put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_users_normal_permissions(tmp_path: Path, umask, mask: int,
                                                      mode: int) -> None:
    umask(mask)
    write_atomic(tmp_path / "export.png", b"png")
    assert stat.S_IMODE((tmp_path / "export.png").stat().st_mode) == mode


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path, umask) -> None:
    umask(0o022)
    target = tmp_path / "handout.pdf"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_stale_temporary_files_are_removed_and_nothing_else(tmp_path: Path) -> None:
    hour_ago = time.time() - 3600
    stale = [tmp_path / ".ilc-ab12.json.k3x9_q2z.tmp", tmp_path / ".a.png.0123abcd.tmp"]
    kept = [
        tmp_path / ".ilc-ab12.json.fresh123.tmp",  # a save running now in another window
        tmp_path / "ilc-ab12.json",                # the real files
        tmp_path / "notes.tmp",
        tmp_path / ".ilc-ab12.json.tmp",
        tmp_path / ".x.json.TOOLONG123.tmp",
    ]
    for path in [*stale, *kept]:
        path.write_text("{}")
        if path.name != ".ilc-ab12.json.fresh123.tmp":
            os.utime(path, (hour_ago, hour_ago))
    folder = tmp_path / ".y.json.folder12.tmp"
    folder.mkdir()
    os.utime(folder, (hour_ago, hour_ago))
    assert sorted(atomic_file.remove_stale_temporary_files(tmp_path)) == sorted(stale)
    assert sorted(p for p in tmp_path.iterdir()) == sorted([*kept, folder])
    assert atomic_file.remove_stale_temporary_files(tmp_path / "missing") == []
