"""The series of the open study as thumbnails; drag one onto any panel (or double-click it)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QMimeData, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

from ilc_viewer.study.modality import is_clip
from ilc_viewer.study.model import Series, Study
from ilc_viewer.ui.frames import THUMBNAIL_SIZE
from ilc_viewer.ui.i18n import language, say, translate
from ilc_viewer.ui.pane_widget import SERIES_MIME
from ilc_viewer.ui.scene_painter import to_qimage
from ilc_viewer.ui.screen import ui_text_scale
from ilc_viewer.words import overlay_text

KEY_ROLE = Qt.ItemDataRole.UserRole


# The colour of a series with damaged images (the amber of the damaged panel).
DAMAGED_COLOUR = QColor(255, 190, 60)


def series_label(series: Series, language: str, levels: str = "", damaged: int = 0) -> str:
    """Recognised sequence, plane and image count, e.g. "T2 sagittal / 15 images" ("24
    frames" for a clip); how many are damaged ("15 images, 2 damaged"); the blocks of an
    axial series by level once levels are labelled ("L3/4 · L4/5")."""
    if damaged:
        count = translate("SeriesBrowser", "{count} images, {damaged} damaged").format(
            count=len(series.images), damaged=damaged)
    elif is_clip(series):
        count = translate("SeriesBrowser", "{count} frames").format(count=len(series.images))
    else:
        count = translate("SeriesBrowser", "{count} images").format(count=len(series.images))
    first = f"{series.number}. " if series.number is not None else ""
    label = f"{first}{overlay_text.short_title(series, language)}\n{count}"
    return f"{label}\n{levels}" if levels else label


def series_tip(series: Series) -> str:
    """The tool tip: number, sequence, plane and description, why this sequence, warnings."""
    number = f"{series.number}: " if series.number is not None else ""
    description = series.description or translate("SeriesBrowser", "no description")
    title = overlay_text.title_line(series, language())
    lines = [f"{number}{title} - {description}", say(series.sequence_reason),
             *(say(w) for w in [*series.notes, *series.warnings])]
    return "\n".join(line for line in lines if line)


class SeriesBrowser(QListWidget):
    """Thumbnails with sequence, plane and image count; items drag as series keys."""

    seriesActivated = Signal(str)  # key, on double-click or Enter

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # a list with the picture left of the words: robust when thumbnails arrive later
        self.setViewMode(QListView.ViewMode.ListMode)
        #: Thumbnail side in logical pixels: grows with the text on an unscaled 4K screen.
        self.thumbnail = round(THUMBNAIL_SIZE * ui_text_scale())
        self.setIconSize(QSize(self.thumbnail, self.thumbnail))
        self.setMovement(QListView.Movement.Static)
        self.setDragEnabled(True)
        self.setDragDropMode(QListWidget.DragDropMode.DragOnly)
        self.setSpacing(3)
        self.setUniformItemSizes(True)
        self.setWordWrap(True)
        self.itemActivated.connect(lambda item: self.seriesActivated.emit(item.data(KEY_ROLE)))
        #: How many images of a series are known to be damaged (set by the window).
        self.damaged: Callable[[Series], int] = lambda series: sum(
            image.damage is not None for image in series.images)

    def _label(self, item: QListWidgetItem, series: Series, language: str, levels: str) -> None:
        damaged = self.damaged(series)
        item.setText(series_label(series, language, levels, damaged))
        item.setForeground(QBrush(DAMAGED_COLOUR) if damaged else QBrush())
    def set_series(self, series: list[Series], language: str,
                   levels: dict[str, str] | None = None) -> None:
        """List a study's series (thumbnails come later through :meth:`set_thumbnail`);
        ``levels`` names the blocks of axial series by key."""
        self.clear()
        levels = levels or {}
        for s in series:
            item = QListWidgetItem()
            self._label(item, s, language, levels.get(s.key, ""))
            item.setData(KEY_ROLE, s.key)
            item.setToolTip(series_tip(s))
            self._fit(item)
            self.addItem(item)

    def _fit(self, item: QListWidgetItem) -> None:
        """Size an item to its words and thumbnail."""
        words = max(self.fontMetrics().horizontalAdvance(line)
                    for line in item.text().split("\n"))
        lines = item.text().count("\n") + 1
        height = max(self.thumbnail, lines * self.fontMetrics().lineSpacing())
        item.setSizeHint(QSize(self.thumbnail + words + 24, height + 8))

    def set_thumbnail(self, key: str, picture: np.ndarray) -> None:
        """Show a series' thumbnail (uint8)."""
        image, _buffer = to_qimage(picture)
        pixmap = QPixmap.fromImage(image.copy())  # copy: the numpy buffer goes away
        # square canvas so every thumbnail takes the same room whatever the image shape,
        # in device pixels: not blurred by upscaling on a high-DPI screen
        ratio = self.devicePixelRatioF()
        side = round(self.thumbnail * ratio)
        square = QPixmap(side, side)
        square.fill(Qt.GlobalColor.black)
        scaled = pixmap.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
        painter = QPainter(square)
        painter.drawPixmap((side - scaled.width()) // 2, (side - scaled.height()) // 2, scaled)
        painter.end()
        square.setDevicePixelRatio(ratio)
        pixmap = square
        for row in range(self.count()):
            item = self.item(row)
            if item.data(KEY_ROLE) == key:
                item.setIcon(QIcon(pixmap))

    def relabel(self, study: Study, language: str, levels: dict[str, str] | None = None) -> None:
        """The words of every item again (another language, levels labelled)."""
        for row in range(self.count()):
            item = self.item(row)
            try:
                series = study.series_by_key(item.data(KEY_ROLE))
            except KeyError:
                continue
            old = item.text()
            self._label(item, series, language, (levels or {}).get(series.key, ""))
            item.setToolTip(series_tip(series))
            if item.text().count("\n") != old.count("\n") or len(item.text()) > len(old):
                self._fit(item)

    def keys(self) -> list[str]:
        """Series keys in list order."""
        return [self.item(k).data(KEY_ROLE) for k in range(self.count())]

    def mimeData(self, items: list[QListWidgetItem]) -> QMimeData:
        """A dragged item carries its series key."""
        data = QMimeData()
        if items:
            data.setData(SERIES_MIME, str(items[0].data(KEY_ROLE)).encode("utf-8"))
        return data

    def mimeTypes(self) -> list[str]:
        """The one format we drag."""
        return [SERIES_MIME]
