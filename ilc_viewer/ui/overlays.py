"""On-image words and marks, painted in viewport pixels so they stay legible at every zoom.

Orientation letters, scale bar (cm), slice number and position, the plain-language caption,
the link note, the window numbers and (only when switched on) the patient's identity.
In full screen the caption grows and the technical lines (window numbers, file details) go.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import cast

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from ilc_viewer.open_study.viewer_state import PaneState, ViewerState
from ilc_viewer.ui.screen import ui_text_scale
from ilc_viewer.words import overlay_text
from ilc_viewer.words.overlay_text import caption_lines, scale_bar_cm

#: ``caption_lines`` and ``scale_bar_cm`` come from the core so the screen and the export
#: say the same thing; they are named here for the painters below (and tests that watch them).
__all__ = ["OverlayPainter", "base_pixel_size", "caption_band_height", "caption_lines",
           "scale_bar_cm"]

#: Maps (row, col) image pixel centres to viewport points.
PixelToView = Callable[[float, float], QPointF]

TEXT = QColor(255, 255, 255)
SHADOW = QColor(0, 0, 0, 200)
NOTE = QColor(255, 190, 60)
MARK = QColor(60, 220, 255)
BOX = QColor(0, 0, 0, 160)
#: The caption band covers at most this share of the pane's height: in a narrow pane (three
#: side by side on a 1366x768 screen) the full-screen caption would otherwise hide the spine.
CAPTION_SHARE = 0.3


def base_pixel_size(rect: QRectF, full_screen: bool) -> int:
    """Text height in viewport pixels: grows with the pane, larger in full screen.

    The bounds follow the window's text (:func:`ui_text_scale`), so on an unscaled 4K
    screen the words on the images are as large as the menus, not stuck at 28 pixels.
    """
    scale = ui_text_scale()
    size = max(14.0 * scale, min(28.0 * scale, min(rect.width(), rect.height() * 1.4) / 30))
    return int(size * (1.3 if full_screen else 1.0))


def _caption_font(size: int, scale: float, bold: bool) -> QFont:
    font = QFont()
    font.setPixelSize(max(10, int(size * scale)))
    font.setBold(bold)
    return font


def _lay_out_caption(lines: list[str], width: float, size: int,
                     scale: float) -> list[tuple[str, QFont, QRectF]]:
    """Each line with its font (the title larger and bold) and its wrapped size."""
    out = []
    for k, line in enumerate(lines):
        font = _caption_font(size, scale * (1.1 if k == 0 else 0.95), bold=k == 0)
        flags = int(Qt.TextFlag.TextWordWrap)
        bound = QFontMetricsF(font).boundingRect(QRectF(0, 0, width, 10000), flags, line)
        out.append((line, font, QRectF(0, 0, width, bound.height())))
    return out


@lru_cache(maxsize=64)
def _fit_captions(width: float, height: float, size: int, margin: float,
                  sequences: tuple[str, ...], lang: str, full_screen: bool,
                  largest: float) -> tuple[int, float]:
    """The most lines at the largest scale whose band fits CAPTION_SHARE of every pane.

    Cached: it is asked on every paint and for every label, and depends on nothing else.
    """
    captions = [caption_lines(s, lang, full_screen) for s in sequences]
    most = max((len(lines) for lines in captions), default=0)
    room = height * CAPTION_SHARE
    scales = sorted({largest, 1.0}, reverse=True)
    for drop in range(max(1, most - 1)):
        for scale in scales:
            if all(sum(r.height() for _, _, r in _lay_out_caption(
                    lines[:max(2, len(lines) - drop)], width - 2 * margin - 16, size, scale))
                   + 16 <= room for lines in captions):
                return drop, scale
    return max(0, most - 2), 1.0


def caption_band_height(rect: QRectF, state: ViewerState, pane: int) -> float:
    """Pixels the caption takes at the bottom of a pane of ``rect`` (0 when hidden)."""
    # the layout needs only fonts, not a painter
    return OverlayPainter(cast(QPainter, None), rect, state, pane).caption_band_height()


class OverlayPainter:
    """Paints the overlays of one pane."""

    def __init__(self, painter: QPainter, rect: QRectF, state: ViewerState, pane: int) -> None:
        self.p, self.rect, self.state, self.pane_index = painter, rect, state, pane
        self.pane: PaneState = state.panes[pane]
        self.lang = state.language
        self.size = base_pixel_size(rect, state.full_screen)
        self.margin = self.size * 0.6

    def font(self, scale: float = 1.0, bold: bool = False) -> QFont:
        """The overlay font at a multiple of the base size."""
        font = QFont()
        font.setPixelSize(max(10, int(self.size * scale)))
        font.setBold(bold)
        return font

    def text(self, point: QPointF, text: str, color: QColor = TEXT, scale: float = 1.0,
             bold: bool = False, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:
        """Draw one line with a dark outline (readable on white and black); point = top-left."""
        font = self.font(scale, bold)
        self.p.setFont(font)
        width = QFontMetricsF(font).horizontalAdvance(text)
        height = QFontMetricsF(font).height()
        x = point.x()
        if align == Qt.AlignmentFlag.AlignRight:
            x -= width
        elif align == Qt.AlignmentFlag.AlignHCenter:
            x -= width / 2
        box = QRectF(x, point.y(), width + 2, height)
        self.p.setPen(SHADOW)
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (1, 1)):
            self.p.drawText(box.translated(dx, dy), Qt.AlignmentFlag.AlignLeft, text)
        self.p.setPen(color)
        self.p.drawText(box, Qt.AlignmentFlag.AlignLeft, text)

    def line_height(self, scale: float = 1.0) -> float:
        """Height of one line of text at a scale."""
        return QFontMetricsF(self.font(scale)).height()

    def paint(self, to_view: PixelToView | None, pixels_per_mm: float) -> None:
        """Paint everything for the pane (``to_view`` is None when no image is shown)."""
        series = self.pane.series
        if series is None:
            return
        self.header()
        if to_view is not None:
            self.orientation_letters()
            self.scale_bar(pixels_per_mm)
            self.crosshair(to_view)
        if self.state.phi_visible:
            self.patient()
        if self.state.captions_visible:
            self.caption()

    def header(self) -> None:
        """Sequence name, plane, slice number and position; the link note below them."""
        pane, m, lang = self.pane, self.margin, self.lang
        series = pane.series
        assert series is not None
        y = self.rect.top() + m * 0.5
        title = overlay_text.title_line(series, lang)
        self.text(QPointF(self.rect.left() + m, y), title, scale=1.25, bold=True)
        y += self.line_height(1.25)
        line = overlay_text.slice_line(pane, lang)
        self.text(QPointF(self.rect.left() + m, y), line)
        y += self.line_height()
        if not self.state.full_screen and pane.window is not None:
            window = f"W {pane.window.width:.0f}  C {pane.window.center:.0f}"
            self.text(QPointF(self.rect.left() + m, y), window, scale=0.9)
            y += self.line_height(0.9)
        note = overlay_text.link_note(pane, lang)
        if note:
            self.text(QPointF(self.rect.left() + m, y), note, color=NOTE, bold=True)

    def orientation_letters(self) -> None:
        """Letters at the middle of each edge: which side of the patient lies there."""
        geometry = self.pane.geometry
        if geometry is None or self.pane.series is None or self.pane.series.geometry is None:
            return
        r, m = self.rect, self.margin
        edges = overlay_text.orientation_letters(geometry, self.lang)
        left, right, top, bottom = edges.left, edges.right, edges.top, edges.bottom
        h = self.line_height(1.2)
        mid_y = r.center().y() - h / 2
        self.text(QPointF(r.left() + m * 0.5, mid_y), left, scale=1.2, bold=True)
        self.text(QPointF(r.right() - m * 0.5, mid_y), right, scale=1.2, bold=True,
                  align=Qt.AlignmentFlag.AlignRight)
        # below the header lines, so the letter never overlaps them in a narrow pane
        top_y = r.top() + m * 0.5 + self.line_height(1.25) + self.line_height() * 2.1
        self.text(QPointF(r.center().x(), top_y), top, scale=1.2, bold=True,
                  align=Qt.AlignmentFlag.AlignHCenter)
        self.text(QPointF(r.center().x(), r.bottom() - h - m * 0.5 - self._caption_height()),
                  bottom, scale=1.2, bold=True, align=Qt.AlignmentFlag.AlignHCenter)

    def scale_bar(self, pixels_per_mm: float) -> None:
        """A bar of 1, 2, 5 or 10 cm at the right edge, labelled in cm."""
        geometry = self.pane.geometry
        if geometry is None or pixels_per_mm <= 0:
            return
        r, m = self.rect, self.margin
        bottom = r.bottom() - m - self._caption_height() - self.line_height() * 1.5
        # keep below the right-hand orientation letter, which sits at mid-height (as the export)
        letter_bottom = r.center().y() + self.line_height(1.2) / 2
        room = min(r.height() * 0.35, bottom - letter_bottom - m * 0.5)
        cm = scale_bar_cm(pixels_per_mm, room)
        if cm == 0:
            return
        length = cm * 10 * pixels_per_mm
        x = r.right() - m * 1.2
        top = bottom - length
        k = ui_text_scale()  # as thick as the words beside it on an unscaled 4K screen
        for color, width in ((SHADOW, 5.0 * k), (TEXT, 2.0 * k)):
            pen = QPen(color, width)
            self.p.setPen(pen)
            self.p.drawLine(QPointF(x, top), QPointF(x, bottom))
            self.p.drawLine(QPointF(x - 6 * k, top), QPointF(x + k, top))
            self.p.drawLine(QPointF(x - 6 * k, bottom), QPointF(x + k, bottom))
        label = overlay_text.scale_bar_label(cm, geometry.spacing_known, self.lang)
        self.text(QPointF(x, bottom + 4), label, scale=0.9, align=Qt.AlignmentFlag.AlignRight)

    def crosshair(self, to_view: PixelToView) -> None:
        """The "same spot" mark where the crosshair point lies on this slice."""
        pixel = self.state.crosshair_pixel(self.pane_index)
        if pixel is None:
            return
        centre = to_view(*pixel)
        arm = self.size * 1.2
        k = ui_text_scale()
        for color, width in ((SHADOW, 4.0 * k), (MARK, 2.0 * k)):
            self.p.setPen(QPen(color, width))
            self.p.setBrush(Qt.BrushStyle.NoBrush)
            self.p.drawEllipse(centre, arm * 0.45, arm * 0.45)
            for dx, dy in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                self.p.drawLine(centre + QPointF(dx * arm * 0.6, dy * arm * 0.6),
                                centre + QPointF(dx * arm * 1.2, dy * arm * 1.2))

    def patient(self) -> None:
        """Name, ID and birth date at the top right (only when switched on)."""
        y = self.rect.top() + self.margin * 0.5
        for line in overlay_text.patient_lines(self.state.patient, self.lang):
            self.text(QPointF(self.rect.right() - self.margin, y), line,
                      align=Qt.AlignmentFlag.AlignRight)
            y += self.line_height()

    def _caption_scale(self) -> float:
        return 1.25 if self.state.full_screen else 1.0

    def _caption_layout(self) -> list[tuple[str, QFont, QRectF]]:
        """Caption lines with their fonts and sizes, fitted to CAPTION_SHARE of the pane.

        Larger in full screen where there is room; in a narrow pane the text first goes
        back to the usual size, then the last lines (the picture, what it is good for) go.
        The title and what is white always stay.
        """
        if not self.state.captions_visible or self.pane.series is None:
            return []
        lines = caption_lines(self.pane.series.sequence, self.lang, self.state.full_screen)
        drop, scale = self._caption_fit()
        return self._lay_out(lines[:max(2, len(lines) - drop)], scale)

    def _caption_fit(self) -> tuple[int, float]:
        """(lines to leave out, text scale) of the largest caption that fits every visible
        pane: panes side by side have the same size, and their captions should match."""
        sequences = tuple(sorted({pane.series.sequence for pane in
                                  (self.state.panes[k] for k in self.state.visible_panes)
                                  if pane.series is not None}))
        return _fit_captions(self.rect.width(), self.rect.height(), self.size, self.margin,
                             sequences or (self.pane.series.sequence,), self.lang,
                             self.state.full_screen, self._caption_scale())

    def _lay_out(self, lines: list[str], scale: float) -> list[tuple[str, QFont, QRectF]]:
        return _lay_out_caption(lines, self.rect.width() - 2 * self.margin - 16, self.size,
                                scale)

    def _caption_height(self) -> float:
        layout = self._caption_layout()
        return sum(rect.height() for _, _, rect in layout) + (16 if layout else 0)

    def caption_band_height(self) -> float:
        """Pixels the caption band takes at the bottom of the pane, margin included."""
        height = self._caption_height()
        return height + self.margin * 0.5 if height else 0.0

    def caption(self) -> None:
        """The plain-language caption on a dark band at the bottom."""
        layout = self._caption_layout()
        if not layout:
            return
        height = self._caption_height()
        r, m = self.rect, self.margin
        band = QRectF(r.left() + m, r.bottom() - height - m * 0.5, r.width() - 2 * m, height)
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(BOX)
        self.p.drawRoundedRect(band, 6, 6)
        y = band.top() + 8
        for line, font, rect in layout:
            self.p.setFont(font)
            self.p.setPen(TEXT)
            target = QRectF(band.left() + 8, y, rect.width(), rect.height())
            self.p.drawText(target, int(Qt.TextFlag.TextWordWrap), line)
            y += rect.height()

