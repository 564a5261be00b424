"""What the window shows, without its widgets: the open study and the models it shares.

One :class:`Viewer` lives as long as the window. It keeps the viewer state, the frame source
and the annotations across studies (so every view keeps listening), and opens each study
through the core (:func:`ilc_viewer.open_study.opened.open_index`), which decides the panes,
windows and annotations exactly as ``ilc-viewer export`` does.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from ilc_viewer.open_study.opened import OpenStudy, open_index
from ilc_viewer.open_study.viewer_state import ViewerState
from ilc_viewer.scene.panel import SceneOptions
from ilc_viewer.study.model import Study, StudyIndex
from ilc_viewer.ui.annotation_controller import AnnotationController, AskText
from ilc_viewer.ui.annotation_tools import AnnotationTools
from ilc_viewer.ui.frames import FrameProvider
from ilc_viewer.ui.screen import ui_text_scale


class Viewer(QObject):
    """The open study (if any), the viewer state, pixels, annotations and drawing tools."""

    studyOpened = Signal()  # a study's panes are filled and its annotations loaded

    def __init__(self, ask_text: AskText, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = ViewerState()
        self.frames = FrameProvider(self)
        self.annotations = AnnotationController(self)
        self.tools = AnnotationTools(self.annotations, ask_text, lambda: self.state.language)
        self.opened: OpenStudy | None = None
        self.index: StudyIndex | None = None
        #: Left click marks the same spot on every pane (instead of panning).
        self.crosshair_tool = False

    @property
    def study(self) -> Study | None:
        """The study on screen."""
        return self.opened.study if self.opened is not None else None

    def open(self, index: StudyIndex, study: Study) -> OpenStudy:
        """Show ``study`` of ``index``: panes, windows and annotations decided by the core."""
        if self.opened is not None:
            self.opened.close()
        self.index = index
        self.opened = open_index(index, study, lang=self.state.language, writable=True,
                                 state=self.state, frames=self.frames.source,
                                 annotations=self.annotations.session)
        self.annotations.study_opened()
        self.studyOpened.emit()
        return self.opened

    def scene_options(self, **changes: object) -> SceneOptions:
        """How the window draws a pane's scene (selection, previews as given)."""
        options = SceneOptions(text_scale=ui_text_scale(), selected=self.annotations.selected)
        return replace(options, **changes) if changes else options  # type: ignore[arg-type]
