"""The scan started before the window's modules load hands over the same index."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ilc_viewer.dicom.index import ScanCancelled, scan
from ilc_viewer.errors import StudyLoadError
from ilc_viewer.open_study.early_scan import EarlyScan, start_early_scan
from tests.core.test_export_support import write_study


def test_the_early_scan_gives_the_index_a_scan_gives(tmp_path: Path) -> None:
    write_study(tmp_path)
    early = EarlyScan(tmp_path)
    seen: list[tuple[int, int]] = []
    index = early.wait(lambda done, total: seen.append((done, total)))
    direct = scan(tmp_path)
    assert [s.key for s in index.all_series()] == [s.key for s in direct.all_series()]
    assert index.image_count == direct.image_count
    assert early.is_for(str(tmp_path)) and not early.is_for(tmp_path / "other")


def test_its_error_reaches_whoever_waits(tmp_path: Path) -> None:
    early = EarlyScan(tmp_path / "missing")
    with pytest.raises(StudyLoadError):
        early.wait()
    assert start_early_scan(tmp_path / "missing") is None  # nothing to start


def test_waiting_with_a_set_cancel_event_stops_it(tmp_path: Path) -> None:
    write_study(tmp_path)
    stop = threading.Event()
    stop.set()
    early = EarlyScan(tmp_path)
    try:
        early.wait(cancel=stop)
    except ScanCancelled:
        assert early.cancelled.is_set()
    else:  # the scan may finish before the cancel is seen; it was asked to stop all the same
        assert early.cancelled.is_set()


#: Runs in a fresh interpreter (one thread, no Qt: as the command line starts the window).
IN_A_FRESH_PROCESS = """
import json, os, sys
from ilc_viewer.dicom.index import ScanCancelled, scan
from ilc_viewer.open_study.early_scan import EarlyScan, can_fork
path, how = sys.argv[1], sys.argv[2]
could = can_fork()
early = EarlyScan(path)
child = early.child
seen = []
if how == "kill":
    os.kill(child, 9)
if how == "cancel":
    early.cancel()
    try:
        early.wait()
        outcome = "finished"
    except ScanCancelled:
        outcome = "cancelled"
    early._thread.join(10)
    try:
        os.waitpid(child, os.WNOHANG)
        reaped = False
    except ChildProcessError:
        reaped = True
    print(json.dumps({"outcome": outcome, "reaped": reaped}))
    sys.exit()
index = early.wait(lambda done, total: seen.append([done, total]))
direct = scan(path)
print(json.dumps({
    "could_fork": could, "child": child, "me": os.getpid(), "progress": seen[-1:],
    "same": [s.key for s in index.all_series()] == [s.key for s in direct.all_series()]
            and index.image_count == direct.image_count,
    "images": index.image_count}))
"""


def _in_a_fresh_process(path: Path, how: str = "") -> dict:
    import json
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", IN_A_FRESH_PROCESS, str(path), how],
                            capture_output=True, text=True, timeout=120, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="fork: Linux")
def test_started_before_any_thread_the_scan_runs_in_a_child_process(tmp_path: Path) -> None:
    write_study(tmp_path)
    seen = _in_a_fresh_process(tmp_path)
    assert seen["could_fork"] and seen["child"] not in (None, seen["me"])
    assert seen["same"] and seen["images"] > 0
    assert seen["progress"] == [[seen["images"], seen["images"]]]  # relayed from the child


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="fork: Linux")
def test_a_child_that_dies_leaves_the_scan_to_this_process(tmp_path: Path) -> None:
    write_study(tmp_path)
    seen = _in_a_fresh_process(tmp_path, "kill")
    assert seen["child"] is not None and seen["same"] and seen["images"] > 0


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="fork: Linux")
def test_cancelling_stops_and_reaps_the_child(tmp_path: Path) -> None:
    write_study(tmp_path)
    assert _in_a_fresh_process(tmp_path, "cancel") == {"outcome": "cancelled", "reaped": True}


def test_no_child_is_forked_while_another_thread_runs(tmp_path: Path) -> None:
    from ilc_viewer.open_study.early_scan import can_fork

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork()
        write_study(tmp_path)
        early = EarlyScan(tmp_path)
        assert early.child is None
        assert early.wait().image_count > 0
    finally:
        stop.set()
        other.join()
