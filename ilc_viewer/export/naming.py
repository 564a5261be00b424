"""Default file names for exports: date, sequences and slice, never patient data.

A name such as ``ILC_20240312_T1-T2-STIR_slice08.png`` tells staff which picture it is
without naming the patient, so a file left on a shared desktop or sent by mail discloses
nothing about who it belongs to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ilc_viewer.open_study.viewer_state import ViewerState

PREFIX = "ILC"
_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def _label(sequence: str) -> str:
    """A sequence label safe in any file system ("T2*" -> "T2star")."""
    return _UNSAFE.sub("", sequence.replace("*", "star")) or "MR"


def _day(study_date: str, today: date | None) -> str:
    digits = re.sub(r"\D", "", study_date or "")
    return digits[:8] if len(digits) >= 8 else (today or date.today()).strftime("%Y%m%d")


def default_name(state: ViewerState, panes: Sequence[int], suffix: str, study_date: str = "",
                 kind: str = "", today: date | None = None) -> str:
    """``ILC_<date>[_<kind>]_<sequences>_slice<NN><suffix>``; the date is the study's if known.

    ``kind`` is e.g. "handout"; the slice is the first pane's, 1-based and zero-padded.
    """
    sequences = "-".join(_label(state.panes[p].sequence) for p in panes if state.panes[p].series)
    first = state.panes[panes[0]] if panes else None
    width = max(2, len(str(first.slice_count))) if first else 2
    slice_part = f"slice{first.slice_index + 1:0{width}d}" if first and first.series else ""
    parts = [PREFIX, _day(study_date, today), kind, sequences or "MR", slice_part]
    return "_".join(part for part in parts if part) + suffix
