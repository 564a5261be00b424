"""The handout that follows the Explain tour: what the doctor showed, step by step, on A4.

- a cover: the clinic, the title, the scan and printing dates, "for patient education, not
  for diagnosis", the steps in order, and the three camera filters with the three sequences;
- one section per finding: the picture of that step (every pane that reaches the spot,
  zoomed around it, the sticker drawn and the others dimmed, as on screen), the short form
  in bold and the fuller explanation, and "How common is this?" when the tour shows it;
- one section per teaching card, with its drawing (the same scene Explain mode paints);
- "Three things to do today" to end.

In English, Japanese or both (the English pages, then the Japanese ones). The patient's name
only with ``show_patient``; the age is used only as whole years for "How common", and the
birth date never appears. Pages are laid out with the plain handout's tools
(:mod:`ilc_viewer.export.handout`): matplotlib's PDF backend, real embedded text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from ilc_viewer.annotations.tour import CARD_STEP, FILTERS, FINDING_STEP, Step, Tour, tour_steps
from ilc_viewer.annotations.tour_words import StepText, step_text
from ilc_viewer.export.handout import (
    A4_MM,
    ACCENT,
    FOOTER_MM,
    INK,
    MARGIN_MM,
    MM_PER_PT,
    MUTED,
    SOFT,
    _Fonts,
    _footer,
    _Page,
    pdf_metadata,
)
from ilc_viewer.export.render import ExportError, RenderOptions, render
from ilc_viewer.export.scene_painter import paint
from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.open_study.tour_view import (
    apply_targets,
    filters_targets,
    restore_view,
    save_view,
    step_targets,
)
from ilc_viewer.scene.cards import ASPECT, TODAY, card_scene
from ilc_viewer.scene.cards import word as card_word
from ilc_viewer.storage.atomic_file import write_atomic
from ilc_viewer.words import overlay_text
from ilc_viewer.words.catalogue import N_, _, gettext
from ilc_viewer.words.formats import dicom_date, long_date
from ilc_viewer.words.how_common import age_years

#: The tour handout's words (English; other languages in the core's catalogue).
WORDS = {
    "title": N_("Your MRI, step by step"),
    "intro": N_("This is what your doctor showed you today, in the same order. Take it home, "
                "read it again, and share it with your family."),
    "steps": N_("What we looked at"),
    "today": N_("Three things to do today"),
}
#: Pixels across a printed card drawing and across the pictures of one step.
CARD_PIXELS = 1500
STEP_PIXELS = 1500
#: Height / width of a printed panel.
PANEL_ASPECT = 1.2
WHITE_PAPER = (255, 255, 255, 255)


def word(key: str, lang: str, **values: object) -> str:
    """One of the tour handout's words in ``lang``."""
    return gettext(WORDS[key], lang, **values)


@dataclass(frozen=True)
class TourHandoutOptions:
    """What goes on the tour handout."""

    lang: str = "en"  # "en", "ja" or "both"
    show_patient: bool = False
    printed: date | None = None  # default: today


class _Writer:
    """Lays the tour out on pages, from the top down, a new page when a part does not fit."""

    def __init__(self, opened: OpenStudy, tour: Tour, options: TourHandoutOptions) -> None:
        self.opened, self.tour, self.options = opened, tour, options
        self.fonts = _Fonts()
        self.pages: list[_Page] = []
        self.width = A4_MM[0] - 2 * MARGIN_MM
        self.left = MARGIN_MM
        self.bottom = A4_MM[1] - MARGIN_MM - FOOTER_MM
        self.annotations = opened.annotations.annotations.snapshot()
        self.age = age_years(opened.study.patient, opened.study.date) if tour.how_common \
            else None
        self.page = self.new_page()

    def new_page(self) -> _Page:
        page = _Page(self.fonts)
        self.pages.append(page)
        self.page = page
        return page

    def room(self, needed: float) -> _Page:
        """The page to write ``needed`` mm on: this one, or a new one."""
        if self.page.y + needed > self.bottom:
            self.new_page()
        return self.page

    def text_height(self, text: str, size: float, width: float, leading: float = 1.45) -> float:
        return len(self.fonts.wrap(text, size, width)) * size * leading * MM_PER_PT

    # ----- parts ------------------------------------------------------------------------------
    def cover(self, lang: str, steps: Sequence[Step]) -> None:
        page, left, width = self.page, self.left, self.width
        page.text(left, page.y, gettext(N_("International Lumbago Clinic · Tokyo"), lang), 8.5,
                  ACCENT)
        dates = [gettext(N_("Printed: {date}"), lang, date=long_date(
            self.options.printed or date.today(), lang))]
        day = dicom_date(self.opened.study.date)
        if day is not None:
            dates.insert(0, gettext(N_("Scan date: {date}"), lang, date=long_date(day, lang)))
        for k, line in enumerate(dates):
            page.text(left + width, page.y + k * 4.0, line, 8.5, MUTED, ha="right")
        page.y += 10
        page.text(left, page.y, word("title", lang), 22, INK, bold=True)
        page.y += 11
        name = self.opened.state.patient.name
        if self.options.show_patient and name:
            page.paragraph(left, width, gettext(N_("Prepared for: {name}"), lang,
                                                name=overlay_text.person_name(name)),
                           10.5, INK, bold=True)
        notice = overlay_text.disclaimer(lang)
        page.box(left, page.y, width, 10, SOFT)
        page.text(left + 4, page.y + 2.6, notice, 11, INK, bold=True)
        page.y += 14
        page.paragraph(left, width, word("intro", lang), 10.5, INK)
        page.y += 3
        page.text(left, page.y, word("steps", lang), 13, INK, bold=True)
        page.y += 7
        for number, step in enumerate(steps, start=1):
            words = self.words(step, lang)
            page.badge(left + 2.6, page.y + 2.0, str(number), words.color)
            page.paragraph(left + 7.5, width - 7.5, words.title, 10.5, INK)
            page.y += 0.8
        page.y += 4

    def filters(self, lang: str, number: int) -> None:
        """Step 1: the three sequences side by side, their captions, and the camera card."""
        state = self.opened.state
        targets = filters_targets(state)
        words = self.words(Step("filters"), lang)
        self.heading(lang, number, words)
        if targets:
            apply_targets(state, targets)
            panes = [t.pane for t in targets]
            rendering = self.picture(panes, lang, shown=())
            count = len(panes)
            gap = 4.0
            panel_w = (self.width - gap * (count - 1)) / count
            ph, pw = rendering.panel_size
            panel_h = panel_w * ph / pw
            page = self.room(panel_h + 24)
            for k in range(count):
                page.picture(rendering.panel(k), self.left + k * (panel_w + gap), page.y,
                             panel_w, panel_h)
            top = page.y + panel_h + 2.5
            bottoms = []
            for k, pane in enumerate(panes):
                page.y = top
                x = self.left + k * (panel_w + gap)
                lines = overlay_text.caption_lines(state.panes[pane].sequence, lang)
                for i, line in enumerate(lines):
                    page.paragraph(x, panel_w, line, 9.5 if i == 0 else 8.2,
                                   ACCENT if i == 0 else INK, bold=i == 0)
                bottoms.append(page.y)
            page.y = max(bottoms) + 3
        self.card(FILTERS, lang, 0.62)
        self.explanation(words, lang)

    def finding(self, lang: str, number: int, step: Step) -> None:
        """A finding: its picture (every pane that reaches it) and what it means."""
        words = self.words(step, lang)
        targets = step_targets(self.opened, step)
        if not targets:
            self.heading(lang, number, words)
            self.explanation(words, lang)
            return
        state = self.opened.state
        apply_targets(state, targets)
        panes = [t.pane for t in targets]
        rendering = self.picture(panes, lang, focus=step.annotation_id)
        ph, pw = rendering.pixels.shape[:2]
        picture_w = min(self.width, 48.0 * len(panes))
        picture_h = picture_w * ph / pw
        # the heading, the picture and the short form stay on one page
        self.room(12 + picture_h + 8 + self.text_height(words.short, 11, self.width))
        self.heading(lang, number, words)
        page = self.page
        x = self.left + (self.width - picture_w) / 2
        page.picture(rendering.pixels, x, page.y, picture_w, picture_h)
        page.y += picture_h + 1.2
        panel_w = picture_w / len(panes)
        for k, pane in enumerate(panes):
            series = state.panes[pane].series
            name = overlay_text.title_line(series, lang) if series is not None else ""
            page.text(x + (k + 0.5) * panel_w, page.y, name, 7.5, MUTED, ha="center")
        page.y += 5
        self.explanation(words, lang)

    def card(self, card: str, lang: str, share: float = 0.8) -> None:
        w = self.width * share
        h = w / ASPECT
        page = self.room(h + 3)
        pixels = paint(card_scene(card, lang, (CARD_PIXELS, round(CARD_PIXELS / ASPECT)),
                                  WHITE_PAPER))
        page.picture(pixels, self.left + (self.width - w) / 2, page.y, w, h)
        page.y += h + 3

    def heading(self, lang: str, number: int, words: StepText) -> None:
        page = self.room(40 if self.page.y + 40 <= self.bottom else 12)
        page.y += 2
        page.badge(self.left + 3.0, page.y + 2.6, str(number), words.color, 6.0)
        page.text(self.left + 8.5, page.y, words.title, 14, INK, bold=True)
        page.y += 8

    def explanation(self, words: StepText, lang: str) -> None:
        width = self.width
        needed = self.text_height(words.short, 11, width) + \
            self.text_height(words.detail, 9.5, width) + 4
        page = self.room(needed)
        if words.short:
            page.paragraph(self.left, width, words.short, 11, INK, bold=True)
            page.y += 1
        if words.detail:
            page.paragraph(self.left, width, words.detail, 9.5, INK)
        figure = words.how_common
        if figure is not None:
            body = " ".join(figure.sentences(lang)) if lang != "ja" else \
                "".join(figure.sentences(lang))
            box_h = 9 + self.text_height(body, 9, width - 10, 1.5)
            page = self.room(box_h + 3)
            page.y += 2
            page.box(self.left, page.y, width, box_h, SOFT)
            page.y += 3
            page.text(self.left + 5, page.y, figure.title(lang), 10, ACCENT, bold=True)
            page.y += 5.5
            page.paragraph(self.left + 5, width - 10, body, 9, INK, leading=1.5)
        page.y += 5

    def today(self, lang: str) -> None:
        page = self.room(60)
        page.y += 2
        page.text(self.left, page.y, word("today", lang), 14, INK, bold=True)
        page.y += 8
        for number, (what, how) in enumerate(TODAY, start=1):
            page.badge(self.left + 2.6, page.y + 2.0, str(number), "#1f6f8b")
            page.text(self.left + 7.5, page.y, card_word(what, lang), 11, INK, bold=True)
            page.y += 5.5
            page.paragraph(self.left + 7.5, self.width - 7.5, card_word(how, lang), 9.5, INK)
            page.y += 2

    # ----- helpers ----------------------------------------------------------------------------
    def words(self, step: Step, lang: str) -> StepText:
        return step_text(step, self.annotations, self.opened.library, lang, self.age,
                         self.tour.how_common)

    def picture(self, panes: list[int], lang: str, focus: str = "",
                shown: tuple | None = None):  # type: ignore[no-untyped-def,type-arg]
        """The panes side by side, each a portrait panel (the spine runs up and down)."""
        width = STEP_PIXELS // max(3, len(panes))
        return render(self.opened, panes, RenderOptions(
            scale=width / 400, lang=lang, captions=False, show_patient=False, disclaimer=False,
            header=False, emphasis=1.3, focus=focus, annotations=shown,
            panel_size=(width, round(width * PANEL_ASPECT))))

    def write(self, lang: str) -> None:
        steps = tour_steps(self.tour, self.annotations)
        self.cover(lang, steps)
        for number, step in enumerate(steps, start=1):
            if step.kind == FINDING_STEP:
                self.finding(lang, number, step)
            elif step.kind == CARD_STEP:
                self.heading(lang, number, self.words(step, lang))
                self.card(step.card, lang)
                self.explanation(self.words(step, lang), lang)
            else:
                self.filters(lang, number)
        self.today(lang)
        for page in self.pages:
            _footer(page, lang, self.left, self.width)


def build_tour_pages(opened: OpenStudy, tour: Tour, options: TourHandoutOptions
                     ) -> list[Figure]:
    """The page figures of the tour handout (the view is given back afterwards)."""
    languages = ("en", "ja") if options.lang == "both" else (options.lang,)
    if any(lang not in ("en", "ja") for lang in languages):
        raise ExportError(_("handout language must be en, ja or both, not {lang}",
                            lang=repr(options.lang)))
    saved = save_view(opened.state)
    figures: list[Figure] = []
    try:
        for lang in languages:
            writer = _Writer(opened, tour, options)
            writer.write(lang)
            figures += [page.fig for page in writer.pages]
    finally:
        restore_view(opened.state, saved)
    return figures


def write_tour_handout(path: Path, opened: OpenStudy, tour: Tour,
                       options: TourHandoutOptions) -> int:
    """Write the tour handout PDF to ``path`` (atomically); returns the number of pages."""
    figures = build_tour_pages(opened, tour, options)
    buffer = io.BytesIO()
    meta_lang = "en" if options.lang == "both" else options.lang
    metadata = {**pdf_metadata(meta_lang), "Title": word("title", meta_lang)}
    with matplotlib.rc_context({"pdf.fonttype": 42, "pdf.compression": 6}), \
            PdfPages(buffer, metadata=metadata) as pdf:
        for figure in figures:
            pdf.savefig(figure)
    write_atomic(Path(path), buffer.getvalue())
    return len(figures)
