"""The local cache of studies retrieved from the clinic server, with a size limit (LRU).

Each study lives in its own folder under ``<user data>/server-cache``, named by a hash of
its Study Instance UID (no patient data in names), one file per instance, exactly as the
server sent it (its bytes with a file meta header). A retrieve writes into a ``.partial-*``
folder first and moves the files in only when it completed, so a cancelled or broken
transfer leaves nothing half-done. Using a study touches its ``.used`` file; when the cache
grows past its limit the least recently used studies are deleted first, never the one just
retrieved. The folder of a study opens like any DICOM folder.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ilc_viewer.storage.user_data import data_dir

CACHE_FOLDER = "server-cache"
USED_MARK = ".used"
PARTIAL_PREFIX = ".partial-"
#: Partial folders older than this are left-overs of a crash and are removed (seconds).
STALE_PARTIAL_S = 24 * 3600


def default_cache_dir() -> Path:
    """``<user data folder>/server-cache``."""
    return data_dir() / CACHE_FOLDER


def _key(uid: str) -> str:
    return hashlib.sha256(uid.encode("ascii", "replace")).hexdigest()[:32]


@dataclass(frozen=True)
class CacheEntry:
    """One cached study folder."""

    path: Path
    size: int
    last_used: float


class PartialStudy:
    """A study being retrieved: instances go to a hidden folder until :meth:`commit`."""

    def __init__(self, cache: RetrieveCache, study_uid: str) -> None:
        self.cache = cache
        self.study_uid = study_uid
        cache.root.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{PARTIAL_PREFIX}{_key(study_uid)}-",
                                            dir=cache.root))
        self.count = 0
        self.bytes = 0

    def add(self, sop_instance_uid: str, data: bytes) -> Path:
        """Keep one received instance (the same instance again replaces it)."""
        path = self.folder / f"{_key(sop_instance_uid)}.dcm"
        if not path.exists():
            self.count += 1
        path.write_bytes(data)
        self.bytes += len(data)
        return path

    def commit(self) -> Path:
        """Move the instances into the study's folder; returns that folder."""
        target = self.cache.folder_for(self.study_uid)
        target.mkdir(parents=True, exist_ok=True)
        for path in self.folder.iterdir():
            os.replace(path, target / path.name)
        self.discard()
        (target / USED_MARK).touch()
        self.cache.evict(keep=target)
        return target

    def discard(self) -> None:
        """Drop what was received (cancel, failure)."""
        shutil.rmtree(self.folder, ignore_errors=True)


class RetrieveCache:
    """Retrieved studies under ``root``, at most ``limit_bytes`` in total (LRU eviction)."""

    def __init__(self, root: Path | None = None, limit_bytes: int = 4096 << 20) -> None:
        self.root = Path(root) if root is not None else default_cache_dir()
        self.limit_bytes = int(limit_bytes)
        self._remove_stale_partials()

    def folder_for(self, study_uid: str) -> Path:
        """Where a study is (or would be) kept."""
        return self.root / _key(study_uid)

    def study_folder(self, study_uid: str) -> Path | None:
        """The folder of a cached study (marked as just used), or ``None``."""
        folder = self.folder_for(study_uid)
        if not any(folder.glob("*.dcm")):
            return None
        self.touch(folder)
        return folder

    def touch(self, folder: Path) -> None:
        """Mark a study folder as used now (it is evicted last)."""
        (folder / USED_MARK).touch()

    def begin(self, study_uid: str) -> PartialStudy:
        """Start receiving a study."""
        return PartialStudy(self, study_uid)

    def entries(self) -> list[CacheEntry]:
        """The cached studies, least recently used first."""
        out = []
        if not self.root.is_dir():
            return out
        for folder in self.root.iterdir():
            if not folder.is_dir() or folder.name.startswith("."):
                continue
            size = sum(p.stat().st_size for p in folder.glob("*.dcm"))
            mark = folder / USED_MARK
            used = mark.stat().st_mtime if mark.exists() else folder.stat().st_mtime
            out.append(CacheEntry(folder, size, used))
        out.sort(key=lambda e: e.last_used)
        return out

    def size(self) -> int:
        """Bytes held by cached studies."""
        return sum(e.size for e in self.entries())

    def evict(self, keep: Path | None = None) -> list[Path]:
        """Delete least recently used studies until the cache fits its limit.

        ``keep`` (the study just retrieved or open) is never deleted, even when it alone is
        larger than the limit. Returns the deleted folders.
        """
        entries = self.entries()
        total = sum(e.size for e in entries)
        removed = []
        for entry in entries:
            if total <= self.limit_bytes:
                break
            if keep is not None and entry.path.resolve() == Path(keep).resolve():
                continue
            shutil.rmtree(entry.path, ignore_errors=True)
            total -= entry.size
            removed.append(entry.path)
        return removed

    def _remove_stale_partials(self) -> None:
        if not self.root.is_dir():
            return
        now = time.time()
        for folder in self.root.glob(f"{PARTIAL_PREFIX}*"):
            try:
                if now - folder.stat().st_mtime > STALE_PARTIAL_S:
                    shutil.rmtree(folder, ignore_errors=True)
            except OSError:
                continue
