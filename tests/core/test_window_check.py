"""Without a display the window command says so in one line, before Qt can abort."""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys

import pytest

from ilc_viewer import window_check
from ilc_viewer.window_check import debian_package, window_problem


def test_without_a_display_the_window_command_is_one_line_and_no_qt_text(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["ILC_VIEWER_DATA_DIR"] = str(tmp_path)
    result = subprocess.run([sys.executable, "-m", "ilc_viewer"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "no display found" in lines[0] and "ilc-viewer export" in lines[0]
    assert "qt.qpa" not in result.stderr and "Aborted" not in result.stderr


def test_an_x_server_that_does_not_answer_is_named() -> None:
    problem = window_problem({"DISPLAY": ":4242"}, "linux")
    assert problem is not None and "DISPLAY=:4242 does not answer" in problem


@pytest.mark.parametrize("environ", [
    {"QT_QPA_PLATFORM": "offscreen"},
    {"QT_QPA_PLATFORM": "wayland;xcb"},
    {"WAYLAND_DISPLAY": "wayland-0"},
])
def test_other_platforms_and_wayland_are_left_to_qt(environ) -> None:
    assert window_problem(environ, "linux") is None


def test_windows_and_macos_are_left_to_qt() -> None:
    assert window_problem({}, "win32") is None and window_problem({}, "darwin") is None


def test_a_missing_xcb_library_names_its_debian_package(monkeypatch) -> None:
    def no_cursor(name: str) -> None:
        raise OSError("libxcb-cursor.so.0: cannot open shared object file: No such file or "
                      "directory")

    monkeypatch.setattr(ctypes, "CDLL", no_cursor)
    assert window_check.missing_xcb_library() == "libxcb-cursor.so.0"
    problem = window_problem({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux")
    assert problem is not None and "package libxcb-cursor0" in problem
    assert "\n" not in problem


@pytest.mark.parametrize("library, package", [
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libEGL.so.1", "libegl1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libxcb-render-util.so.0.0.0", "libxcb-render-util0"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
])
def test_debian_package_of_a_library(library: str, package: str) -> None:
    assert debian_package(library) == package
