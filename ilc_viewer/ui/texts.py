"""On-screen words in English and Japanese (panels, status lines).

Patient-facing captions come from :mod:`ilc_viewer.words.captions`; the words the screen shares with
the export (slice lines, plane names, patient lines, ...) from :mod:`ilc_viewer.words.overlay_text`,
so the two always say the same thing. These are the window's own words.
"""

from __future__ import annotations

from ilc_viewer.words import overlay_text

#: The window's own words; the words shared with the export come from overlay_text.
UI_WORDS: dict[str, dict[str, str]] = {
    "images": {
        "en": "{count} images",
        "ja": "{count} 枚",
    },
    "loading": {
        "en": "Reading {path} ...",
        "ja": "{path} を読み込み中 ...",
    },
    "loaded": {
        "en": "{series} series, {images} images; files skipped: {skipped}",
        "ja": "{series} シリーズ、{images} 枚、スキップしたファイル: {skipped}",
    },
}


def tr(key: str, language: str, **values: object) -> str:
    """The words for ``key`` in ``language`` ("en" or "ja"), with values filled in."""
    entry = UI_WORDS.get(key)
    if entry is None:
        return overlay_text.tr(key, language, **values)
    return entry.get(language, entry["en"]).format(**values)


def plane(name: str, language: str) -> str:
    """A plane name in the chosen language."""
    return overlay_text.plane_name(name, language)
