"""The self-test's parts without a window: report, display choice, clock, network watch, the
checks of the installation, and the verdicts on the window's facts."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ilc_viewer.self_test import Check, Report, clock
from ilc_viewer.self_test.install import bundled_files, decoders, program_folder_unchanged
from ilc_viewer.self_test.window_checks import PaneFacts, WindowFacts, pane_check, window_checks
from ilc_viewer.storage.resources import resource_file


def test_report_prints_each_check_and_passes_only_when_all_pass() -> None:
    out = io.StringIO()
    report = Report("en", out)
    assert not report.passed  # no check yet: nothing was shown to work
    report.add(Check("phrase library", True, "17 phrases"))
    assert report.passed
    report.add(Check("decoders", False, "RLE: wrong pixels"))
    assert not report.passed
    assert out.getvalue().splitlines() == [
        "  ok     phrase library: 17 phrases", "  FAILED decoders: RLE: wrong pixels"]
    assert report.summary() == "Self-test FAILED: 1 of 2 checks failed."


def test_report_speaks_japanese() -> None:
    out = io.StringIO()
    report = Report("ja", out)
    from ilc_viewer.words.catalogue import _

    report.add(Check(_("phrase library"), True, _("{count} phrases", count=17)))
    assert out.getvalue() == "  合格     フレーズ集: 17 件のフレーズ\n"
    assert report.summary() == "自己診断に合格しました: 1 項目すべて合格です。"


def test_without_a_display_the_window_is_drawn_offscreen() -> None:
    from ilc_viewer.cli.self_test import choose_display

    env: dict[str, str] = {"HOME": "/nowhere"}
    check = choose_display(env, "linux")
    assert check.passed and env["QT_QPA_PLATFORM"] == "offscreen"
    assert check.detail == "none found: the window is drawn offscreen"


def test_a_platform_asked_for_is_kept_and_windows_uses_its_desktop() -> None:
    from ilc_viewer.cli.self_test import choose_display

    env = {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}
    assert choose_display(env, "linux").detail == "as asked: QT_QPA_PLATFORM=xcb"
    assert env["QT_QPA_PLATFORM"] == "xcb"
    windows: dict[str, str] = {}
    assert choose_display(windows, "win32").passed and "QT_QPA_PLATFORM" not in windows


def test_a_display_that_does_not_answer_fails_and_the_rest_runs_offscreen(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from ilc_viewer import window_check
    from ilc_viewer.cli.self_test import choose_display

    monkeypatch.setattr(window_check, "missing_xcb_library", lambda: None)
    monkeypatch.setattr(window_check, "x_server_answers", lambda display: False)
    env = {"DISPLAY": ":97"}
    check = choose_display(env, "linux")
    assert not check.passed and "does not answer" in check.detail
    assert env["QT_QPA_PLATFORM"] == "offscreen"


def test_the_clock_counts_from_the_process_start_not_from_the_first_import() -> None:
    code = ("import time; time.sleep(0.5)\n"
            "from ilc_viewer.self_test import clock\n"
            "print(*clock.since_start())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    seconds, from_start = float(out[0]), out[1] == "True"
    if sys.platform.startswith(("linux", "win")):
        assert from_start and 0.45 <= seconds < 60
    else:
        assert not from_start and seconds < 0.45


def test_started_at_is_in_the_past() -> None:
    assert clock.started_at() <= time.time()


WATCHED = """
import socket, sys
from ilc_viewer.self_test.network import WATCH
server = socket.create_server(("127.0.0.1", 0))  # before the watch: the test's own listener
port = server.getsockname()[1]
WATCH.start()
print(WATCH.attempts)
left, right = socket.socketpair(socket.AF_UNIX)  # local: not the network
print(WATCH.attempts)
with socket.create_connection(("127.0.0.1", port), timeout=5):
    pass
print(WATCH.attempts)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")
def test_the_network_watch_sees_a_connection_but_not_local_sockets() -> None:
    out = subprocess.run([sys.executable, "-c", WATCHED], capture_output=True, text=True,
                         check=True, timeout=60).stdout.splitlines()
    assert out[0] == "[]" and out[1] == "[]"
    assert "connect 127.0.0.1:" in out[2]


def test_the_bundled_files_are_all_found_and_used() -> None:
    checks = bundled_files()
    assert [c.name for c in checks if not c.passed] == []
    assert {str(c.name) for c in checks} >= {"phrase library", "Japanese font for images and "
                                             "exports", "dates in English and Japanese (Babel)"}


def test_every_decoder_sample_decodes_to_its_pixels() -> None:
    check = decoders()
    assert check.passed, check.detail
    assert check.detail == "JPEG lossless, JPEG baseline, JPEG 2000, JPEG-LS, RLE"


def test_a_damaged_decoder_sample_fails_the_decoders_check(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(resource_file("self_test"), tmp_path / "samples"))
    damaged = folder / "jpeg_lossless_sv1.dcm"
    data = bytearray(damaged.read_bytes())
    data[-400:-2] = bytes(398)  # the end of the JPEG stream zeroed, its end marker kept
    damaged.write_bytes(bytes(data))
    (folder / "rle_lossless.dcm").unlink()
    check = decoders(folder)
    assert not check.passed
    assert "JPEG lossless: " in check.detail and "RLE: the sample is missing" in check.detail


def test_a_file_written_in_the_program_folder_fails_its_check(tmp_path: Path) -> None:
    (tmp_path / "kept.txt").write_text("old")
    (tmp_path / "__pycache__").mkdir()
    since = time.time()
    time.sleep(0.05)
    (tmp_path / "__pycache__" / "x.pyc").write_bytes(b"")  # Python's cache: not ours
    assert program_folder_unchanged(since, tmp_path).passed
    (tmp_path / "settings.ini").write_text("new")
    check = program_folder_unchanged(since, tmp_path)
    assert not check.passed and check.detail.endswith("changed settings.ini")


def test_window_checks_say_what_each_panel_shows() -> None:
    facts = WindowFacts(platform="offscreen", source="/s", studies=1, series=4, images=59,
                        first_image=1.234, cpu=0.9,
                        qt_catalogues={"ilc_viewer_ja.qm": True, "qtbase_ja.qm": True},
                        panes=[PaneFacts(1, "T1", "t1", "T1", painted=True, spread=40,
                                         screen_match=0.95),
                               PaneFacts(2, "T2", missing=True),
                               PaneFacts(3, "STIR", "tirm", "STIR", failure="cut short")])
    said = {str(c.name): (c.passed, str(c.detail)) for c in window_checks(facts)}
    assert said["first image painted"] == (
        True, "1.23 s after the program started (CPU 0.90 s)")
    assert said["study read"] == (True, "/s: 4 series, 59 images")
    assert said["panel 1 (T1)"] == (True, "t1: image shown (match 0.95)")
    assert said["panel 2 (T2)"] == (False, "no T2 series in this study")
    assert said["panel 3 (STIR)"] == (False, "tirm: cut short")


@pytest.mark.parametrize(("facts", "detail"), [
    (PaneFacts(1, "T1", "t1", painted=False), "no image was painted"),
    (PaneFacts(1, "T1", "t1", painted=True, spread=0.5, screen_match=1.0),
     "t1: the image is blank"),
    (PaneFacts(1, "T1", "t1", painted=True, spread=30, screen_match=0.1),
     "t1: the window draws something other than the image (match 0.10)"),
])
def test_a_panel_without_its_image_fails(facts: PaneFacts, detail: str) -> None:
    check = pane_check(facts)
    assert not check.passed and check.detail == detail


def test_no_first_image_fails_with_the_time_waited() -> None:
    checks = window_checks(WindowFacts(platform="offscreen", series=1, timed_out=90.2))
    first = next(c for c in checks if c.name == "first image painted")
    assert not first.passed and first.detail == "no image within 90 s"


def test_the_command_line_runs_the_self_test_before_anything_else() -> None:
    # `--self-test` is found wherever it stands, unless a sub-command comes first
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-m", "ilc_viewer", "--self-test", "--lang", "xx"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip() == "ilc-viewer: --lang must be en or ja"
