"""What the window and the exports did during the self-test, and the checks made of it.

The window part (``ilc_viewer/ui/self_test.py``) only gathers facts (:class:`WindowFacts`);
the words people read are made here, in the core's catalogue. The exports are made here too,
headless, from the study the window opened: what staff would export from it.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.self_test import Check
from ilc_viewer.words.catalogue import _, message_of

#: Smallest correlation between the study's picture and the pixels on screen that counts as
#: "the image is shown" (overlays cover a little of it; a blank or wrong image is near 0).
SCREEN_MATCH = 0.8
#: Smallest spread of grey levels (standard deviation) of a picture that is not blank.
NOT_BLANK = 2.0


@dataclass
class PaneFacts:
    """One of the T1 / T2 / STIR panels as the window showed it."""

    number: int  # 1-based, left to right
    expected: str  # "T1", "T2", "STIR"
    description: str = ""  # the series shown ("" when none)
    sequence: str = ""  # the sequence recognised for that series
    missing: bool = False  # the study has no such series
    failure: str = ""  # why the slice could not be shown
    painted: bool = False  # a picture was painted on screen
    spread: float = 0.0  # standard deviation of the picture's grey levels
    screen_match: float = 0.0  # correlation between the picture and the pixels on screen


@dataclass
class WindowFacts:
    """What happened between starting the window and its first images."""

    platform: str = ""  # Qt's platform plugin ("xcb", "offscreen", "windows")
    source: str = ""  # the path opened
    load_error: str = ""  # the message when nothing could be shown
    studies: int = 0
    series: int = 0
    images: int = 0
    first_image: float | None = None  # seconds from the process's start
    from_process_start: bool = True  # False: counted from the command's start instead
    cpu: float = 0.0  # CPU seconds of the process until the first image
    panes: list[PaneFacts] = field(default_factory=list)
    #: Qt's catalogues of the window's Japanese words: name -> loaded.
    qt_catalogues: dict[str, bool] = field(default_factory=dict)
    timed_out: float | None = None  # seconds waited when the window never finished


def window_checks(facts: WindowFacts) -> list[Check]:
    """The window's checks: opened, study read, first image and its time, the panels."""
    checks = [Check(_("window opened"), bool(facts.platform),
                    _("Qt platform {platform}", platform=facts.platform))]
    missing = [name for name, loaded in facts.qt_catalogues.items() if not loaded]
    checks.append(Check(_("window words in Japanese (Qt)"), not missing and
                        bool(facts.qt_catalogues),
                        ", ".join(missing or facts.qt_catalogues)))
    if facts.load_error:
        said = facts.load_error if facts.source in facts.load_error else _(
            "{path}: {reason}", path=facts.source, reason=facts.load_error)
        checks.append(Check(_("study read"), False, said))
        return checks
    if facts.series:
        read = _("{path}: {series} series, {images} images", path=facts.source,
                 series=facts.series, images=facts.images)
        if facts.studies > 1:
            read = _("{read} (the first of {count} studies)", read=read, count=facts.studies)
        checks.append(Check(_("study read"), True, read))
    if facts.first_image is None:
        waited = facts.timed_out or 0.0
        checks.append(Check(_("first image painted"), False,
                            _("no image within {seconds:.0f} s", seconds=waited)))
    else:
        since = (_("after the program started") if facts.from_process_start
                 else _("after the command started"))
        checks.append(Check(_("first image painted"), True, _(
            "{seconds:.2f} s {since} (CPU {cpu:.2f} s)", seconds=facts.first_image,
            since=since, cpu=facts.cpu)))
    checks += [pane_check(pane) for pane in facts.panes]
    return checks


def pane_check(pane: PaneFacts) -> Check:
    """Whether one of the T1 / T2 / STIR panels shows an image of that sequence."""
    name = _("panel {number} ({sequence})", number=pane.number, sequence=pane.expected)
    if pane.missing:
        return Check(name, False, _("no {sequence} series in this study",
                                    sequence=pane.expected))
    if pane.failure:
        return Check(name, False, _("{name}: {reason}", name=pane.description,
                                    reason=pane.failure))
    if not pane.painted:
        return Check(name, False, _("no image was painted"))
    if pane.spread < NOT_BLANK:
        return Check(name, False, _("{series}: the image is blank", series=pane.description))
    if pane.screen_match < SCREEN_MATCH:
        return Check(name, False, _("{series}: the window draws something other than "
                                    "the image (match {match:.2f})", series=pane.description,
                                    match=pane.screen_match))
    return Check(name, True, _("{series}: image shown (match {match:.2f})",
                               series=pane.description, match=pane.screen_match))


def export_checks(opened: OpenStudy, lang: str) -> list[Check]:
    """A picture of the panels as PNG, and the A4 handout as PDF (in Japanese: the bundled
    font, the line breaking and the core's Japanese words all go into it)."""
    return [_picture_check(opened, lang), _handout_check(opened)]


def _picture_check(opened: OpenStudy, lang: str) -> Check:
    from PIL import Image

    from ilc_viewer.export import RenderOptions, encode, render

    name = _("picture export (PNG)")
    try:
        rendering = render(opened, options=RenderOptions(lang=lang))
        data = encode(rendering.pixels, "PNG")
        with Image.open(io.BytesIO(data)) as image:
            back = np.asarray(image.convert("RGB"))
    except Exception as exc:
        return Check(name, False, message_of(exc))
    if rendering.notes:
        return Check(name, False, "; ".join(rendering.notes))
    blank = [k + 1 for k in range(len(rendering.panes))
             if float(rendering.panel(k).std()) < NOT_BLANK]
    if back.shape != rendering.pixels.shape or blank:
        return Check(name, False, _("blank panels: {panels}",
                                    panels=", ".join(map(str, blank)) or "-"))
    height, width = back.shape[:2]
    return Check(name, True, _("{panels} panels, {width}x{height}, {size} kB",
                               panels=len(rendering.panes), width=width, height=height,
                               size=len(data) // 1024))


def _handout_check(opened: OpenStudy) -> Check:
    from ilc_viewer.export import HandoutOptions, write_handout

    name = _("handout export in Japanese (PDF)")
    try:
        with tempfile.TemporaryDirectory(prefix="ilc-viewer-self-test-") as folder:
            path = Path(folder) / "handout.pdf"
            write_handout(path, opened, HandoutOptions(lang="ja", study_date=opened.study.date))
            data = path.read_bytes()
    except Exception as exc:
        return Check(name, False, message_of(exc))
    pages = data.count(b"/Type /Page\n") or data.count(b"/Type /Page ")
    if not data.startswith(b"%PDF") or b"/FontFile2" not in data or b"IPAexGothic" not in data:
        return Check(name, False, _("the PDF lacks its embedded Japanese font"))
    return Check(name, True, _("pages: {pages}, {size} kB, IPAexGothic embedded",
                               pages=max(pages, 1), size=len(data) // 1024))
