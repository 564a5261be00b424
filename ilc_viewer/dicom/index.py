"""Scan a path (file, folder, DICOMDIR or zip) into patients' studies and series, headers only.

The entry point is :func:`scan`. It finds the files (:mod:`ilc_viewer.dicom.discovery`), reads
their headers in parallel without pixel data (:mod:`ilc_viewer.dicom.headers`), then hands the
image records to :mod:`ilc_viewer.dicom.grouping`, which builds patient -> study -> series,
sorts every series and labels its sequence. Files that are not images become
:class:`~ilc_viewer.study.model.SkippedFile` records with a plain reason, never exceptions.

Big folders of plain files share the reading with a long-lived pool of worker processes
(forkserver start), because header parsing holds the GIL; see :data:`PROCESS_MIN_FILES` and
:func:`start_workers`. As with any multiprocessing code, a *script* that calls :func:`scan`
on such a folder needs the usual ``if __name__ == "__main__":`` guard; the ``ilc-viewer``
entry points have it.
"""

from __future__ import annotations

import os
import threading
import warnings
import zipfile
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from ilc_viewer.dicom import header_workers
from ilc_viewer.dicom.discovery import discover
from ilc_viewer.dicom.grouping import build_studies
from ilc_viewer.dicom.header_workers import read_batch as read_batch  # re-exported
from ilc_viewer.dicom.header_workers import start_workers as start_workers
from ilc_viewer.dicom.headers import FileRecord, NotAnImage, read_header
from ilc_viewer.errors import StudyLoadError
from ilc_viewer.study.model import ImageRef, ImageSource, SkippedFile, StudyIndex
from ilc_viewer.words.catalogue import _

#: Folders with at least this many plain files start the worker processes. Starting them
#: slows this process for about as long as reading ~4,000 headers here (measured on two
#: cores), so smaller folders are read in this process unless the workers already run.
PROCESS_MIN_FILES = 5000
#: With the workers already running (:func:`start_workers`, or an earlier big scan),
#: folders from this many plain files share the reading with them.
RUNNING_POOL_MIN_FILES = 200

#: (files done, files total). May be called from worker threads.
ProgressCallback = Callable[[int, int], None]


class ScanCancelled(StudyLoadError):
    """The scan was stopped through its ``cancel`` event before it finished."""


def scan(
    path: str | os.PathLike,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    cancel: threading.Event | None = None,
) -> StudyIndex:
    """Read every study at ``path`` (headers only) into a :class:`StudyIndex`.

    Raises :class:`StudyLoadError` when the path is missing or unreadable, and
    :class:`ScanCancelled` when ``cancel`` is set. An empty folder, or one with nothing
    loadable, gives an index without studies (its ``skipped`` list says why).
    """
    root = Path(path)
    discovered = discover(root)
    total = len(discovered.sources)
    if progress is not None:
        progress(0, total)
    records: list[tuple[ImageSource, FileRecord | NotAnImage]] = []
    # pydicom warns about every odd value; a patient's CD can have thousands. The reasons
    # that matter reach the user through the skip list and series warnings instead.
    with warnings.catch_warnings(), _Archives() as archives:
        warnings.simplefilter("ignore")
        for done, item in enumerate(
            _read_all(discovered.sources, archives, workers, cancel), start=1
        ):
            records.append(item)
            if progress is not None:
                progress(done, total)
    skipped = list(discovered.skipped)
    images: list[tuple[FileRecord, ImageRef]] = []
    presentation_states: list[ImageSource] = []
    first_file_of: dict[str, str] = {}
    # Threads finish in any order; sort so the same folder always gives the same index.
    for source, result in sorted(records, key=lambda r: r[0].display_name):
        if isinstance(result, NotAnImage) and result.presentation_state:
            presentation_states.append(source)
            continue
        if isinstance(result, NotAnImage):
            skipped.append(SkippedFile(source.display_name, result.reason))
            continue
        uid = result.images[0].sop_instance_uid
        if uid in first_file_of:
            # Discs often carry a second copy of the same images; show each image once.
            skipped.append(
                SkippedFile(source.display_name,
                            _("a copy of {file} (same image UID)", file=first_file_of[uid]))
            )
            continue
        first_file_of[uid] = source.display_name
        images.extend((result, image) for image in result.images)
    index = StudyIndex(source=str(root), studies=build_studies(images))
    index.skipped = sorted(skipped, key=lambda s: s.path)
    index.presentation_states = presentation_states
    return index


def _read_all(
    sources: list[ImageSource],
    archives: _Archives,
    workers: int | None,
    cancel: threading.Event | None,
) -> Iterable[tuple[ImageSource, FileRecord | NotAnImage]]:
    """Read headers, yielding results as they finish (in any order).

    Parsing a header is pure Python, so threads share one core (the GIL): on a warm disk
    they are slower than a serial loop. Big folders of plain files are therefore shared
    with a pool of worker processes (when it runs or pays for its start), and otherwise
    read one by one here, which the fast header scan makes quicker than plain pydicom. Zip
    members and small folders use threads, which still overlap the waits of a slow drive.
    """
    if not sources:
        return
    cpus = os.cpu_count() or 1
    files = [s for s in sources if s.member is None]
    members = [s for s in sources if s.member is not None]
    pool_workers = workers or cpus
    if cpus > 1 and pool_workers > 1 and (
        len(files) >= PROCESS_MIN_FILES
        or (len(files) >= RUNNING_POOL_MIN_FILES and header_workers.pool_running(pool_workers))
    ):
        yield from _read_in_processes(files, pool_workers, cancel)
    elif workers is None and len(files) >= RUNNING_POOL_MIN_FILES:
        yield from _read_in_threads(files, archives, 1, cancel)
    else:
        members = sources
    yield from _read_in_threads(members, archives, workers or min(8, cpus + 2), cancel)


def _read_in_threads(
    sources: list[ImageSource],
    archives: _Archives,
    workers: int,
    cancel: threading.Event | None,
) -> Iterable[tuple[ImageSource, FileRecord | NotAnImage]]:
    def read(source: ImageSource) -> tuple[ImageSource, FileRecord | NotAnImage]:
        return source, read_header(source, archives.get(source))

    if workers <= 1 or len(sources) < 4:
        for source in sources:
            _check_cancel(cancel)
            yield read(source)
        return
    # Keep a bounded number of files in flight so a cancel takes effect quickly.
    pending: set[Future] = set()
    queue = iter(sources)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dicom-scan") as pool:
        try:
            for source in queue:
                pending.add(pool.submit(read, source))
                if len(pending) >= workers * 4:
                    break
            while pending:
                _check_cancel(cancel)
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
                    nxt = next(queue, None)
                    if nxt is not None:
                        pending.add(pool.submit(read, nxt))
        finally:
            for future in pending:
                future.cancel()


def _read_in_processes(
    sources: list[ImageSource], workers: int, cancel: threading.Event | None
) -> Iterable[tuple[ImageSource, FileRecord | NotAnImage]]:
    return header_workers.read_shared(sources, workers, lambda: _check_cancel(cancel))


def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise ScanCancelled(_("Loading was cancelled before all files were read."))


class _Archives:
    """Zip archives opened once per scan and shared by the reader threads."""

    def __init__(self) -> None:
        self._open: dict[Path, zipfile.ZipFile] = {}
        self._lock = threading.Lock()

    def get(self, source: ImageSource) -> zipfile.ZipFile | None:
        if source.member is None:
            return None
        with self._lock:
            archive = self._open.get(source.path)
            if archive is None:
                archive = self._open[source.path] = zipfile.ZipFile(source.path)
            return archive

    def __enter__(self) -> _Archives:
        return self

    def __exit__(self, *exc: object) -> None:
        for archive in self._open.values():
            archive.close()
