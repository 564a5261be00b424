"""Find the files to read at an input path: a file, a folder, a DICOMDIR or a zip archive.

Folders are walked recursively, following links but never into a folder twice (a link loop
on a disc must not hang the program). A DICOMDIR is used to find the files it lists, even
where the disc shows names in another case or with ISO 9660 ``;1`` versions; the folder is
walked as well, so files it forgets and broken DICOMDIRs still load. Zip archives are read
member by member in memory: nothing is ever extracted or written next to the source.
"""

from __future__ import annotations

import os
import stat
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pydicom import dcmread

from ilc_viewer.errors import StudyLoadError
from ilc_viewer.storage.resources import is_sample_extra
from ilc_viewer.study.model import ImageSource, SkippedFile
from ilc_viewer.words.catalogue import _


@dataclass
class Discovered:
    """The files to read, and entries already known to be unusable."""

    sources: list[ImageSource] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)


def discover(root: Path) -> Discovered:
    """List the files at ``root``; raise :class:`StudyLoadError` if it cannot be read at all."""
    if not os.path.lexists(root):
        raise StudyLoadError(_("{path}: no such file or folder.", path=root))
    if not os.access(root, os.R_OK):
        raise StudyLoadError(_("{path}: cannot be read (permission denied).", path=root))
    try:
        is_dir = root.is_dir()
        is_file = root.is_file()
    except OSError as exc:
        raise StudyLoadError(_("{path}: cannot be read ({reason}).", path=root,
                                             reason=exc.strerror or exc)) from exc
    found = Discovered()
    if is_dir:
        try:
            os.listdir(root)
        except OSError as exc:
            raise StudyLoadError(_("{path}: folder cannot be read ({reason}).", path=root,
                                                 reason=exc.strerror)) from exc
        _walk_folder(root, found)
    elif is_file and _is_zip_name(root):
        try:
            _add_zip(root, found)
        except (zipfile.BadZipFile, OSError) as exc:
            raise StudyLoadError(_("{path}: not a readable zip archive ({reason}).", path=root,
                                                 reason=exc)) from exc
    elif is_file and root.name.upper() == "DICOMDIR":
        _walk_folder(root.parent, found)
    elif is_file:
        found.sources.append(ImageSource(root))
    else:
        raise StudyLoadError(_("{path}: not a file or folder (broken link?).", path=root))
    return found


def _is_zip_name(path: Path) -> bool:
    return path.suffix.lower() == ".zip"


def _walk_folder(root: Path, found: Discovered) -> None:
    seen_files: set[str] = set()
    # A DICOMDIR at the top of the disc lists the images; read it first.
    for name in sorted(os.listdir(root)):
        if name.upper() == "DICOMDIR" and (root / name).is_file():
            seen_files.add(os.path.realpath(root / name))
            _add_dicomdir(root / name, found, seen_files)
    seen_dirs: set[tuple[int, int]] = set()

    def on_error(exc: OSError) -> None:
        found.skipped.append(
            SkippedFile(str(exc.filename), _("folder cannot be read ({reason})",
                                              reason=exc.strerror or exc))
        )

    for folder, dirs, files in os.walk(root, followlinks=True, onerror=on_error):
        try:
            folder_stat = os.stat(folder)
        except OSError:
            dirs[:] = []
            continue
        if (folder_stat.st_dev, folder_stat.st_ino) in seen_dirs:
            # A link back to a folder already walked: going on would loop for ever.
            dirs[:] = []
            continue
        seen_dirs.add((folder_stat.st_dev, folder_stat.st_ino))
        dirs.sort()
        base = Path(folder)
        real_folder = os.path.realpath(folder)
        for name in sorted(files):
            _add_file(base / name, found, seen_files, real_folder)
        # os.walk lists links it cannot follow (loops, dangling) as folders or files; these
        # two checks catch the ones it hides.
        for name in list(dirs):
            path = Path(folder) / name
            if path.is_symlink() and not path.exists():
                found.skipped.append(SkippedFile(str(path), "broken link or link loop"))


def _add_file(
    path: Path, found: Discovered, seen: set[str], real_folder: str | None = None
) -> None:
    try:
        info = os.lstat(path) if real_folder is not None else None
        if info is not None and not stat.S_ISLNK(info.st_mode):
            # Not a link: its real path is its real folder's plus its name, and one lstat
            # replaces realpath's one per path component (a disc has thousands of files).
            real = os.path.join(real_folder, path.name)  # type: ignore[arg-type]
            is_file = stat.S_ISREG(info.st_mode)
        else:
            real = os.path.realpath(path, strict=True)
            is_file = os.path.isfile(real)
    except OSError:
        found.skipped.append(SkippedFile(str(path), "broken link or link loop"))
        return
    if real in seen:
        return  # the same file reached twice (through a link, or listed by the DICOMDIR)
    seen.add(real)
    if not is_file:
        found.skipped.append(SkippedFile(str(path), "not a regular file"))
    elif _is_zip_name(path):
        try:
            _add_zip(path, found)
        except (zipfile.BadZipFile, OSError) as exc:
            found.skipped.append(SkippedFile(str(path), f"not a readable zip archive ({exc})"))
    elif not is_sample_extra(path):  # the bundled samples' truth.json is not a skipped file
        found.sources.append(ImageSource(path))


def _add_zip(path: Path, found: Discovered) -> None:
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if not info.is_dir():
                found.sources.append(ImageSource(path, member=info.filename))


def _add_dicomdir(path: Path, found: Discovered, seen: set[str]) -> None:
    """Add the files a DICOMDIR lists; report the DICOMDIR itself and files it lacks."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a damaged DICOMDIR is reported below instead
            ds = dcmread(path, force=True)
            records = list(ds.DirectoryRecordSequence)
    except Exception as exc:
        found.skipped.append(
            SkippedFile(
                str(path),
                _("DICOMDIR cannot be read ({reason}); the folder was searched instead",
                  reason=str(exc)[:120] or type(exc).__name__),
            )
        )
        return
    listed = 0
    for record in records:
        parts = record.get("ReferencedFileID")
        if not parts:
            continue
        parts = [parts] if isinstance(parts, str) else list(parts)
        target = _resolve(path.parent, [str(p).strip() for p in parts])
        if target is None:
            found.skipped.append(
                SkippedFile(
                    str(path.parent.joinpath(*[str(p) for p in parts])),
                    _("listed in the DICOMDIR but missing from the disc"),
                )
            )
            continue
        listed += 1
        _add_file(target, found, seen)
    found.skipped.append(
        SkippedFile(str(path), _("DICOMDIR (the disc's index, no image data): lists {count} files",
                                 count=listed))
    )


def _resolve(base: Path, parts: list[str]) -> Path | None:
    """Find a DICOMDIR file ID on disc, ignoring case and ISO 9660 ``;1`` version suffixes."""
    current = base
    for part in parts:
        exact = current / part
        if exact.exists():
            current = exact
            continue
        try:
            names = os.listdir(current)
        except OSError:
            return None
        wanted = part.upper()
        match = next((n for n in names if n.upper().split(";")[0] == wanted), None)
        if match is None:
            return None
        current = current / match
    return current if current.is_file() else None
