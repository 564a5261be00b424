"""Writing a file so that a crash leaves the old file or the new one, never half of either.

The one atomic write of the program: annotation files (which must never be lost) and exports
(a half-written PNG or PDF must never look like a finished one) both go through
:func:`write_atomic`. The temporary file is named ``.<name>.<8 random characters>.tmp``
beside the target; a program killed mid-save leaves one behind, which
:func:`remove_stale_temporary_files` cleans up later.

Files get the user's normal permissions: a new file is created as any program creates one
(read-write for all, less the umask, so usually 0644), and a file that is replaced keeps its
own permissions (``tempfile.mkstemp`` would make every file 0600, readable by its maker only).
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
from pathlib import Path

from ilc_viewer.errors import ViewerError


class FileWriteError(ViewerError):
    """A file could not be written; the message names it and the reason."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: cannot write the file ({reason})")


def write_atomic(path: Path, data: bytes | str) -> Path:
    """Write ``data`` (text as UTF-8) to ``path`` through a temporary file beside it; ``path``.

    The data is flushed to disk before the temporary file is renamed over ``path``, and the
    rename is made durable where the system allows it. A failed write leaves no temporary file
    behind and raises :class:`FileWriteError` naming the file.
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp_name = None
    try:
        fd, tmp_name = _create_temporary(path)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        tmp_name = None
        _fsync_folder(path.parent)
    except OSError as exc:
        raise FileWriteError(path, str(exc.strerror or exc)) from exc
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
    return path


#: A temporary file of :func:`write_atomic` (also those of ``tempfile.mkstemp``, used before).
TEMPORARY_NAME = re.compile(r"\.(?P<target>.+)\.[a-z0-9_]{8}\.tmp")
#: A temporary file older than this belongs to no save still running (a save takes moments).
STALE_AFTER_S = 10 * 60.0


def _create_temporary(path: Path) -> tuple[int, str]:
    """Open a new temporary file beside ``path``: mode 0666 less the umask, or ``path``'s own."""
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode) & 0o777
    except OSError:
        mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = str(path.parent / f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            fd = os.open(name, flags, 0o666)  # the system takes the umask off
        except FileExistsError:
            continue
        if mode is not None and hasattr(os, "fchmod"):
            try:
                os.fchmod(fd, mode)
            except OSError:
                os.close(fd)
                os.unlink(name)
                raise
        return fd, name
    raise FileExistsError(f"no free temporary name beside {path}")


def remove_stale_temporary_files(folder: Path, older_than_s: float = STALE_AFTER_S
                                 ) -> list[Path]:
    """Delete the temporary files that killed saves left in ``folder``; return them.

    Only names :func:`write_atomic` makes are touched, and only when older than
    ``older_than_s`` (a save in another window may be writing one now). A file that cannot
    be deleted is left; a folder that cannot be read gives an empty list.
    """
    removed = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not TEMPORARY_NAME.fullmatch(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if now - entry.stat(follow_symlinks=False).st_mtime < older_than_s:
                continue
            os.unlink(entry.path)
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
