"""The patient handout: one A4 PDF page with the three sequences, the marks and what they mean.

Laid out with matplotlib's PDF backend. Text is real text in an embedded, subsetted TrueType
font (``pdf.fonttype`` 42, IPAexGothic for Japanese), so it stays sharp, selectable and
searchable in both languages. The pictures are the same renderings as the PNG export, without
the on-image caption band: the captions are printed under each picture instead.

Patient data appears only with ``show_patient=True``; the PDF information dictionary is set
explicitly (title, author, subject, keywords, creator, producer) and never holds patient data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import matplotlib
import matplotlib.lines
import matplotlib.patches
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

from ilc_viewer import __version__
from ilc_viewer.annotations.model import display_text, visible_on
from ilc_viewer.export.render import ExportError, Rendering, RenderOptions, export_panes, render
from ilc_viewer.open_study.opened import OpenStudy
from ilc_viewer.scene.fonts import japanese_font
from ilc_viewer.scene.text import wrap
from ilc_viewer.storage.atomic_file import write_atomic
from ilc_viewer.words import overlay_text
from ilc_viewer.words.catalogue import N_, _, gettext
from ilc_viewer.words.formats import dicom_date, long_date

A4_MM = (210.0, 297.0)
MARGIN_MM = 18.0
GAP_MM = 5.0
#: Room kept free above the bottom margin for the footer.
FOOTER_MM = 16.0
MM_PER_PT = 25.4 / 72
#: Pixels across one printed panel (~270 dpi at a third of the page).
PANEL_PIXELS = 600
#: Words on the printed pictures are enlarged so they stay readable at a third of A4 width.
PICTURE_TEXT_SCALE = 1.5
INK = "#1d2733"
MUTED = "#5b6675"
ACCENT = "#1f6f8b"
RULE = "#c9d3dc"
SOFT = "#eef4f7"

#: The handout's words by key (English; other languages in the core's catalogue).
WORDS = {
    "clinic": N_("International Lumbago Clinic · Tokyo"),
    "title": N_("Your MRI, explained"),
    "subtitle": N_("The same slice of your lower back, seen with three different MRI settings."),
    "scan_date": N_("Scan date: {date}"),
    "printed": N_("Printed: {date}"),
    "prepared_for": N_("Prepared for: {name}"),
    "marks": N_("What the marks show"),
    "no_marks": N_("No marks were added to these images. Your doctor will show you what to "
                   "look at."),
    "good_to_know": N_("Good to know"),
    "reassurance": N_("Changes like these are very common, also in people who have no back "
                      "pain, and more so with age. They are the record of a body that has "
                      "worked hard, not a verdict. Your doctor will explain what they mean for "
                      "you."),
    "footer_note": N_("Your doctor will explain these images to you in the consultation."),
}


def word(key: str, lang: str, **values: object) -> str:
    """Handout words in ``lang`` with values filled in."""
    return gettext(WORDS[key], lang, **values)


@dataclass(frozen=True)
class HandoutOptions:
    """What goes on the handout."""

    lang: str = "en"
    show_patient: bool = False
    study_date: str = ""  # DICOM DA of the study
    printed: date | None = None  # default: today


@dataclass(frozen=True)
class Mark:
    """One entry of "What the marks show": the label on the picture and its explanation."""

    number: int
    label: str
    explanation: str
    color: str
    annotation_ids: tuple[str, ...]


class _Fonts:
    """Regular text in the Japanese font; bold Latin headings in DejaVu Sans Bold."""

    def __init__(self) -> None:
        self.cjk = str(japanese_font())
        self.bold_latin = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf"
                              / "DejaVuSans-Bold.ttf")
        self._measure = TextToPath()

    def prop(self, size: float, text: str = "", bold: bool = False) -> FontProperties:
        latin = all(ord(ch) < 0x250 or ch in "—–’·" for ch in text)
        path = self.bold_latin if bold and latin and Path(self.bold_latin).is_file() else self.cjk
        return FontProperties(fname=path, size=size)

    def width_mm(self, text: str, size: float, bold: bool = False) -> float:
        if not text:
            return 0.0
        width, _height, _descent = self._measure.get_text_width_height_descent(
            text, self.prop(size, text, bold), ismath=False)
        return width * MM_PER_PT

    def wrap(self, text: str, size: float, width_mm: float, bold: bool = False) -> list[str]:
        """Lines no wider than ``width_mm``, broken as on the images (between phrases)."""
        lines = wrap(text, width_mm, lambda line: self.width_mm(line, size, bold))
        return [line for line in lines if line]


class _Page:
    """A figure the size of A4, written on from the top down in millimetres."""

    def __init__(self, fonts: _Fonts) -> None:
        self.fonts = fonts
        self.fig = Figure(figsize=(A4_MM[0] / 25.4, A4_MM[1] / 25.4))
        self.y = MARGIN_MM

    def text(self, x: float, y: float, text: str, size: float, color: str = INK,
             bold: bool = False, ha: str = "left") -> None:
        self.fig.text(x / A4_MM[0], 1 - y / A4_MM[1], text, fontproperties=self.fonts.prop(
            size, text, bold), color=color, ha=ha, va="top")

    def paragraph(self, x: float, width: float, text: str, size: float, color: str = INK,
                  bold: bool = False, leading: float = 1.45) -> float:
        """Wrapped text from the cursor; moves the cursor below it and returns its height."""
        top = self.y
        for line in self.fonts.wrap(text, size, width, bold):
            self.text(x, self.y, line, size, color, bold)
            self.y += size * leading * MM_PER_PT
        return self.y - top

    def rule(self, y: float, color: str = RULE, width: float = 0.6) -> None:
        left, right = MARGIN_MM / A4_MM[0], 1 - MARGIN_MM / A4_MM[0]
        self.fig.add_artist(matplotlib.lines.Line2D(
            [left, right], [1 - y / A4_MM[1]] * 2, color=color, linewidth=width))

    def box(self, x: float, y: float, w: float, h: float, color: str) -> None:
        self.fig.add_artist(matplotlib.patches.FancyBboxPatch(
            (x / A4_MM[0], 1 - (y + h) / A4_MM[1]), w / A4_MM[0], h / A4_MM[1],
            boxstyle="round,pad=0,rounding_size=0.008", facecolor=color, edgecolor="none",
            transform=self.fig.transFigure))

    def badge(self, x: float, y: float, text: str, color: str, size_mm: float = 4.6) -> None:
        """A number on a dark disc edged in the mark's colour, as drawn on the pictures."""
        self.fig.add_artist(matplotlib.patches.Ellipse(
            (x / A4_MM[0], 1 - y / A4_MM[1]), size_mm / A4_MM[0], size_mm / A4_MM[1],
            facecolor="#111111", edgecolor=color, linewidth=1.2,
            transform=self.fig.transFigure))
        self.fig.text(x / A4_MM[0], 1 - y / A4_MM[1], text, color=color, ha="center",
                      va="center_baseline", fontproperties=self.fonts.prop(8.5, text, True))

    def picture(self, pixels, x: float, y: float, w: float, h: float) -> None:  # type: ignore[no-untyped-def]
        ax = self.fig.add_axes((x / A4_MM[0], 1 - (y + h) / A4_MM[1], w / A4_MM[0], h / A4_MM[1]))
        ax.imshow(pixels, interpolation="none", aspect="auto")
        ax.set_axis_off()


def marks_for(opened: OpenStudy, panes: Sequence[int], lang: str) -> list[Mark]:
    """The annotations shown on the exported slices, numbered, one entry per distinct label."""
    state, library = opened.state, opened.library
    marks: dict[str, Mark] = {}
    for annotation in opened.annotations.shown():
        where = next((state.panes[p].series for p in panes
                      if state.panes[p].series is not None
                      and visible_on(annotation, state.panes[p].series,
                                     state.panes[p].slice_index)), None)
        shown = where is not None
        label = display_text(annotation, library, lang, where)
        if not shown or not label:
            continue
        if label in marks:
            mark = marks[label]
            marks[label] = replace(mark, annotation_ids=(*mark.annotation_ids, annotation.id))
            continue
        phrase = library.get(annotation.phrase_id) if library and annotation.phrase_id else None
        explanation = phrase.explanation.get(lang) if phrase and not annotation.text else ""
        marks[label] = Mark(len(marks) + 1, label, explanation, annotation.color,
                            (annotation.id,))
    return list(marks.values())


def build_pages(opened: OpenStudy, options: HandoutOptions, panes: Sequence[int] | None = None,
                ) -> tuple[list[Figure], Rendering]:
    """The handout's page figures and the picture on it."""
    lang = options.lang
    state = opened.state
    panes = list(panes) if panes is not None else export_panes(state)
    if not panes:
        raise ExportError(_("nothing to put on the handout: no panel shows a series"))
    native_w = max(state.panes[p].series.columns for p in panes)  # type: ignore[union-attr]
    scale = min(4.0, max(1.0, PANEL_PIXELS / native_w))
    marks = marks_for(opened, panes, lang)
    numbers = {i: mark.number for mark in marks for i in mark.annotation_ids}
    picture_options = RenderOptions(scale=scale, lang=lang, captions=False, show_patient=False,
                                    disclaimer=False, emphasis=PICTURE_TEXT_SCALE,
                                    numbers=numbers)
    rendering = render(opened, panes, picture_options)
    fonts = _Fonts()
    pages = [_Page(fonts)]
    page = pages[0]
    width = A4_MM[0] - 2 * MARGIN_MM
    left = MARGIN_MM

    # --- heading ---------------------------------------------------------------------
    page.text(left, page.y, word("clinic", lang), 8.5, ACCENT)
    day = dicom_date(options.study_date)
    right = [word("printed", lang, date=long_date(options.printed or date.today(), lang))]
    if day is not None:
        right.insert(0, word("scan_date", lang, date=long_date(day, lang)))
    for k, line in enumerate(right):
        page.text(left + width, page.y + k * 4.0, line, 8.5, MUTED, ha="right")
    page.y += 9
    page.text(left, page.y, word("title", lang), 22, INK, bold=True)
    page.y += 11
    page.paragraph(left, width, word("subtitle", lang), 10.5, MUTED)
    if options.show_patient and state.patient.name:
        name = overlay_text.person_name(state.patient.name)
        page.paragraph(left, width, word("prepared_for", lang, name=name), 10.5, INK, bold=True)
    page.y += 2
    page.rule(page.y)
    page.y += 5

    # --- pictures and what each sequence shows ----------------------------------------
    count = len(rendering.panes)
    ph, pw = rendering.panel_size
    panel_w = (width - GAP_MM * (count - 1)) / count
    panel_h = panel_w * ph / pw
    for k in range(count):
        x = left + k * (panel_w + GAP_MM)
        page.picture(rendering.panel(k), x, page.y, panel_w, panel_h)
    top = page.y + panel_h + 3.5
    bottoms = []
    for k, pane in enumerate(rendering.panes):
        x = left + k * (panel_w + GAP_MM)
        lines = overlay_text.caption_lines(state.panes[pane].sequence, lang, with_picture=True)
        page.y = top
        for i, line in enumerate(lines):
            if i == 0:
                page.paragraph(x, panel_w, line, 10, ACCENT, bold=True)
                page.y += 0.8
            elif i == len(lines) - 1:
                page.y += 0.8
                page.paragraph(x, panel_w, line, 8, MUTED)
            else:
                page.paragraph(x, panel_w, line, 8.8, INK)
        bottoms.append(page.y)
    page.y = max(bottoms) + 5
    page.rule(page.y)
    page.y += 6

    # --- the marks ----------------------------------------------------------------------
    page.text(left, page.y, word("marks", lang), 14, INK, bold=True)
    page.y += 8.5
    if not marks:
        page.paragraph(left, width, word("no_marks", lang), 10, MUTED)
    bottom = A4_MM[1] - MARGIN_MM - FOOTER_MM
    for mark in marks:
        lines = fonts.wrap(mark.explanation, 9, width - 7.5) if mark.explanation else []
        needed = 5.2 + len(lines) * 9 * 1.45 * MM_PER_PT + 2.6
        if page.y + needed > bottom:
            page = _Page(fonts)
            pages.append(page)
        page.badge(left + 2.6, page.y + 2.0, str(mark.number), mark.color)
        page.text(left + 7.5, page.y, mark.label, 10.5, INK, bold=True)
        page.y += 5.2
        if mark.explanation:
            page.paragraph(left + 7.5, width - 7.5, mark.explanation, 9, INK, leading=1.45)
        page.y += 2.6

    # --- good to know, and the footer -----------------------------------------------------
    body = fonts.wrap(word("reassurance", lang), 9.5, width - 12)
    box_h = 11 + len(body) * 9.5 * 1.5 * MM_PER_PT
    if page.y + box_h + 1 > bottom:
        page = _Page(fonts)
        pages.append(page)
    page.y += 1
    page.box(left, page.y, width, box_h, SOFT)
    page.y += 4
    page.text(left + 6, page.y, word("good_to_know", lang), 10.5, ACCENT, bold=True)
    page.y += 6
    page.paragraph(left + 6, width - 12, word("reassurance", lang), 9.5, INK, leading=1.5)
    for page in pages:
        _footer(page, lang, left, width)
    return [p.fig for p in pages], rendering


def _footer(page: _Page, lang: str, left: float, width: float) -> None:
    y = A4_MM[1] - MARGIN_MM - FOOTER_MM + 4
    page.rule(y)
    other = "ja" if lang == "en" else "en"
    page.text(left, y + 3, overlay_text.disclaimer(lang), 10, INK, bold=True)
    page.text(left, y + 8, overlay_text.disclaimer(other), 8, MUTED)
    page.text(left + width, y + 3, word("footer_note", lang), 8, MUTED, ha="right")


def pdf_metadata(lang: str) -> dict[str, str]:
    """The PDF information dictionary: fixed words only, never patient data."""
    return {
        "Title": word("title", lang),
        "Author": "International Lumbago Clinic",
        "Subject": overlay_text.disclaimer(lang),
        "Keywords": "MRI, patient education",
        "Creator": f"ILC Viewer {__version__}",
        "Producer": f"ILC Viewer {__version__}",
    }


def write_handout(path: Path, opened: OpenStudy, options: HandoutOptions,
                  panes: Sequence[int] | None = None) -> Rendering:
    """Write the handout PDF to ``path`` (atomically); returns the picture that is on it."""
    import io

    if options.lang not in ("en", "ja"):
        raise ExportError(_("handout language must be en or ja, not {lang}",
                            lang=repr(options.lang)))
    figures, rendering = build_pages(opened, options, panes)
    buffer = io.BytesIO()
    with matplotlib.rc_context({"pdf.fonttype": 42, "pdf.compression": 6}), \
            PdfPages(buffer, metadata=pdf_metadata(options.lang)) as pdf:
        for figure in figures:
            pdf.savefig(figure)
    write_atomic(Path(path), buffer.getvalue())
    return rendering
