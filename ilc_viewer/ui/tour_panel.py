"""The Explain tour tab of the Annotations panel: staff prepare the walk before the patient
comes in.

- Steps: every sticker and spine level label of the study, ticked when it is a step, in the
  order Explain mode shows them (drag, or Up / Down); the three camera filters always come
  first.
- Cards: the teaching cards that follow the findings, ticked and in order.
- The language the tour starts in (and the handout is written in: also both), and
  "How common is this?" (off unless ticked; it needs the patient's age, which the panel says).
- Start Explain mode.

Every change is kept at once as the study's tour, saved with its annotations (the core's
:class:`~ilc_viewer.annotations.session.StudyAnnotations`); nothing is kept here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ilc_viewer.annotations.tour import CARDS, Tour, can_be_step, head_to_foot
from ilc_viewer.study.model import Study
from ilc_viewer.ui.annotation_controller import AnnotationController
from ilc_viewer.ui.i18n import bind, translate
from ilc_viewer.words.how_common import age_years

ID_ROLE = Qt.ItemDataRole.UserRole
#: The tour languages as offered (English and Japanese in their own words).
LANGUAGES = {"en": "English", "ja": "日本語",
             "both": QT_TRANSLATE_NOOP("TourPanel", "Both (handout: English, then 日本語)")}


class TourPanel(QWidget):
    """Prepares the open study's tour; ``start`` asks the window for Explain mode."""

    start = Signal()

    def __init__(self, controller: AnnotationController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.session = controller.session
        self.lang = "en"
        #: The open study (the window sets it): the age note reads its patient's age.
        self.study: Callable[[], Study | None] = lambda: None
        self.steps = self._list()
        self.cards = self._list()
        self.language = QComboBox()
        # as narrow as the panel: a long entry must not widen the side column
        self.language.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.language.setMinimumContentsLength(8)
        for key, name in LANGUAGES.items():
            self.language.addItem(translate("TourPanel", name) if key == "both" else name, key)
        self.how_common = QCheckBox()
        bind(self.how_common, text=translate("TourPanel", "How common is this?"),
             toolTip=translate("TourPanel", "Shows how many people of the patient's age with "
                               "no back pain have the same disc finding (only the age in "
                               "years is used)"))
        self.age_note = QLabel()
        self.age_note.setWordWrap(True)
        self.age_note.setStyleSheet("QLabel { color: #90a4ae; }")
        self.up, self.down = QPushButton(), QPushButton()
        bind(self.up, text=translate("TourPanel", "Up"))
        bind(self.down, text=translate("TourPanel", "Down"))
        self.go = QPushButton()
        bind(self.go, text=translate("TourPanel", "Start Explain mode (F5)"))
        steps_title, cards_title = QLabel(), QLabel()
        bind(steps_title, text=translate("TourPanel", "<b>Steps</b> — after the three camera "
                                         "filters; tick, drag to order"))
        bind(cards_title, text=translate("TourPanel", "<b>Teaching cards</b> — then"))
        for label in (steps_title, cards_title):
            label.setWordWrap(True)
        buttons = QGridLayout()
        buttons.addWidget(self.up, 0, 0)
        buttons.addWidget(self.down, 0, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(steps_title)
        layout.addWidget(self.steps, 3)
        layout.addLayout(buttons)
        layout.addWidget(cards_title)
        layout.addWidget(self.cards, 2)
        layout.addWidget(self.language)
        layout.addWidget(self.how_common)
        layout.addWidget(self.age_note)
        layout.addWidget(self.go)

        for widget in (self.steps, self.cards):
            widget.itemChanged.connect(lambda _item: self.keep())
            widget.model().rowsMoved.connect(lambda *_: self.keep())
        self.language.activated.connect(lambda _index: self.keep())
        self.how_common.toggled.connect(lambda _on: self.keep())
        self.up.clicked.connect(lambda: self.move(-1))
        self.down.clicked.connect(lambda: self.move(1))
        self.go.clicked.connect(self.start)
        controller.changed.connect(lambda _change: self.refresh())
        self.refresh()

    @staticmethod
    def _list() -> QListWidget:
        widget = QListWidget()
        widget.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        widget.setDefaultDropAction(Qt.DropAction.MoveAction)
        widget.setWordWrap(True)
        widget.setMinimumHeight(50)
        return widget

    # ----- model -> widgets ---------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Name the steps in ``lang`` (the images' language)."""
        if lang != self.lang:
            self.lang = lang
            self.refresh()

    @property
    def age(self) -> int | None:
        """The open study's patient age in whole years (None: not known)."""
        study = self.study()
        return age_years(study.patient, study.date) if study is not None else None

    def tour(self) -> Tour:
        """The study's tour now (saved, or the default one)."""
        return self.session.tour(self.lang)

    def refresh(self) -> None:
        """Show the study's tour (signals blocked: nothing loops back)."""
        tour = self.tour()
        library = self.controller.library
        annotations = {a.id: a for a in self.controller.annotations if can_be_step(a)}
        order = [i for i in tour.findings if i in annotations]
        order += [a.id for a in head_to_foot(annotations.values()) if a.id not in order]
        with QSignalBlocker(self.steps), QSignalBlocker(self.cards), \
                QSignalBlocker(self.language), QSignalBlocker(self.how_common):
            self.steps.clear()
            for annotation_id in order:
                text = self.controller.text_of(annotations[annotation_id], self.lang)
                self._add(self.steps, text or annotation_id, annotation_id,
                          annotation_id in tour.findings)
            self.cards.clear()
            chosen = list(tour.cards) + [c for c in CARDS if c not in tour.cards]
            for card in chosen:
                phrase = library.get(card)
                self._add(self.cards, phrase.label.get(self.lang) if phrase else card, card,
                          card in tour.cards)
            self.language.setCurrentIndex(max(0, self.language.findData(tour.lang)))
            self.how_common.setChecked(tour.how_common)
        self._age_note()

    def _age_note(self) -> None:
        if self.age is None:
            note = translate("TourPanel", "This study has no age: nothing is shown.")
        else:
            note = translate("TourPanel", "Age used: {age} (years only)").format(age=self.age)
        self.age_note.setText(note)

    @staticmethod
    def _add(widget: QListWidget, text: str, key: str, checked: bool) -> None:
        item = QListWidgetItem(text)
        item.setData(ID_ROLE, key)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                      | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsDragEnabled)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        widget.addItem(item)

    # ----- widgets -> model ---------------------------------------------------------------
    def chosen(self, widget: QListWidget) -> tuple[str, ...]:
        """The ticked keys of a list, in its order."""
        return tuple(str(widget.item(k).data(ID_ROLE)) for k in range(widget.count())
                     if widget.item(k).checkState() == Qt.CheckState.Checked)

    def keep(self) -> None:
        """Keep what the panel shows as the study's tour (saved at once)."""
        if self.session.study_uid is None:
            return
        self.session.set_tour(Tour(self.chosen(self.steps), self.chosen(self.cards),
                                   str(self.language.currentData()),
                                   self.how_common.isChecked()))

    def move(self, by: int) -> None:
        """Move the highlighted step up (-1) or down (+1)."""
        row = self.steps.currentRow()
        target = row + by
        if row < 0 or not 0 <= target < self.steps.count():
            return
        with QSignalBlocker(self.steps):
            item = self.steps.takeItem(row)
            self.steps.insertItem(target, item)
            self.steps.setCurrentRow(target)
        self.keep()

    def changeEvent(self, event: QEvent) -> None:
        """A language switch: the "both" entry and the age note again."""
        if event.type() == QEvent.Type.LanguageChange:
            self.language.setItemText(2, translate("TourPanel", LANGUAGES["both"]))
            self._age_note()
        super().changeEvent(event)

