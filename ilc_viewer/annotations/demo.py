"""Demo stickers for the sample cases, placed from their ``truth.json`` so a newcomer sees the
point of the tool at first launch ("Dark disc = lost water" on the L4/5 disc, and so on).

A truth file (written by :mod:`ilc_viewer.samples`) gives, in patient coordinates (mm, LPS)::

    {"case", "title", "study_uid", "frame_of_reference_uid",
     "series": {"T1": uid, "T2": uid, "STIR": uid, "AX_T2": uid},
     "levels": {"L1-L2": [x, y, z], ...}, "vertebrae": {"L1": [x, y, z], ...},
     "findings": [{"id", "kind", "level", "center_mm": [x, y, z], "series": ["T2", ...],
                   "phrase_id"}], "rois": {...}}

Each finding gets a sticker whose arrow points at ``center_mm`` and whose label sits toward the
patient's front (-y), over the belly, or toward the back (+y), over the back muscles, for nerve
and canal findings, which lie behind the disc. The labels of a side line up in one column clear
of the vertebral bodies and the canal, in the order of their spots' heights, so that six
stickers (case B) neither cover the spine nor each other and their arrows do not cross.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ilc_viewer.annotations.level_names import disc_name
from ilc_viewer.annotations.levels import new_level
from ilc_viewer.annotations.model import Annotation, CreatedOn, new_annotation
from ilc_viewer.errors import AnnotationFileError
from ilc_viewer.scene.label_layout import spread
from ilc_viewer.storage.json_files import read_json
from ilc_viewer.words.catalogue import N_
from ilc_viewer.words.phrases import LANGUAGES, Phrase, PhraseLibrary

log = logging.getLogger(__name__)

#: Least distance front-back (mm) from a spot to its label: clear of a vertebral body's half depth.
LABEL_OFFSET_MM = 32.0
#: Labels on the same side closer than this in height (mm) would overlap: move one along.
LABEL_MIN_GAP_MM = 14.0
#: From a vertebra's or disc's centre to the front of the body, and to the back of the canal
#: (mm, lumbar sizes): the part of the spine a label must not cover.
SPINE_FRONT_MM = 21.0
SPINE_BACK_MM = 40.0
#: Room (mm) between the spine and the near edge of a label column.
LABEL_CLEARANCE_MM = 8.0
#: Vertebrae this far (mm, in height) beyond the labelled spots still shape the column.
SPINE_REACH_MM = 30.0
#: Categories whose findings lie behind the disc, in or near the canal: label toward the back.
POSTERIOR_CATEGORIES = ("nerve_canal",)
HEALTHY_PHRASE = "healthy_disc"
#: The answer file a bundled sample case keeps beside its images.
TRUTH_FILE = "truth.json"


def load_truth(path: Path) -> dict[str, Any]:
    """Read a sample case's truth file; raises :class:`AnnotationFileError` naming file and line."""
    data = read_json(path, N_("truth file"))
    if not isinstance(data, dict):
        raise AnnotationFileError(f"{path}: a truth file must hold a JSON object")
    return data


def sample_stickers(source: Path, study_uid: str, library: PhraseLibrary) -> list[Annotation]:
    """The demo stickers and spine level labels of a bundled sample case opened from
    ``source``, else nothing.

    Only a ``truth.json`` beside the images whose study UID matches counts; a missing or
    damaged answer file just means no demo (the study itself works without it).
    """
    folder = source if source.is_dir() else source.parent
    truth_path = folder / TRUTH_FILE
    if not truth_path.is_file():
        return []
    try:
        truth = load_truth(truth_path)
    except AnnotationFileError:
        return []
    if truth.get("study_uid") != study_uid:
        return []
    return demo_annotations(truth, library) + demo_levels(truth)


def demo_annotations(truth: Mapping[str, Any], library: PhraseLibrary, lang: str = "en"
                     ) -> list[Annotation]:
    """One sticker per finding of a truth file, plus one "healthy disc" on a healthy level.

    Stickers keep the phrase id, not its words, so they follow the language the view is
    switched to; ``lang`` is the language they are first shown in and is only checked here.
    Findings with no usable position or an unknown phrase are left out (and logged).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    frame = str(truth.get("frame_of_reference_uid") or "")
    series = truth.get("series") if isinstance(truth.get("series"), Mapping) else {}
    findings = [f for f in truth.get("findings") or [] if isinstance(f, Mapping)]
    placed: list[tuple[Phrase, tuple[float, float, float], Sequence[str]]] = []
    for finding in findings:
        phrase = _phrase_of(finding, library)
        spot = _point(finding.get("center_mm"))
        if phrase is None or spot is None:
            log.warning("demo annotations: finding %r skipped (no phrase or position)",
                        finding.get("id"))
            continue
        seen_on = finding.get("series")
        placed.append((phrase, spot, seen_on if isinstance(seen_on, list) else []))
    healthy = library.get(HEALTHY_PHRASE)
    if healthy is not None and all(p.id != HEALTHY_PHRASE for p, _, _ in placed):
        level = healthy_level(truth)
        if level is not None:
            placed.append((healthy, level, ["T2"]))

    labels = label_points(truth, [(phrase, spot) for phrase, spot, _ in placed])
    annotations = []
    for (phrase, spot, seen_on), label in zip(placed, labels, strict=True):
        sequence = _sequence_for(phrase, seen_on)
        created_on = CreatedOn(str(series.get(sequence, "")), sequence, frame)
        annotations.append(new_annotation(
            "sticker", [spot, label], created_on,
            phrase_id=phrase.id, color=phrase.color,
        ))
    return annotations


def demo_levels(truth: Mapping[str, Any]) -> list[Annotation]:
    """Level labels on the lumbar discs of a truth file (T12/L1 to L5/S1), as a doctor places
    them with the level tool, so the sample shows which disc each axial image is at."""
    levels = truth.get("levels")
    if not isinstance(levels, Mapping):
        return []
    frame = str(truth.get("frame_of_reference_uid") or "")
    series = truth.get("series") if isinstance(truth.get("series"), Mapping) else {}
    created_on = CreatedOn(str(series.get("T2", "")), "T2", frame)
    out = []
    for key, value in levels.items():
        upper, _, lower = str(key).partition("-")
        point = _point(value)
        if point is None or not lower or not (upper.startswith("L") or lower.startswith("L")):
            continue
        out.append(new_level(disc_name(upper, lower), point, created_on))
    return out


def healthy_level(truth: Mapping[str, Any]) -> tuple[float, float, float] | None:
    """The disc level (centre, mm) farthest from every finding, by vertebrae shared.

    A level shares nothing with a finding at "L4-L5" or "L1" when none of its two vertebrae
    is named there; among equally clear levels, the first in the file is taken.
    """
    levels = truth.get("levels")
    if not isinstance(levels, Mapping):
        return None
    findings = [f for f in truth.get("findings") or [] if isinstance(f, Mapping)]
    at_levels = {str(f.get("level", "")) for f in findings}
    named = set().union(*(_vertebrae(level) for level in at_levels))
    best: tuple[int, int] | None = None
    chosen = None
    for order, (name, centre) in enumerate(levels.items()):
        point = _point(centre)
        if point is None or name in at_levels:  # a finding sits on this disc: never "healthy"
            continue
        rank = (len(_vertebrae(str(name)) & named), order)
        if best is None or rank < best:
            best, chosen = rank, point
    return chosen


def label_points(truth: Mapping[str, Any],
                 stickers: Sequence[tuple[Phrase, tuple[float, float, float]]]
                 ) -> list[tuple[float, float, float]]:
    """The label point of each (phrase, spot), in the same order.

    Labels of one side share a column clear of the spine (vertebral bodies and canal, from
    the truth's vertebra and disc centres) and at least LABEL_OFFSET_MM from every spot of
    that side; a plate's edge sits on its point, so the words lie over the belly or the back
    muscles, never on the bones. Down a column the labels keep the order of their spots'
    heights (arrows never cross) and stay LABEL_MIN_GAP_MM apart, spread about their spots.
    """
    spine = [p for p in (_point(v) for group in ("vertebrae", "levels")
                         if isinstance(truth.get(group), Mapping)
                         for v in truth[group].values()) if p is not None]
    sides = [1 if phrase.category in POSTERIOR_CATEGORIES else -1 for phrase, _ in stickers]
    points: list[tuple[float, float, float]] = [spot for _, spot in stickers]
    for side in (-1, 1):  # +y is the patient's back
        members = [k for k, s in enumerate(sides) if s == side]
        if not members:
            continue
        spots = [stickers[k][1] for k in members]
        low, high = min(z for *_, z in spots), max(z for *_, z in spots)
        near = [y for _, y, z in spine if low - SPINE_REACH_MM <= z <= high + SPINE_REACH_MM]
        if side < 0:
            column = min([y - LABEL_OFFSET_MM for _, y, _ in spots]
                         + [y - SPINE_FRONT_MM - LABEL_CLEARANCE_MM for y in near])
        else:
            column = max([y + LABEL_OFFSET_MM for _, y, _ in spots]
                         + [y + SPINE_BACK_MM + LABEL_CLEARANCE_MM for y in near])
        # top to bottom is +z to -z: spread the plates' tops measured downwards (-z)
        members.sort(key=lambda k: -stickers[k][1][2])
        half = LABEL_MIN_GAP_MM / 2
        tops = spread([-stickers[k][1][2] - half for k in members],
                      [LABEL_MIN_GAP_MM] * len(members), -math.inf, math.inf)
        for k, top in zip(members, tops, strict=True):
            points[k] = (stickers[k][1][0], column, -(top + half))
    return points


def _phrase_of(finding: Mapping[str, Any], library: PhraseLibrary) -> Phrase | None:
    for key in ("phrase_id", "kind"):
        value = finding.get(key)
        if isinstance(value, str) and value in library:
            return library[value]
    return None


def _sequence_for(phrase: Phrase, seen_on: Sequence[str]) -> str:
    """The sequence the sticker is "made on": where the phrase is true and the finding shows."""
    for sequence in seen_on:
        if isinstance(sequence, str) and phrase.fits_sequence(sequence):
            return sequence
    return phrase.sequences[0] if phrase.sequences else "T2"


def _point(value: Any) -> tuple[float, float, float] | None:
    if not isinstance(value, list | tuple) or len(value) != 3:
        return None
    try:
        x, y, z = (float(v) for v in value)
    except (TypeError, ValueError):
        return None
    return (x, y, z) if all(math.isfinite(v) for v in (x, y, z)) else None


def _vertebrae(level: str) -> set[str]:
    """{"L4", "L5"} for "L4-L5" or "L4/5"; {"L1"} for "L1"; S1 and T12 are vertebrae too."""
    found = set(re.findall(r"[CTLS]\d+", level.upper()))
    short = re.match(r"^([CTLS])(\d+)\s*[/-]\s*(\d+)$", level.strip().upper())
    if short:
        found |= {short.group(1) + short.group(2), short.group(1) + short.group(3)}
    return found
