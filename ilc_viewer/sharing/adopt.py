"""Which saved annotations to show when a study opens: this PC's, or a newer save with the study.

A study can come with presentation states (from the clinic server, or in its folder): saves
of this viewer, made on this or another workstation, and layers made by other programs. The
rules, the same wherever the study is opened:

- The newest save of this viewer (its annotations are editable) replaces this PC's annotations
  when it is newer than this PC's last change, or when this PC has none of its own (nothing
  saved, or only a sample's demo stickers). Identical sets change nothing. Otherwise this PC's
  annotations stay and the user is told a save with the study is older.
- The newest save of another program is shown as a read-only layer on the series it was drawn
  on (its annotations cannot be edited here; they are never saved as this PC's).
- Every save stays listed (newest first) so an older one can be shown on request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ilc_viewer.annotations.gsps_read import SavedAnnotations
from ilc_viewer.annotations.model import Annotation
from ilc_viewer.sharing.found import saves_in_index
from ilc_viewer.words.catalogue import Message, _

if TYPE_CHECKING:
    from ilc_viewer.open_study.opened import OpenStudy


@dataclass
class SavesReview:
    """What to do with the saves found with a study."""

    saves: list[SavedAnnotations]
    #: The save of this viewer to show instead of this PC's annotations (None: keep them).
    adopt: SavedAnnotations | None = None
    #: The newest save of another program, shown read-only (None: there is none).
    layer: SavedAnnotations | None = None
    messages: list[Message] = field(default_factory=list)


def save_time(save: SavedAnnotations) -> datetime | None:
    """When a save was made (Presentation Creation Date and Time), or None when unknown."""
    digits = "".join(ch for ch in save.created.split(".")[0] if ch.isdigit())
    for size, pattern in ((14, "%Y%m%d%H%M%S"), (12, "%Y%m%d%H%M"), (8, "%Y%m%d")):
        if len(digits) >= size:
            try:
                return datetime.strptime(digits[:size], pattern)
            except ValueError:
                return None
    return None


def save_label(save: SavedAnnotations) -> str:
    """``2026-12-01 14:03`` (and the creator when the save names one), for messages."""
    when = save_time(save)
    label = when.strftime("%Y-%m-%d %H:%M") if when is not None else _("an unknown time")
    creator = " ".join(part for part in save.creator.split("^") if part.strip())
    return f"{label} ({creator})" if creator else str(label)


def same_annotations(a: Sequence[Annotation], b: Sequence[Annotation]) -> bool:
    """True when both hold the same annotations in the same versions (id and change time)."""
    return {(x.id, x.modified) for x in a} == {(x.id, x.modified) for x in b}


def review_saves(saves: Sequence[SavedAnnotations], local: Sequence[Annotation], *,
                 local_changed: datetime | None) -> SavesReview:
    """Decide what the saves found with a study change (see the module docstring).

    ``local`` are this PC's annotations of the study; ``local_changed`` is when they were
    last saved on this PC (local time), None when this PC has no save of its own (a sample's
    unsaved demos count as none).
    """
    review = SavesReview(list(saves))
    own = [s for s in saves if s.own]
    others = [s for s in saves if not s.own]
    if own:
        newest = own[0]
        made = save_time(newest)
        if same_annotations(newest.annotations(), local):
            pass
        elif local_changed is None or (made is not None and made > local_changed):
            review.adopt = newest
            review.messages.append(_("Showing the annotations saved with the study on {when}.",
                                     when=save_label(newest)))
        else:
            review.messages.append(_(
                "This computer's annotations are newer than the ones saved with the study on "
                "{when}, so they are kept. File ▸ Annotations saved with the study lists every "
                "save.", when=save_label(newest)))
    if others:
        review.layer = others[0]
        count = len(others[0].annotations())
        review.messages.append(_(
            "{count} annotation(s) saved by another program on {when} are shown where they "
            "were drawn; they cannot be changed here.", count=count,
            when=save_label(others[0])))
    return review


def review_opened(opened: OpenStudy) -> SavesReview:
    """Read the presentation states the study's index found and review them against the
    study's annotations on this computer (files that cannot be read become messages)."""
    saves, problems = saves_in_index(opened.index, opened.study)
    review = review_saves(saves, opened.annotations.annotations.snapshot(),
                          local_changed=opened.annotations.last_saved())
    review.messages[:0] = problems
    return review
