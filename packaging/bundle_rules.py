"""What the bundle keeps and what it leaves out: the rules ``ilc-viewer.spec`` applies.

PyInstaller collects generously: every Qt plugin of every module it sees (Wayland, EGLFS,
VNC, TLS, the GTK theme with the whole GTK stack behind it), Qt's translations in every
language, Babel's CLDR data for every locale, and the desktop's own system libraries. These
functions trim PyInstaller's lists (TOC entries ``(name in the bundle, source, kind)``) to
what the viewer uses. They are plain Python, so tests check them without PyInstaller.

The rules, with their reasons:

- Qt plugins: the platforms the window runs on (xcb on Linux, windows on Windows) and
  ``offscreen`` (drawing with no display: the self-test and headless servers); the input
  contexts, through which staff type Japanese with the desktop's input method; the styles
  (Windows' native look); the JPEG image format. Nothing uses OpenGL, SVG, TLS, networking
  or Wayland (on a Wayland desktop Qt falls back to xcb through XWayland).
- Qt's own translations: ``qtbase`` in the program's languages other than English.
- Babel: the CLDR data of the locales the program writes dates in (``en_GB``, ``ja_JP``)
  and their parents.
- Linux system libraries that belong to the machine, not to the program (X11 and xcb, XKB,
  fontconfig and FreeType, GLib, D-Bus, the C++ runtime): they must match the machine's X
  server, font configuration and graphics drivers, and a copy older than the machine's
  breaks the machine's own libraries that load into the process. Every Debian/Ubuntu desktop
  has them; ``packaging/machine-packages`` lists the packages.
- Libraries that nothing kept loads any more (what the dropped plugins pulled in) go too.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable

#: A PyInstaller TOC entry: (name in the bundle, source path, type code).
Entry = tuple[str, str, str]

#: Qt plugin folders kept, with the plugins kept in each (None: all of the folder).
QT_PLUGINS: dict[str, frozenset[str] | None] = {
    "platforms": frozenset({"qxcb", "qoffscreen", "qwindows"}),
    "platforminputcontexts": None,
    "styles": None,
    "imageformats": frozenset({"qjpeg"}),
}
#: The program's languages other than English (Qt's translations of its standard buttons).
QT_LANGUAGES = ("ja",)
#: Babel locales the program formats dates with (words/formats.py), with their CLDR parents.
BABEL_LOCALES = frozenset({"root", "en", "en_001", "en_GB", "ja", "ja_JP"})
#: Linux libraries taken from the machine (see the module docstring), by file name.
MACHINE_LIBRARIES = re.compile(
    r"lib(X11|X11-xcb|Xau|Xdmcp|Xext|Xrender|Xi|Xfixes|Xcursor|Xrandr)\.so.*"
    r"|libxcb(-[a-z0-9-]+)?\.so.*|libxkbcommon(-x11)?\.so.*"
    r"|libfontconfig\.so.*|libfreetype\.so.*|libexpat\.so.*"
    r"|lib(glib|gobject|gio|gmodule|gthread)-2\.0\.so.*|libdbus-1\.so.*"
    r"|lib(EGL|GL|GLX|OpenGL|GLdispatch)\.so.*"
    r"|libstdc\+\+\.so.*|libgcc_s\.so.*"
)


def _parts(name: str) -> list[str]:
    return name.replace("\\", "/").split("/")


def _stem(file_name: str) -> str:
    """``libqxcb.so`` / ``qwindows.dll`` / ``libqcocoa.dylib`` -> ``qxcb`` / ``qwindows``."""
    stem = file_name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def qt_plugin(name: str) -> tuple[str, str] | None:
    """(plugin folder, plugin) when ``name`` is a Qt plugin in the bundle, else None."""
    parts = _parts(name)
    if "plugins" not in parts[:-2] or parts[0] not in ("PySide6", "PyQt6"):
        return None
    at = parts.index("plugins")
    if len(parts) != at + 3:
        return None
    return parts[at + 1], _stem(parts[-1])


def keep_qt_plugin(name: str) -> bool:
    """Whether a bundle entry survives the Qt plugin rule (anything else always does)."""
    plugin = qt_plugin(name)
    if plugin is None:
        return True
    folder, stem = plugin
    if folder not in QT_PLUGINS:
        return False
    kept = QT_PLUGINS[folder]
    return kept is None or stem in kept


def keep_qt_translation(name: str) -> bool:
    """Whether a bundle entry survives the rule on Qt's own ``.qm`` files."""
    parts = _parts(name)
    if parts[0] not in ("PySide6", "PyQt6") or "translations" not in parts[:-1]:
        return True
    return parts[-1] in {f"qtbase_{lang}.qm" for lang in QT_LANGUAGES}


def keep_babel_data(name: str) -> bool:
    """Whether a bundle entry survives the rule on Babel's CLDR locale files."""
    parts = _parts(name)
    if parts[:2] != ["babel", "locale-data"] or len(parts) != 3:
        return True
    return parts[2].removesuffix(".dat") in BABEL_LOCALES


def machine_library(name: str) -> bool:
    """Whether a bundle entry is a Linux library that the machine provides (top level only:
    wheels' own copies, e.g. ``pillow.libs/libfreetype-57f805ba.so.6``, stay)."""
    return "/" not in name.replace("\\", "/") and bool(MACHINE_LIBRARIES.fullmatch(name))


def apply_rules(entries: Iterable[Entry], linux: bool) -> list[Entry]:
    """The entries that every rule keeps (the machine's libraries only on Linux)."""
    return [entry for entry in entries
            if keep_qt_plugin(entry[0]) and keep_qt_translation(entry[0])
            and keep_babel_data(entry[0]) and not (linux and machine_library(entry[0]))]


def _is_root(entry: Entry) -> bool:
    name, _source, kind = entry
    base = posixpath.basename(name.replace("\\", "/"))
    return (kind == "EXTENSION" or qt_plugin(name) is not None
            or base.startswith(("libpython", "python3")))


def prune_orphans(entries: Iterable[Entry], imports_of: Callable[[str], Iterable[str]]
                  ) -> list[Entry]:
    """The entries without the shared libraries that nothing kept needs any more.

    Roots are the Python extension modules, the Qt plugins and Python's own library; every
    library they link to directly (``imports_of(source)``: the file names in a binary's
    ``DT_NEEDED``), and the libraries those link to, is kept. Symbolic links stay when their
    target stays; data files and anything else are untouched.
    """
    entries = list(entries)
    libraries = {posixpath.basename(name): source for name, source, kind in entries
                 if kind == "BINARY"}
    needed: set[str] = set()
    todo = [source for name, source, kind in entries if _is_root((name, source, kind))]
    seen: set[str] = set()
    while todo:
        source = todo.pop()
        if source in seen:
            continue
        seen.add(source)
        for imported in imports_of(source):
            base = posixpath.basename(imported)
            if base in libraries and base not in needed:
                needed.add(base)
                todo.append(libraries[base])
    kept = [(name, source, kind) for name, source, kind in entries
            if kind != "BINARY" or _is_root((name, source, kind))
            or posixpath.basename(name) in needed]
    return drop_dangling_links(kept, {name for name, _source, _kind in kept})


def drop_dangling_links(entries: Iterable[Entry], present: set[str]) -> list[Entry]:
    """The entries without symbolic links whose target is not in ``present`` (PyInstaller
    lists its links among the data, pointing at a library's place in the bundle)."""
    out = []
    for name, source, kind in entries:
        if kind == "SYMLINK":  # source: the target, relative to the link's folder
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), source))
            if target not in present:
                continue
        out.append((name, source, kind))
    return out
