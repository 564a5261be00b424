"""The views of Explain mode: the panes as the patient sees them, a card, the words beside.

Every view paints a core scene with :mod:`ilc_viewer.ui.scene_painter`, as the window's
panes do: :class:`ExplainPane` a pane's scene with large words, no slice line and the other
stickers dimmed; :class:`SceneWidget` any scene made for its size (a teaching card, the
words of a step). Mouse clicks pass through to the Explain window (a click moves on).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ilc_viewer.scene.panel import build_scene
from ilc_viewer.scene.primitives import Scene
from ilc_viewer.ui.pane_view import PaneView
from ilc_viewer.ui.scene_painter import paint
from ilc_viewer.ui.viewer import Viewer

Builder = Callable[[int, int], Scene]


class ExplainPane(PaneView):
    """One pane in Explain mode: presentation-size words, the focus sticker bright."""

    def __init__(self, viewer: Viewer, pane: int, parent: QWidget | None = None) -> None:
        super().__init__(viewer, pane, parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        #: The annotation pointed at ("": none dimmed).
        self.focus = ""
        #: Annotations hidden (the first step shows the three pictures plain).
        self.plain = False

    def scene(self) -> Scene | None:
        """The pane's scene for the patient's eyes (built if needed)."""
        if self._scene is None and self.viewer.opened is not None and self.width() > 0:
            options = self.viewer.scene_options(
                presentation=True, focus=self.focus, slice_line=False, selected="",
                references=False, captions=self.plain,
                annotations=() if self.plain else None)
            self._scene = build_scene(self.viewer.opened, self.pane,
                                      (self.width(), self.height()), options)
        return self._scene


class SceneWidget(QWidget):
    """Paints the scene ``build(width, height)`` makes, again after a resize or
    :meth:`invalidate`."""

    def __init__(self, build: Builder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.build = build
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._scene: Scene | None = None

    def scene(self) -> Scene:
        """The scene shown now (built for the widget's size if needed)."""
        if self._scene is None:
            self._scene = self.build(max(1, self.width()), max(1, self.height()))
        return self._scene

    def invalidate(self) -> None:
        """Build the scene again on the next paint."""
        self._scene = None
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint the scene."""
        painter = QPainter(self)
        paint(painter, self.scene())
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Another size: lay the scene out again."""
        super().resizeEvent(event)
        self._scene = None
