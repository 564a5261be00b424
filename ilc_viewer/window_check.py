"""Can the window open here? Checked before Qt is imported, so a failure is one clear line.

Without a display, Qt aborts the process (exit 134) with several lines of its own, among them
a hint about ``xcb-cursor0`` that is wrong when the display is the only thing missing. On
Linux with X11 (``QT_QPA_PLATFORM`` unset or ``xcb``, no Wayland session) this module checks,
in this order, that ``DISPLAY`` is set, that Qt's xcb platform plugin can load its libraries
(naming the Debian package of the first one missing), and that the X server answers. It never
imports Qt: it loads the plugin's shared library with :mod:`ctypes`, which Qt would load a
moment later anyway. Elsewhere (Windows, macOS, Wayland, offscreen) Qt is left to decide.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path

HEADLESS = ("the commands that need no display still work: 'ilc-viewer info [PATH]' and "
            "'ilc-viewer export [PATH] --out FILE'")
#: Libraries whose Debian package name does not follow from the file name.
PACKAGE_EXCEPTIONS = {"libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0"}


def window_problem(environ: Mapping[str, str] = os.environ,
                   platform: str = sys.platform) -> str | None:
    """Why the window cannot open here, as one sentence, or ``None`` when Qt may try."""
    if not platform.startswith("linux"):
        return None
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    first = re.split(r"[;:]", requested, maxsplit=1)[0] if requested else ""
    if first and first != "xcb":
        return None  # offscreen, wayland, vnc, ...: the user chose
    if not first and environ.get("WAYLAND_DISPLAY", "").strip():
        return None
    display = environ.get("DISPLAY", "").strip()
    if not display:
        return f"no display found (DISPLAY is not set), so the window cannot open; {HEADLESS}"
    missing = missing_xcb_library()
    if missing:
        return (f"the window cannot open: Qt's X11 plugin needs {missing}, which is not "
                f"installed (Debian/Ubuntu package {debian_package(missing)}); {HEADLESS}")
    if not x_server_answers(display):
        return (f"no display found (the X server at DISPLAY={display} does not answer), so the "
                f"window cannot open; {HEADLESS}")
    return None


def xcb_plugin() -> Path | None:
    """Qt's xcb platform plugin inside the installed PySide6, located without importing it."""
    try:
        spec = importlib.util.find_spec("PySide6")
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        plugin = Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
        if plugin.is_file():
            return plugin
    return None


def missing_xcb_library() -> str | None:
    """The file name of a library the xcb plugin needs and cannot find, or ``None``."""
    import ctypes

    plugin = xcb_plugin()
    if plugin is None:
        return None  # no PySide6 here: importing the window says so
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        # "libxcb-cursor.so.0: cannot open shared object file: No such file or directory"
        match = re.match(r"\s*([^\s:/]+\.so[.\d]*): cannot open shared object file", str(exc))
        return match.group(1) if match else None
    return None


def x_server_answers(display: str) -> bool:
    """Whether an X server accepts a connection at ``display`` (as Qt will ask it)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # cannot tell here; the plugin check names a missing libxcb
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return connection is not None and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection is not None:
            xcb.xcb_disconnect(connection)  # also frees the error object xcb returns


def debian_package(library: str) -> str:
    """The Debian/Ubuntu package that ships a library: ``libxcb-cursor.so.0`` → libxcb-cursor0.

    Debian names a library package after its soname (policy 8.1): the name in lower case, then
    the major version, with a hyphen between when the name ends in a digit.
    """
    if library in PACKAGE_EXCEPTIONS:
        return PACKAGE_EXCEPTIONS[library]
    match = re.fullmatch(r"(lib.+?)\.so\.(\d+)(?:\.\d+)*", library)
    if not match:
        return library
    name, major = match.group(1).lower(), match.group(2)
    return f"{name}-{major}" if name[-1].isdigit() else f"{name}{major}"
