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
from ilc_viewer.words.catalogue import N_, Message, gettext, say
from ilc_viewer.words.formats import dicom_date_text

if TYPE_CHECKING:
    from ilc_viewer.annotations.levels import LevelPosition
    from ilc_viewer.open_study.viewer_state import PaneState
    from ilc_viewer.study.model import PatientInfo, Series

#: Scale bar lengths to choose from (cm), shortest first.
SCALE_BAR_CHOICES_CM = (1, 2, 5, 10)

#: The overlay's words by key (English; other languages in the core's catalogue).
WORDS: dict[str, str] = {
    "slice": N_("Slice {index} / {count}"),
    # Translators: a slice's side and distance from the centre, e.g. "R 12 mm"
    "position": N_("{side} {mm:.0f} mm"),
    "centre": N_("centre"),
    "midline": N_("midline"),
    "block": N_("block {index} of {count}"),
    "scale_unknown": N_("size unknown"),
    "patient": N_("Name: {name}"),
    "patient_id": N_("ID: {id}"),
    "birth_date": N_("Born: {date}"),
    "not_for_diagnosis": N_("For patient education — not for diagnosis"),
    "damaged_title": N_("Damaged image"),
    "damaged_unknown": N_("This image cannot be shown."),
    "empty_pane": N_("Drop a series here"),
    "no_sequence": N_("No {sequence} series in this study"),
    "frame": N_("Frame {index} / {count}"),
    # Translators: the speed a clip plays at
    "frame_rate": N_("{fps:.0f} frames/s"),
    "image": N_("Image {index} / {count}"),
    # Translators: a pane showing an X-ray; the others scroll together, this one cannot
    "not_linked_projection": N_("Not linked: an X-ray is a shadow picture, with no slice "
                                "position"),
    "not_linked_ultrasound": N_("Not linked: an ultrasound picture has no position in the "
                                "body"),
    "not_linked": N_("Not linked: this picture has no position in the body"),
    # Translators: after a scale bar's length on an X-ray ("5 cm at the detector")
    "at_detector": N_("at the detector"),
}

#: Names of the picture kinds that are not MR sequences (the sequence labels stay as is).
PICTURE_NAMES = {"XR": N_("X-ray"), "FLUORO": N_("Fluoroscopy"), "US": N_("Ultrasound")}
#: View Position (0018,5101) of a projection image, in words.
VIEW_POSITIONS = {
    "AP": N_("AP (front)"), "PA": N_("PA (back)"), "LAT": N_("lateral (side)"),
    "LL": N_("lateral (side)"), "RL": N_("lateral (side)"), "RLD": N_("lateral (side)"),
    "LLD": N_("lateral (side)"), "OBL": N_("oblique"), "LAO": N_("oblique"),
    "RAO": N_("oblique"), "LPO": N_("oblique"), "RPO": N_("oblique"),
}
#: The opposite of each patient direction letter (Patient Orientation, PS3.3 C.7.6.1.1.1).
OPPOSITE = {"A": "P", "P": "A", "L": "R", "R": "L", "H": "F", "F": "H"}

#: Plane names shown to people.
PLANES = {
    "sagittal": N_("sagittal"),
    "axial": N_("axial"),
    "coronal": N_("coronal"),
    "oblique": N_("oblique"),
    "unknown": "",
}

#: Orientation letters (English initials); other languages write the side's word.
# Translators: one letter for each side of the patient; write the word for that side.
DIRECTIONS = {"A": N_("A"), "P": N_("P"), "H": N_("H"), "F": N_("F"), "R": N_("R"),
              "L": N_("L")}
#: Side words of a slice position, by patient axis (x, y, z) and sign: (+, -) in LPS.
POSITION_SIDES = {
    0: (N_("L"), N_("R")),
    1: (N_("P"), N_("A")),
    # Translators: the head side and the foot side of an axial slice's position
    2: (N_("H (head side)"), N_("F (foot side)")),
}
#: Positions nearer the centre than this (mm) read "midline" / "centre".
CENTRE_MM = 0.5


def tr(key: str, lang: str, **values: object) -> str:
    """The words for ``key`` in ``lang`` ("en" or "ja"; English otherwise), values filled in."""
    return gettext(WORDS[key], lang, **{k: v.say(lang) if isinstance(v, Message) else v
                                        for k, v in values.items()})


def plane_name(plane: str, lang: str) -> str:
    """A plane name ("sagittal", ...) in the chosen language ("" when unknown)."""
    return gettext(PLANES.get(plane, ""), lang)


def direction_text(letters: str, lang: str) -> str:
    """Orientation letters ("A", "HF", ...) in the language; Japanese uses the first letter."""
    if lang == "en" or not letters or letters[0] not in DIRECTIONS:
        return letters
    return gettext(DIRECTIONS[letters[0]], lang)


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


def scale_bar_label(cm: int, spacing_known: bool, lang: str = "en",
                    at_detector: bool = False) -> str:
    """The bar's label: "5 cm", with a warning when Pixel Spacing was missing, or where an
    X-ray measures ("5 cm at the detector")."""
    label = f"{cm} cm"
    if not spacing_known:
        return f"{label} ({tr('scale_unknown', lang)})"
    return f"{label} {tr('at_detector', lang)}" if at_detector else label


def sequence_name(label: str, lang: str = "en") -> str:
    """A series' label for people: "T2" as is, "XR" as "X-ray" (in ``lang``)."""
    name = PICTURE_NAMES.get(label)
    return gettext(name, lang) if name else label


def title_line(series: Series, lang: str = "en", index: int | None = None) -> str:
    """Sequence and plane, e.g. "T2  sagittal"; a projection's view ("X-ray  lateral
    (side)") of image ``index``."""
    view = ""
    if series.geometry is None and series.images:
        image = series.images[index if index is not None and 0 <= index < len(series.images)
                              else 0]
        view = VIEW_POSITIONS.get(image.view_position, "")
        view = gettext(view, lang) if view else image.view_position
    where = view or plane_name(series.plane, lang)
    return f"{sequence_name(series.sequence, lang)}  {where}".strip()


def short_title(series: Series, lang: str = "en") -> str:
    """A series list's name: "T2 sagittal", "X-ray AP" (the view as the file gives it)."""
    if series.geometry is None and series.images and series.images[0].view_position:
        return f"{sequence_name(series.sequence, lang)} {series.images[0].view_position}"
    return title_line(series, lang).replace("  ", " ")


def not_linked_note(series: Series, lang: str = "en") -> str:
    """Why a pane without patient positions does not scroll with the others, plainly."""
    if series.geometry is not None:
        return ""
    if series.sequence in ("XR", "FLUORO"):
        return tr("not_linked_projection", lang)
    if series.sequence == "US":
        return tr("not_linked_ultrasound", lang)
    return tr("not_linked", lang)


def patient_orientation_letters(values: Sequence[str], lang: str = "en") -> EdgeLetters | None:
    """Edge letters of a picture from its Patient Orientation (row direction, column
    direction: e.g. "P", "F" on a lateral X-ray), or ``None`` when it gives none."""
    if len(values) < 2 or not all(values[:2]) or \
            not all(c in OPPOSITE for c in "".join(values[:2])):
        return None
    row, col = values[0], values[1]

    def opposite(letters: str) -> str:
        return "".join(OPPOSITE[c] for c in letters)

    return EdgeLetters(left=direction_text(opposite(row), lang), right=direction_text(row, lang),
                       top=direction_text(opposite(col), lang),
                       bottom=direction_text(col, lang))


def slice_line(pane: PaneState, lang: str = "en", centre: Sequence[float] | None = None,
               level: LevelPosition | None = None) -> str:
    """Slice number (1-based), block and the position a doctor reads ("R 12 mm", "L4/5 disc");
    a clip's frame and speed ("Frame 3 / 30   30 frames/s"), a picture's number."""
    if pane.series is not None and pane.series.geometry is None and pane.slice_count:
        return picture_line(pane, lang)
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
    side = POSITION_SIDES[axis][0 if value > 0 else 1]
    return tr("position", lang, side=side_word(side, lang), mm=abs(value))


def side_word(side: str, lang: str) -> str:
    """A side of :data:`POSITION_SIDES` in ``lang``: English keeps the bare letter."""
    return side[0] if lang == "en" else gettext(side, lang)


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


def picture_line(pane: PaneState, lang: str = "en") -> str:
    """"Frame 3 / 30   30 frames/s" on a clip, "Image 1 / 2" on other pictures ("" for a
    picture alone in its series)."""
    from ilc_viewer.study.cine import playback_rate
    from ilc_viewer.study.modality import is_clip

    series = pane.series
    assert series is not None
    if is_clip(series):
        rate = playback_rate(series, pane.slice_index)
        return (tr("frame", lang, index=pane.slice_index + 1, count=pane.slice_count) + "   "
                + tr("frame_rate", lang, fps=rate.fps))
    if pane.slice_count == 1:
        return ""
    return tr("image", lang, index=pane.slice_index + 1, count=pane.slice_count)


def block_text(series: Series, slice_index: int, lang: str = "en") -> str:
    """"block 2 of 5" for series of angled blocks ("" for a plain stack)."""
    if series.block_count < 2:
        return ""
    return tr("block", lang, index=series.block_of(slice_index) + 1, count=series.block_count)


def link_note(pane: PaneState, lang: str = "en") -> str:
    """The warning shown when linking found no slice at the same position ("" otherwise)."""
    return say(pane.link_note, lang)


def caption_lines(sequence: str, lang: str = "en", with_picture: bool = False) -> list[str]:
    """The plain-language caption of a sequence (title first); [] if the captions are broken."""
    try:
        caption = captions.caption_for(sequence, lang)
    except (ViewerError, KeyError, OSError):  # a damaged catalogue must not stop the images
        return []
    lines = [caption.title, caption.white_means, caption.good_for]
    if with_picture:
        lines.append(caption.picture)
    return [line for line in lines if line]


def patient_lines(patient: PatientInfo, lang: str = "en") -> list[str]:
    """Name, ID and birth date lines (only drawn when the user asks for them)."""
    return [
        tr("patient", lang, name=person_name(patient.name)),
        tr("patient_id", lang, id=patient.patient_id),
        tr("birth_date", lang, date=dicom_date_text(patient.birth_date, lang)),
    ]


def disclaimer(lang: str = "en") -> str:
    """The line every export carries: for patient education, not for diagnosis."""
    return tr("not_for_diagnosis", lang)
