"""Header reading shared between this process and a pool of worker processes.

Header parsing is pure Python and holds the GIL, so only processes read in parallel. The
pool lives as long as the program (forkserver start, the reader preloaded) because starting
it costs more than a scan of a few thousand files; :func:`read_shared` lets this process
read too, so a scan never waits for workers that are still starting.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import queue
import threading
import warnings
from collections import defaultdict, deque
from collections.abc import Callable, Generator, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from ilc_viewer.dicom.headers import FileRecord, NotAnImage, read_header
from ilc_viewer.study.model import ImageSource

log = logging.getLogger(__name__)


def read_shared(
    sources: list[ImageSource], workers: int, check_cancel: Callable[[], None]
) -> Iterator[tuple[ImageSource, FileRecord | NotAnImage]]:
    """Read batches here and in the worker processes at once, whichever is free first.

    A feeder thread hands batches from the back of the queue to the pool while this thread
    reads from the front. Starting the workers takes longer than reading a few hundred
    headers, so a first scan is mostly read here at serial speed (and leaves the pool
    started for the next one); with the pool running, the work is shared.
    """
    chunk = max(8, min(64, len(sources) // (workers * 8) or 1))
    todo = deque(sources[i : i + chunk] for i in range(0, len(sources), chunk))
    lock = threading.Lock()
    stop = threading.Event()
    finished: queue.SimpleQueue = queue.SimpleQueue()  # (results or None, failed batch)
    feeder = threading.Thread(
        target=_feed_pool,
        args=(todo, lock, stop, finished, workers),
        name="dicom-scan-feeder",
        daemon=True,
    )
    feeder.start()
    feeding = True
    try:
        while True:
            check_cancel()
            while feeding and not finished.empty():
                feeding = yield from _take_finished(finished.get())
            with lock:
                batch = todo.popleft() if todo else None
            if batch is not None:
                for source in batch:
                    yield source, read_header(source)
            elif feeding:
                try:
                    item = finished.get(timeout=0.2)
                except queue.Empty:
                    continue
                feeding = yield from _take_finished(item)
            else:
                return
    finally:
        stop.set()


def _take_finished(
    item: tuple[list | None, list[ImageSource] | None] | None,
) -> Generator[tuple[ImageSource, FileRecord | NotAnImage], None, bool]:
    """Yield one batch the feeder got back; return False once the feeder is done."""
    if item is None:
        return False
    results, failed = item
    if results is None:  # its worker died (out of memory...): read the batch here
        results = [(source, read_header(source)) for source in failed or []]
    yield from results
    return True


def _feed_pool(
    todo: deque[list[ImageSource]],
    lock: threading.Lock,
    stop: threading.Event,
    finished: queue.SimpleQueue,
    workers: int,
) -> None:
    """Send batches from the back of ``todo`` to the pool, a few at a time; None when done."""
    in_flight: dict[Future, list[ImageSource]] = {}

    def collect(block: bool) -> None:
        done, _ = wait(in_flight, timeout=0.2 if block else 0, return_when=FIRST_COMPLETED)
        for future in done:
            batch = in_flight.pop(future)
            try:
                finished.put((future.result(), None))
            except Exception as exc:
                log.warning("header worker failed (%s); reading in this process", exc)
                _discard_pool()
                finished.put((None, batch))

    try:
        pool = _process_pool(workers)
        while not stop.is_set():
            # A few batches per worker in flight: enough to keep them busy, few enough
            # that the scanning thread still finds work at the front of the queue.
            if len(in_flight) > workers:
                collect(block=True)
                continue
            with lock:
                batch = todo.pop() if todo else None
            if batch is None:
                break
            try:
                in_flight[pool.submit(read_batch, batch)] = batch
            except BrokenProcessPool as exc:
                # A worker died in an earlier scan: start afresh next time.
                log.warning("header workers unavailable (%s); reading in this process", exc)
                _discard_pool()
                finished.put((None, batch))
                break
        while in_flight and not stop.is_set():
            collect(block=True)
    except Exception as exc:  # no pool at all (no processes allowed here...): read there
        log.warning("header workers cannot start (%s); reading in this process", exc)
    finally:
        for future, batch in in_flight.items():
            if not future.cancel() and not stop.is_set():
                finished.put((None, batch))
        finished.put(None)


def read_batch(sources: list[ImageSource]) -> list[tuple[ImageSource, FileRecord | NotAnImage]]:
    """Read the headers of a batch of plain files (runs in a worker process)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = [(source, read_header(source)) for source in sources]
    _share_equal_values(results)
    return results


def _share_equal_values(results: list[tuple[ImageSource, FileRecord | NotAnImage]]) -> None:
    """Make equal values of a batch one object, so the batch pickles small.

    The files of a series repeat the same study, series and acquisition values; pickle
    writes an object it has already written as a short reference, which halves the bytes
    sent and the time the scanning process spends unpickling them.
    """
    shared: dict[str, dict] = defaultdict(dict)
    for _, record in results:
        if isinstance(record, NotAnImage):
            continue
        for name in _RECORD_SHARED:
            value = getattr(record, name)
            setattr(record, name, shared[name].setdefault(value, value))
        # -0.0 equals 0.0 but prints differently: such parameters are sent as they are.
        if not any(_negative_zero(v) for v in record.params.__dict__.values()):
            record.params = shared["params"].setdefault(record.params, record.params)
        for image in record.images:
            for name in _IMAGE_SHARED:
                value = getattr(image, name)
                setattr(image, name, shared[name].setdefault(value, value))


def _negative_zero(value: object) -> bool:
    return type(value) is float and value == 0.0 and math.copysign(1.0, value) < 0


_RECORD_SHARED = (
    "patient",
    "study_uid",
    "study_description",
    "study_date",
    "study_time",
    "series_uid",
    "series_description",
    "modality",
    "frame_of_reference_uid",
)
#: Only text: equal text is the same text, while equal numbers may differ in sign of zero.
_IMAGE_SHARED = ("image_type", "transfer_syntax_uid", "photometric_interpretation")


_pool: ProcessPoolExecutor | None = None
_pool_workers = 0
_pool_lock = threading.Lock()


def _process_pool(workers: int) -> ProcessPoolExecutor:
    """One pool for the life of the program: starting workers costs more than a scan."""
    global _pool, _pool_workers
    with _pool_lock:
        if _pool is None or _pool_workers != workers:
            if _pool is not None:
                _pool.shutdown(wait=False, cancel_futures=True)
            # forkserver: never fork a process that runs GUI threads; the server preloads
            # the reader so each worker starts warm.
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn"
            )
            if "forkserver" in methods:
                context.set_forkserver_preload(["ilc_viewer.dicom.header_workers"])
            _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
            _pool_workers = workers
        return _pool


def start_workers(workers: int | None = None, wait: bool = False) -> None:
    """Start the header worker processes now, so later scans share the reading at once.

    For a program that scans more than once (the window): a first scan alone is quicker
    without them. Starts in a background thread unless ``wait`` is true.
    """
    count = workers or os.cpu_count() or 1
    if count < 2:
        return

    def start() -> None:
        try:
            pool = _process_pool(count)
            for future in [pool.submit(os.getpid) for _ in range(count)]:
                future.result()
        except Exception as exc:  # scans still work without them
            log.warning("header workers cannot start (%s)", exc)

    if wait:
        start()
    else:
        threading.Thread(target=start, name="dicom-scan-workers", daemon=True).start()


def pool_running(workers: int) -> bool:
    with _pool_lock:
        return _pool is not None and _pool_workers == workers


def _discard_pool() -> None:
    """Forget a broken pool so the next scan starts a new one."""
    global _pool
    with _pool_lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
