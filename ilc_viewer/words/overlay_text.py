"""What the overlays say, decided once for the screen and the export (pure functions, no Qt).

The panel scene (``ilc_viewer/scene/panel.py``) asks this module *what* to write; the screen
and every export paint that one scene, so an exported picture carries the same letters, bar
length and captions as the screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ilc_viewer.errors import ViewerError
from ilc_viewer.study.geometry import SeriesGeometry, direction_label
from ilc_viewer.study.summary import person_name  # also the window's and export's name words
from ilc_viewer.words import captions

if TYPE_CHECKING:
    from ilc_viewer.annotations.levels import LevelPosition
    from ilc_viewer.open_study.viewer_state import PaneState
    from ilc_viewer.study.model import PatientInfo, Series

#: Scale bar lengths to choose from (cm), shortest first.
SCALE_BAR_CHOICES_CM = (1, 2, 5, 10)

WORDS: dict[str, dict[str, str]] = {
    "slice": {"en": "Slice {index} / {count}", "ja": "スライス {index} / {count}"},
    "position": {"en": "{side} {mm:.0f} mm", "ja": "{side} {mm:.0f} mm"},
    "centre": {"en": "centre", "ja": "中央"},
    "midline": {"en": "midline", "ja": "正中"},
    "block": {"en": "block {index} of {count}", "ja": "ブロック {index}/{count}"},
    "no_match": {
        "en": "no matching slice (nearest {mm:.0f} mm away)",
        "ja": "同じ位置の画像なし（最も近い画像まで {mm:.0f} mm）",
    },
    "scale_unknown": {"en": "size unknown", "ja": "大きさ不明"},
    "patient": {"en": "Name", "ja": "氏名"},
    "patient_id": {"en": "ID", "ja": "ID"},
    "birth_date": {"en": "Born", "ja": "生年月日"},
    "not_for_diagnosis": {
        "en": "For patient education — not for diagnosis",
        "ja": "患者さんへの説明用です — 診断には使用できません",
    },
    "decode_failed": {
        "en": "Cannot show this slice: {reason}",
        "ja": "この画像を表示できません: {reason}",
    },
    "empty_pane": {
        "en": "Drop a series here",
        "ja": "ここにシリーズをドロップ",
    },
    "no_sequence": {
        "en": "No {sequence} series in this study",
        "ja": "この検査には {sequence} がありません",
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
#: Side words of a slice position, by patient axis (x, y, z) and sign: (+, -) in LPS.
POSITION_SIDES = {
    0: {"en": ("L", "R"), "ja": ("左", "右")},
    1: {"en": ("P", "A"), "ja": ("後", "前")},
    2: {"en": ("H", "F"), "ja": ("頭側", "足側")},
}
#: Positions nearer the centre than this (mm) read "midline" / "centre".
CENTRE_MM = 0.5


def tr(key: str, lang: str, **values: object) -> str:
    """The words for ``key`` in ``lang`` ("en" or "ja"; English otherwise), values filled in."""
    entry = WORDS[key]
    return entry.get(lang, entry["en"]).format(**values)


def plane_name(plane: str, lang: str) -> str:
    """A plane name ("sagittal", ...) in the chosen language ("" when unknown)."""
    return PLANES.get(plane, PLANES["unknown"]).get(lang, plane)


def direction_text(letters: str, lang: str) -> str:
    """Orientation letters ("A", "HF", ...) in the language; Japanese uses the first letter."""
    if lang == "ja" and letters:
        return DIRECTIONS_JA.get(letters[0], letters[0])
    return letters


@dataclass(frozen=True)
class EdgeLetters:
    """Which side of the patient lies at each edge of the picture."""

    left: str
    right: str
    top: str
    bottom: str


def orientation_letters(geometry: SeriesGeometry, lang: str = "en",
                        slice_index: int | None = None) -> EdgeLetters:
    """Letters for the four edges of an image drawn with rows down and columns across.

    The right edge is where the column index grows (the row direction), the bottom edge
    where the row index grows (the column direction); the opposite edges are the negatives.
    Give ``slice_index`` for series of angled blocks: each image has its own directions.
    """
    row, col = geometry.row_direction, geometry.col_direction
    if slice_index is not None:
        plane = geometry.plane(slice_index)
        row, col = plane.row_direction, plane.col_direction
    return EdgeLetters(
        left=direction_text(direction_label(-row), lang),
        right=direction_text(direction_label(row), lang),
        top=direction_text(direction_label(-col), lang),
        bottom=direction_text(direction_label(col), lang),
    )


def scale_bar_cm(pixels_per_mm: float, available_px: float) -> int:
    """The longest of 1, 2, 5, 10 cm that fits in ``available_px`` (0 if none fits)."""
    best = 0
    if pixels_per_mm <= 0:
        return best
    for cm in SCALE_BAR_CHOICES_CM:
        if cm * 10 * pixels_per_mm <= available_px:
            best = cm
    return best


def scale_bar_label(cm: int, spacing_known: bool, lang: str = "en") -> str:
    """The bar's label: "5 cm", with a warning when Pixel Spacing was missing."""
    label = f"{cm} cm"
    return label if spacing_known else f"{label} ({tr('scale_unknown', lang)})"


def title_line(series: Series, lang: str = "en") -> str:
    """Sequence and plane, e.g. "T2  sagittal"."""
    return f"{series.sequence}  {plane_name(series.plane, lang)}".strip()


def slice_line(pane: PaneState, lang: str = "en", centre: Sequence[float] | None = None,
               level: LevelPosition | None = None) -> str:
    """Slice number (1-based), block and the position a doctor reads ("R 12 mm", "L4/5 disc")."""
    line = tr("slice", lang, index=pane.slice_index + 1, count=pane.slice_count)
    if pane.series is None or pane.slice_count == 0:
        return line
    block = block_text(pane.series, pane.slice_index, lang)
    if block:
        line += "   " + block
    position = slice_position_text(pane.series, pane.slice_index, lang, centre=centre,
                                   level=level)
    if position:
        line += "   " + position
    return line


def series_centre(series: Series) -> np.ndarray | None:
    """The centre of a series: halfway between its first and last images' centres."""
    geometry = series.geometry
    if geometry is None or geometry.slice_count == 0:
        return None
    return (geometry.slice_centre(0) + geometry.slice_centre(geometry.slice_count - 1)) / 2


def position_words(offset: Sequence[float], axis: int, lang: str = "en") -> str:
    """An offset (mm, patient LPS) from the centre along one patient axis, with its side.

    ``axis`` 0 reads "R 12 mm" / "L 5 mm" (右 / 左), 1 "A" / "P" (前 / 後), 2 "H" / "F"
    (頭側 / 足側); within :data:`CENTRE_MM` "midline" (正中) on x, "centre" (中央) otherwise.
    """
    value = float(offset[axis])
    if abs(value) < CENTRE_MM:
        return tr("midline" if axis == 0 else "centre", lang)
    sides = POSITION_SIDES[axis].get(lang, POSITION_SIDES[axis]["en"])
    return tr("position", lang, side=sides[0] if value > 0 else sides[1], mm=abs(value))


def slice_position_text(series: Series, slice_index: int, lang: str = "en", *,
                        centre: Sequence[float] | None = None,
                        level: LevelPosition | None = None) -> str:
    """Where an image lies, in words a doctor reads ("" without geometry).

    With a ``level`` (axial images, from :func:`ilc_viewer.annotations.levels.image_level`):
    "L4/5 disc". Otherwise the distance of the image's centre from ``centre`` (default: the
    series' centre) along the patient axis the series steps along: "R 12 mm" / "L 5 mm" on
    sagittal images, "A" / "P" on coronal, "H" / "F" on axial.
    """
    if level is not None:
        return level.words(lang)
    geometry = series.geometry
    if geometry is None or not 0 <= slice_index < geometry.slice_count:
        return ""
    middle = np.asarray(centre, dtype=float) if centre is not None else series_centre(series)
    offset = geometry.slice_centre(slice_index) - middle  # type: ignore[operator]
    axis = int(np.argmax(np.abs(geometry.normal)))
    return position_words(offset, axis, lang)


def block_text(series: Series, slice_index: int, lang: str = "en") -> str:
    """"block 2 of 5" for series of angled blocks ("" for a plain stack)."""
    if series.block_count < 2:
        return ""
    return tr("block", lang, index=series.block_of(slice_index) + 1, count=series.block_count)


def link_note(pane: PaneState, lang: str = "en") -> str:
    """The warning shown when linking found no slice at the same position ("" otherwise)."""
    return "" if pane.link_gap is None else tr("no_match", lang, mm=pane.link_gap)


def caption_lines(sequence: str, lang: str = "en", with_picture: bool = False) -> list[str]:
    """The plain-language caption of a sequence (title first); [] if the captions are broken."""
    try:
        caption = captions.caption_for(sequence, lang)
    except (ViewerError, KeyError, OSError):  # a damaged captions file must not stop the images
        return []
    lines = [caption.title, caption.white_means, caption.good_for]
    if with_picture:
        lines.append(caption.picture)
    return [line for line in lines if line]


def patient_lines(patient: PatientInfo, lang: str = "en") -> list[str]:
    """Name, ID and birth date lines (only drawn when the user asks for them)."""
    return [
        f"{tr('patient', lang)}: {person_name(patient.name)}",
        f"{tr('patient_id', lang)}: {patient.patient_id}",
        f"{tr('birth_date', lang)}: {patient.birth_date}",
    ]


def disclaimer(lang: str = "en") -> str:
    """The line every export carries: for patient education, not for diagnosis."""
    return tr("not_for_diagnosis", lang)
