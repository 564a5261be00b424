"""Scan a path (file, folder, DICOMDIR or zip) into patients' studies and series, headers only.

The entry point is :func:`scan`. It finds the files (:mod:`ilc_viewer.dicom.discovery`), reads
their headers in parallel without pixel data (:mod:`ilc_viewer.dicom.headers`), then groups
them patient -> study -> series, splits series that mix orientations, image sizes, image
types or acquisitions (as 3D Slicer's DICOM plugin does), sorts every series along its slice
normal and labels its sequence. Files that are not images become
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
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from ilc_viewer.dicom import header_workers
from ilc_viewer.dicom.discovery import discover
from ilc_viewer.dicom.header_workers import read_batch as read_batch  # re-exported
from ilc_viewer.dicom.header_workers import start_workers as start_workers
from ilc_viewer.dicom.headers import FileRecord, NotAnImage, read_header
from ilc_viewer.errors import StudyLoadError
from ilc_viewer.study.geometry import build_geometry, plane_of, sort_images
from ilc_viewer.study.model import ImageRef, ImageSource, Series, SkippedFile, Study, StudyIndex

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
    first_file_of: dict[str, str] = {}
    # Threads finish in any order; sort so the same folder always gives the same index.
    for source, result in sorted(records, key=lambda r: r[0].display_name):
        if isinstance(result, NotAnImage):
            skipped.append(SkippedFile(source.display_name, result.reason))
            continue
        uid = result.images[0].sop_instance_uid
        if uid in first_file_of:
            # Discs often carry a second copy of the same images; show each image once.
            skipped.append(
                SkippedFile(source.display_name, f"a copy of {first_file_of[uid]} (same image UID)")
            )
            continue
        first_file_of[uid] = source.display_name
        images.extend((result, image) for image in result.images)
    index = StudyIndex(source=str(root), studies=build_studies(images))
    index.skipped = sorted(skipped, key=lambda s: s.path)
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
        raise ScanCancelled("Loading was cancelled before all files were read.")


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


# --- grouping -----------------------------------------------------------------------------


def build_studies(images: list[tuple[FileRecord, ImageRef]]) -> list[Study]:
    """Group images into studies and series, split and sort the series, label sequences."""
    by_study: dict[str, list[tuple[FileRecord, ImageRef]]] = defaultdict(list)
    for record, image in images:
        by_study[record.study_uid].append((record, image))
    studies = []
    for study_uid, members in by_study.items():
        first = members[0][0]
        study = Study(
            study_uid=study_uid,
            description=first.study_description,
            date=first.study_date,
            time=first.study_time,
            patient=first.patient,
        )
        by_series: dict[str, list[tuple[FileRecord, ImageRef]]] = defaultdict(list)
        for record, image in members:
            by_series[record.series_uid].append((record, image))
        for series_members in by_series.values():
            study.series.extend(_make_series(series_members))
        study.series.sort(key=lambda s: (s.number is None, s.number or 0, s.key))
        studies.append(study)
    # Patient first so one patient's studies sit together, then the oldest study first.
    studies.sort(key=lambda s: (s.patient.patient_id, s.patient.name, s.date, s.time, s.study_uid))
    return studies


def _make_series(members: list[tuple[FileRecord, ImageRef]]) -> list[Series]:
    """One series, or several when its images cannot form one stack."""
    groups, reasons = split_images([image for _, image in members])
    record_of = {id(image): record for record, image in members}
    out = []
    for n, group in enumerate(groups, start=1):
        record = record_of[id(group[0])]
        key = record.series_uid if n == 1 else f"{record.series_uid}#{n}"
        series = Series(
            key=key,
            series_uid=record.series_uid,
            study_uid=record.study_uid,
            modality=record.modality,
            number=record.series_number,
            description=record.series_description,
            frame_of_reference_uid=record.frame_of_reference_uid,
            params=record.params,
        )
        if len(groups) > 1:
            series.warnings.append(
                f"series split into {len(groups)} parts because it mixes {reasons} "
                f"(this is part {n})"
            )
        _finish_series(series, group)
        out.append(series)
    return out


def split_images(images: list[ImageRef]) -> tuple[list[list[ImageRef]], str]:
    """Split images that cannot share one stack; return groups (largest first) and why."""
    groups: list[tuple[tuple, list[ImageRef]]] = []
    orientations: list[tuple[float, ...]] = []
    for image in images:
        orientation_id = -1
        if image.orientation is not None:
            for i, known in enumerate(orientations):
                if _same_orientation(known, image.orientation):
                    orientation_id = i
                    break
            else:
                orientations.append(image.orientation)
                orientation_id = len(orientations) - 1
        key = (orientation_id, image.rows, image.columns, _type_key(image.image_type))
        for existing_key, members in groups:
            if existing_key == key:
                members.append(image)
                break
        else:
            groups.append((key, [image]))
    split: list[tuple[tuple, list[ImageRef]]] = []
    for key, members in groups:
        split.extend(((*key, acq), part) for acq, part in _split_acquisitions(members))
    split.sort(key=lambda g: (-len(g[1]), min(_instance(im) for im in g[1])))
    return [members for _, members in split], _split_reasons([key for key, _ in split])


def _same_orientation(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    # geometry.same_orientation in plain Python: called once per image, numpy is slower here.
    return all(abs(x - y) <= 1e-3 for x, y in zip(a, b, strict=True))


def _type_key(image_type: tuple[str, ...]) -> tuple[str, ...]:
    # Only the values that mean a different kind of picture; vendors vary the rest per slice.
    return tuple(v for v in image_type[:3] if v) + (
        ("LOCALIZER",) if any("LOCALIZER" in v or "SCOUT" in v for v in image_type) else ()
    )


def _split_acquisitions(members: list[ImageRef]) -> list[tuple[int | None, list[ImageRef]]]:
    """Split repeated acquisitions of the same stack.

    Some scanners number every slice as its own acquisition; splitting those would give
    one-slice series, so images are only split when acquisitions hold several images each.
    """
    numbers = {im.acquisition_number for im in members}
    if len(numbers) < 2 or len(numbers) >= len(members):
        return [(None, members)]
    parts: dict[int | None, list[ImageRef]] = defaultdict(list)
    for image in members:
        parts[image.acquisition_number].append(image)
    if any(len(part) < 2 for part in parts.values()):
        return [(None, members)]
    return sorted(parts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))


def _split_reasons(keys: list[tuple]) -> str:
    names = ("orientations", "image sizes", "image sizes", "image types", "acquisitions")
    reasons: list[str] = []
    for i, name in enumerate(names):
        values = {key[i] for key in keys}
        if len(values) > 1 and name not in reasons:
            reasons.append(name)
    return " and ".join(reasons) or "images"


def _instance(image: ImageRef) -> int:
    return image.instance_number if image.instance_number is not None else 1 << 30


def _finish_series(series: Series, images: list[ImageRef]) -> None:
    """Sort, attach geometry, name the plane, add warnings and label the sequence."""
    ordered, sort_warnings = sort_images(images)
    series.images = ordered
    series.warnings.extend(sort_warnings)
    series.plane = plane_of(ordered[0].orientation)
    series.geometry = build_geometry(ordered)
    if series.geometry is None and len(ordered) == 1:
        series.warnings.append(
            "Image Position/Orientation (Patient) missing: this image cannot be linked "
            "to the others by patient position"
        )
    if series.geometry is not None and not series.geometry.spacing_known:
        series.warnings.append("Pixel Spacing missing: sizes in mm are unknown (1 mm assumed)")
    series.sequence, series.sequence_reason = _classify(series)


def _classify(series: Series) -> tuple[str, str]:
    # Imported here so the index keeps working while sequence rules are being loaded/edited.
    from ilc_viewer.study.sequences import classify_series

    return classify_series(series)
