"""packaging/bundle_rules.py: what the one-folder bundle keeps of what PyInstaller collects."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "packaging"))
import bundle_rules as rules

PLUGINS = "PySide6/Qt/plugins"


def names(entries: list[rules.Entry]) -> list[str]:
    return [name for name, _source, _kind in entries]


def test_only_the_platforms_input_methods_styles_and_jpeg_plugins_are_kept() -> None:
    entries = [(f"{PLUGINS}/{name}", f"/src/{name}", "BINARY") for name in (
        "platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/libqwayland.so",
        "platforms/libqeglfs.so", "platforms/qwindows.dll", "platforms/qoffscreen.dll",
        "platforminputcontexts/libibusplatforminputcontextplugin.so",
        "styles/qmodernwindowsstyle.dll", "imageformats/libqjpeg.so",
        "imageformats/libqsvg.so", "platformthemes/libqgtk3.so", "tls/libqopensslbackend.so",
        "xcbglintegrations/libqxcb-glx-integration.so")]
    kept = names(rules.apply_rules(entries, linux=True))
    assert kept == [f"{PLUGINS}/{name}" for name in (
        "platforms/libqxcb.so", "platforms/libqoffscreen.so", "platforms/qwindows.dll",
        "platforms/qoffscreen.dll", "platforminputcontexts/libibusplatforminputcontextplugin.so",
        "styles/qmodernwindowsstyle.dll", "imageformats/libqjpeg.so")]


def test_qt_translations_are_kept_in_japanese_only_and_babel_in_the_dates_locales() -> None:
    entries = [(name, "/src", "DATA") for name in (
        "PySide6/Qt/translations/qtbase_ja.qm", "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/translations/qt_help_ja.qm", "babel/locale-data/ja.dat",
        "babel/locale-data/ja_JP.dat", "babel/locale-data/en_GB.dat",
        "babel/locale-data/en_001.dat", "babel/locale-data/root.dat",
        "babel/locale-data/en.dat", "babel/locale-data/fr.dat", "babel/global.dat",
        "ilc_viewer/resources/i18n/ilc_viewer_ja.qm")]
    kept = names(rules.apply_rules(entries, linux=False))
    assert kept == ["PySide6/Qt/translations/qtbase_ja.qm", "babel/locale-data/ja.dat",
                    "babel/locale-data/ja_JP.dat", "babel/locale-data/en_GB.dat",
                    "babel/locale-data/en_001.dat", "babel/locale-data/root.dat",
                    "babel/locale-data/en.dat", "babel/global.dat",
                    "ilc_viewer/resources/i18n/ilc_viewer_ja.qm"]


def test_the_desktops_libraries_come_from_the_machine_on_linux_only() -> None:
    entries = [(name, f"/usr/lib/{name}", "BINARY") for name in (
        "libxcb-cursor.so.0", "libX11.so.6", "libxkbcommon-x11.so.0", "libfontconfig.so.1",
        "libglib-2.0.so.0", "libdbus-1.so.3", "libstdc++.so.6", "libffi.so.8",
        "libsqlite3.so.0", "pillow.libs/libxcb-9065bb12.so.1.1.0",
        "pillow.libs/libfreetype-57f805ba.so.6.20.6")]
    kept = names(rules.apply_rules(entries, linux=True))
    assert kept == ["libffi.so.8", "libsqlite3.so.0", "pillow.libs/libxcb-9065bb12.so.1.1.0",
                    "pillow.libs/libfreetype-57f805ba.so.6.20.6"]
    assert len(rules.apply_rules(entries, linux=False)) == len(entries)


def test_libraries_nothing_kept_needs_are_pruned_with_their_links() -> None:
    entries = [
        ("PySide6/QtGui.abi3.so", "/s/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/s/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/s/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/lib/libicuuc.so.73", "/s/libicuuc.so.73", "BINARY"),
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6", "/s/libQt6WaylandClient.so.6", "BINARY"),
        (f"{PLUGINS}/platforms/libqxcb.so", "/s/libqxcb.so", "BINARY"),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/s/libQt6XcbQpa.so.6", "BINARY"),
        ("libgtk-3.so.0", "/usr/lib/libgtk-3.so.0", "BINARY"),
        ("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0", "BINARY"),
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6WaylandClient.so.6", "PySide6/Qt/lib/libQt6WaylandClient.so.6", "SYMLINK"),
    ]
    links = {
        "/s/QtGui.abi3.so": ["libQt6Gui.so.6", "libc.so.6"],
        "/s/libQt6Gui.so.6": ["libQt6Core.so.6"],
        "/s/libQt6Core.so.6": ["libicuuc.so.73"],
        "/s/libqxcb.so": ["libQt6XcbQpa.so.6"],
    }
    kept = names(rules.prune_orphans(entries, lambda source: links.get(source, [])))
    assert kept == [
        "PySide6/QtGui.abi3.so", "PySide6/Qt/lib/libQt6Gui.so.6",
        "PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt/lib/libicuuc.so.73",
        f"{PLUGINS}/platforms/libqxcb.so", "PySide6/Qt/lib/libQt6XcbQpa.so.6",
        "libpython3.11.so.1.0", "libQt6Core.so.6"]


def test_a_link_is_dropped_with_its_target() -> None:
    entries = [("a/lib.so", "/s", "BINARY"), ("lib.so", "a/lib.so", "SYMLINK"),
               ("gone.so", "a/gone.so", "SYMLINK"), ("a/b/up.so", "../lib.so", "SYMLINK")]
    assert names(rules.drop_dangling_links(entries, {"a/lib.so"})) == [
        "a/lib.so", "lib.so", "a/b/up.so"]
