"""On-screen words in English and Japanese (overlays, panels, status lines).

Patient-facing captions come from :mod:`ilc_viewer.captions`; these are the viewer's own words.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "slice": {"en": "Slice {index} / {count}", "ja": "スライス {index} / {count}"},
    "position": {"en": "{mm:+.1f} mm", "ja": "{mm:+.1f} mm"},
    "no_match": {
        "en": "no matching slice (nearest {mm:.0f} mm away)",
        "ja": "同じ位置の画像なし（最も近い画像まで {mm:.0f} mm）",
    },
    "empty_pane": {
        "en": "Drop a series here",
        "ja": "ここにシリーズをドロップ",
    },
    "no_sequence": {
        "en": "No {sequence} series in this study",
        "ja": "この検査には {sequence} がありません",
    },
    "decode_failed": {
        "en": "Cannot show this slice:\n{reason}",
        "ja": "この画像を表示できません:\n{reason}",
    },
    "scale_unknown": {"en": "size unknown", "ja": "大きさ不明"},
    "patient": {"en": "Name", "ja": "氏名"},
    "patient_id": {"en": "ID", "ja": "ID"},
    "birth_date": {"en": "Born", "ja": "生年月日"},
    "images": {"en": "{count} images", "ja": "{count} 枚"},
    "loading": {"en": "Reading {path} ...", "ja": "{path} を読み込み中 ..."},
    "loaded": {
        "en": "{series} series, {images} images; files skipped: {skipped}",
        "ja": "{series} シリーズ、{images} 枚、スキップしたファイル: {skipped}",
    },
}

#: Plane names shown to people.
PLANES = {
    "sagittal": {"en": "sagittal", "ja": "矢状断"},
    "axial": {"en": "axial", "ja": "横断"},
    "coronal": {"en": "coronal", "ja": "冠状断"},
    "oblique": {"en": "oblique", "ja": "斜位"},
    "unknown": {"en": "", "ja": ""},
}

#: Orientation letters: English initials, and the Japanese words for the sides.
DIRECTIONS_JA = {"A": "前", "P": "後", "H": "頭", "F": "足", "R": "右", "L": "左"}


def tr(key: str, language: str, **values: object) -> str:
    """The words for ``key`` in ``language`` ("en" or "ja"), with values filled in."""
    entry = WORDS[key]
    return entry.get(language, entry["en"]).format(**values)


def plane(name: str, language: str) -> str:
    """A plane name in the chosen language."""
    return PLANES.get(name, PLANES["unknown"]).get(language, name)


def direction(letters: str, language: str) -> str:
    """Orientation letters ("A", "HF", ...) in the chosen language (first letter in Japanese)."""
    if language == "ja" and letters:
        return DIRECTIONS_JA.get(letters[0], letters[0])
    return letters
