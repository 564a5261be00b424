"""The Annotations panel: pick a phrase, list the study's annotations, change the selected one.

- Phrases: a search box over the library (label and explanation, both languages), grouped by
  category; the explanation of the highlighted phrase is shown under the list. Choosing a
  phrase arms the sticker tool.
- On this study: every annotation with its label and, for stickers, the longer explanation
  in the language of the images. Clicking one selects it and shows its slice.
- The selected annotation: colour, text size, "show on all sequences", edit text, delete.

Every widget here only shows the controller's model and calls it; nothing is kept here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ilc_viewer.annotations.model import DEFAULT_COLOR, Annotation
from ilc_viewer.scene.text import keep_phrases
from ilc_viewer.ui.annotation_controller import AnnotationController, kind_name
from ilc_viewer.ui.i18n import bind, translate
from ilc_viewer.ui.tour_panel import TourPanel
from ilc_viewer.ui.wrapping_list import WrappingDelegate
from ilc_viewer.words.phrases import Phrase

#: Colours offered for annotations (bright on grey MR images), name -> "#rrggbb".
PALETTE = {
    QT_TRANSLATE_NOOP("AnnotationPanel", "Yellow"): DEFAULT_COLOR,
    QT_TRANSLATE_NOOP("AnnotationPanel", "Orange"): "#ffb74d",
    QT_TRANSLATE_NOOP("AnnotationPanel", "Red"): "#ef5350",
    QT_TRANSLATE_NOOP("AnnotationPanel", "Pink"): "#f48fb1",
    QT_TRANSLATE_NOOP("AnnotationPanel", "Green"): "#81c784",
    QT_TRANSLATE_NOOP("AnnotationPanel", "Cyan"): "#4fc3f7",
    QT_TRANSLATE_NOOP("AnnotationPanel", "White"): "#ffffff",
}
#: Text sizes offered (points of the annotation's font_size; 14 is the default).
SIZES = {QT_TRANSLATE_NOOP("AnnotationPanel", "Small"): 11.0,
         QT_TRANSLATE_NOOP("AnnotationPanel", "Normal"): 14.0,
         QT_TRANSLATE_NOOP("AnnotationPanel", "Large"): 18.0,
         QT_TRANSLATE_NOOP("AnnotationPanel", "Extra large"): 24.0}
CATEGORY_NAMES = {
    "sequence": QT_TRANSLATE_NOOP("AnnotationPanel", "What each sequence shows"),
    "disc": QT_TRANSLATE_NOOP("AnnotationPanel", "Discs"),
    "nerve_canal": QT_TRANSLATE_NOOP("AnnotationPanel", "Nerves and canal"),
    "bone": QT_TRANSLATE_NOOP("AnnotationPanel", "Bone"),
    "reassurance": QT_TRANSLATE_NOOP("AnnotationPanel", "Reassurance and pictures"),
}


def _tr(source: str) -> str:
    """A word of the tables above, marked for lupdate there, in the window's language."""
    return translate("AnnotationPanel", source)


ID_ROLE = Qt.ItemDataRole.UserRole


def swatch(colour: str) -> QIcon:
    """A small square of a colour, for lists and menus."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def phrase_matches(phrase: Phrase, words: str) -> bool:
    """True if every word of the search is in the phrase's label or explanation (any language)."""
    haystack = " ".join([phrase.id, phrase.label.en, phrase.label.ja, phrase.explanation.en,
                         phrase.explanation.ja]).casefold()
    return all(word in haystack for word in words.casefold().split())


class AnnotationPanel(QWidget):
    """The dock's content; ``goTo`` asks the window to show an annotation's slice."""

    goTo = Signal(str)
    editText = Signal(str)

    def __init__(self, controller: AnnotationController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.lang = "en"
        self.search = QLineEdit()
        bind(self.search, placeholderText=translate("AnnotationPanel",
                                                    "Search phrases (English or 日本語)"))
        self.search.setClearButtonEnabled(True)
        self.phrases = QTreeWidget()
        self.phrases.setHeaderHidden(True)
        self.phrases.setRootIsDecorated(True)
        # a phrase name is read whole, on two lines if need be: never cut to "hidden infl..."
        self.phrases.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.phrases.setItemDelegate(WrappingDelegate(self.phrases))
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        # the palette's text colour: dark on a light panel, light on a dark one (WCAG AA)
        self.explanation.setStyleSheet("QLabel { padding: 2px; }")
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.phrases.setMinimumHeight(60)
        # the explanation scrolls: a long one must not make the window taller than the screen
        self.explanation_area = QScrollArea()
        self.explanation_area.setWidget(self.explanation)
        self.explanation_area.setWidgetResizable(True)
        self.explanation_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.explanation_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        lines = self.fontMetrics().height()
        self.explanation_area.setMinimumHeight(3 * lines)
        self.explanation_area.setMaximumHeight(7 * lines)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setUniformItemSizes(False)
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(60)
        self.on_all = QCheckBox()
        bind(self.on_all, text=translate("AnnotationPanel", "Show on all sequences"),
             toolTip=translate("AnnotationPanel",
                               "Off: this annotation is shown only on the series it was made on"))
        self.colour = QComboBox()
        for name, value in PALETTE.items():
            self.colour.addItem(swatch(value), _tr(name), value)
        bind(self.colour, toolTip=translate("AnnotationPanel", "Colour of the selected annotation"))
        self.size = QSpinBox()
        self.size.setRange(8, 48)
        self.size.setValue(14)
        bind(self.size, prefix=translate("AnnotationPanel", "Text "),
             suffix=translate("AnnotationPanel", " pt"),
             toolTip=translate("AnnotationPanel", "Text size of the selected annotation"))
        self.edit = QPushButton()
        bind(self.edit, text=translate("AnnotationPanel", "Edit text…"))
        self.delete = QPushButton()
        bind(self.delete, text=translate("AnnotationPanel", "Delete"))
        self.hidden_note = QLabel()
        bind(self.hidden_note, text=translate(
            "AnnotationPanel", "Annotations are hidden (View ▸ Show annotations, H)."))
        self.hidden_note.setWordWrap(True)
        self.hidden_note.hide()

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        hint = QLabel()
        bind(hint, text=translate("AnnotationPanel", "<b>Phrases</b> — choose one, then click "
                                  "the spot"))
        hint.setWordWrap(True)
        top_layout.addWidget(hint)
        top_layout.addWidget(self.search)
        top_layout.addWidget(self.phrases, 1)
        top_layout.addWidget(self.explanation_area)
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addWidget(self.hidden_note)
        bottom_layout.addWidget(self.list, 1)
        # two columns: the panel is a narrow tab at the right of the images
        form = QGridLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addWidget(self.on_all, 0, 0, 1, 2)
        form.addWidget(self.colour, 1, 0)
        form.addWidget(self.size, 1, 1)
        form.addWidget(self.edit, 2, 0)
        form.addWidget(self.delete, 2, 1)
        self.properties = QWidget()
        self.properties.setLayout(form)
        # tabs, not a split: the panel must fit a 1366x768 screen under its own tab
        self.tabs = QTabWidget()
        self.tabs.addTab(bottom, "")
        self.tabs.addTab(top, "")
        self.tour = TourPanel(controller)
        self.tabs.addTab(self.tour, "")
        self._tab_titles()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.properties)

        self.search.textChanged.connect(lambda _: self.fill_phrases())
        self.phrases.currentItemChanged.connect(self._phrase_highlighted)
        self.phrases.itemActivated.connect(self._phrase_chosen)
        self.phrases.itemClicked.connect(self._phrase_chosen)
        self.list.currentItemChanged.connect(self._row_chosen)
        self.list.itemActivated.connect(lambda item: self.goTo.emit(item.data(ID_ROLE)))
        self.on_all.toggled.connect(lambda on: self._set(show_on_all_sequences=on))
        self.colour.activated.connect(
            lambda index: self._set(color=str(self.colour.itemData(index))))
        self.size.valueChanged.connect(lambda value: self._set(font_size=float(value)))
        self.edit.clicked.connect(lambda: self.editText.emit(self.controller.selected))
        self.delete.clicked.connect(self.controller.remove_selected)
        controller.changed.connect(lambda _change: self.refresh())
        controller.selectionChanged.connect(lambda _id: self.show_selection())
        controller.visibilityChanged.connect(lambda _on: self.refresh())
        #: Set by the window: arms the sticker tool with a phrase id.
        self.phrase_chosen = lambda phrase_id: None
        self.fill_phrases()
        self.refresh()

    def _tab_titles(self) -> None:
        self.tabs.setTabText(0, translate("AnnotationPanel", "On this study"))
        self.tabs.setTabText(1, translate("AnnotationPanel", "Phrases"))
        self.tabs.setTabText(2, translate("AnnotationPanel", "Explain tour"))

    def changeEvent(self, event: QEvent) -> None:
        """A language switch: tab titles, colour names, the lists again."""
        if event.type() == QEvent.Type.LanguageChange:
            self._tab_titles()
            for k, name in enumerate(PALETTE):
                self.colour.setItemText(k, _tr(name))
            self.fill_phrases()
            self.refresh()
        super().changeEvent(event)

    # ----- phrases ------------------------------------------------------------------------
    def set_language(self, lang: str) -> None:
        """Show phrases and annotations in ``lang``."""
        if lang != self.lang:
            self.lang = lang
            self.fill_phrases()
            self.refresh()
        self.tour.set_language(lang)

    def fill_phrases(self) -> None:
        """The library grouped by category, filtered by the search words."""
        words = self.search.text().strip()
        current = self.current_phrase()
        with QSignalBlocker(self.phrases):
            self.phrases.clear()
            for category, phrases in self.controller.library.by_category().items():
                shown = [p for p in phrases if phrase_matches(p, words)]
                if not shown:
                    continue
                name = CATEGORY_NAMES.get(category)
                group = QTreeWidgetItem([_tr(name) if name else category])
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.phrases.addTopLevelItem(group)
                for phrase in shown:
                    item = QTreeWidgetItem([keep_phrases(phrase.label.get(self.lang))])
                    item.setData(0, ID_ROLE, phrase.id)
                    item.setIcon(0, swatch(phrase.color))
                    item.setToolTip(0, phrase.explanation.get(self.lang))
                    group.addChild(item)
                    if phrase.id == current:
                        self.phrases.setCurrentItem(item)
                group.setExpanded(True)
        self._phrase_highlighted(self.phrases.currentItem())

    def current_phrase(self) -> str:
        """The id of the highlighted phrase ("" for none)."""
        item = self.phrases.currentItem()
        return str(item.data(0, ID_ROLE) or "") if item is not None else ""

    def visible_phrase_ids(self) -> list[str]:
        """Phrase ids the list shows now (after the search), in order."""
        ids = []
        for k in range(self.phrases.topLevelItemCount()):
            group = self.phrases.topLevelItem(k)
            ids += [str(group.child(j).data(0, ID_ROLE)) for j in range(group.childCount())]
        return ids

    def show_phrases(self) -> None:
        """Bring the phrase list to the front (the sticker tool needs a phrase)."""
        self.tabs.setCurrentIndex(1)
        self.search.setFocus()

    def choose_phrase(self, phrase_id: str) -> None:
        """Highlight a phrase and arm the sticker tool with it (as a click does)."""
        for k in range(self.phrases.topLevelItemCount()):
            group = self.phrases.topLevelItem(k)
            for j in range(group.childCount()):
                if group.child(j).data(0, ID_ROLE) == phrase_id:
                    self.phrases.setCurrentItem(group.child(j))
                    self._phrase_chosen(group.child(j))
                    return

    def _phrase_highlighted(self, item: QTreeWidgetItem | None, *_: object) -> None:
        phrase = self.controller.library.get(str(item.data(0, ID_ROLE) or "")) if item else None
        if phrase is None:
            self.explanation.setText("")
            return
        where = " / ".join(phrase.sequences) or translate("AnnotationPanel", "all sequences")
        self.explanation.setText(f"<b>{keep_phrases(phrase.label.get(self.lang))}</b> ({where})"
                                 f"<br>{keep_phrases(phrase.explanation.get(self.lang))}")

    def _phrase_chosen(self, item: QTreeWidgetItem, *_: object) -> None:
        phrase_id = str(item.data(0, ID_ROLE) or "")
        if phrase_id:
            self.phrase_chosen(phrase_id)

    # ----- the study's annotations --------------------------------------------------------
    def row_text(self, annotation: Annotation) -> str:
        """One list row: label, what and where, and the explanation of a sticker."""
        kind = kind_name(annotation.kind)
        text = self.controller.text_of(annotation, self.lang) or kind
        made_on = annotation.created_on.sequence
        if made_on and not annotation.show_on_all_sequences:
            what = translate("AnnotationPanel", "{kind} · {sequence} only").format(
                kind=kind, sequence=made_on)
        elif made_on:
            what = translate("AnnotationPanel", "{kind} · {sequence}").format(
                kind=kind, sequence=made_on)
        else:
            what = kind if annotation.show_on_all_sequences else translate(
                "AnnotationPanel", "{kind} only").format(kind=kind)
        head = f"{text}   ({what})"
        explanation = self.controller.explanation_of(annotation, self.lang)
        return f"{head}\n{explanation}" if explanation else head

    def refresh(self) -> None:
        """Show the model: the list, the selection and the selected annotation's values."""
        self.hidden_note.setVisible(not self.controller.visible)
        with QSignalBlocker(self.list):
            self.list.clear()
            for annotation in self.controller.annotations:
                item = QListWidgetItem(swatch(annotation.color), self.row_text(annotation))
                item.setData(ID_ROLE, annotation.id)
                self.list.addItem(item)
        self.show_selection()

    def show_selection(self) -> None:
        """Highlight the selected annotation's row and show its values."""
        selected = self.controller.selected
        with QSignalBlocker(self.list):
            self.list.setCurrentRow(-1)
            for row in range(self.list.count()):
                if self.list.item(row).data(ID_ROLE) == selected:
                    self.list.setCurrentRow(row)
        annotation = self.controller.annotations.get(selected) if selected else None
        self.properties.setEnabled(annotation is not None)
        if annotation is None:
            return
        with QSignalBlocker(self.on_all), QSignalBlocker(self.colour), QSignalBlocker(self.size):
            self.on_all.setChecked(annotation.show_on_all_sequences)
            index = self.colour.findData(annotation.color)
            if index < 0:  # a phrase's own colour: offer it too
                self.colour.addItem(swatch(annotation.color), annotation.color, annotation.color)
                index = self.colour.count() - 1
            self.colour.setCurrentIndex(index)
            self.size.setValue(round(annotation.font_size))

    def _row_chosen(self, item: QListWidgetItem | None, *_: object) -> None:
        if item is not None:
            annotation_id = str(item.data(ID_ROLE))
            self.controller.select(annotation_id)
            self.goTo.emit(annotation_id)

    def _set(self, **fields: object) -> None:
        if self.controller.selected:
            self.controller.update(self.controller.selected, **fields)


def annotation_menu(controller: AnnotationController, annotation_id: str,
                    edit_text: Callable[[str], object], parent: QWidget | None = None) -> QMenu:
    """The right-click menu of one annotation (the same choices as the panel)."""
    annotation = controller.annotations.get(annotation_id)
    menu = QMenu(parent)
    if annotation is None:
        return menu
    menu.addAction(translate("AnnotationPanel", "Edit text…"), lambda: edit_text(annotation_id))
    on_all = menu.addAction(translate("AnnotationPanel", "Show on all sequences"))
    on_all.setCheckable(True)
    on_all.setChecked(annotation.show_on_all_sequences)
    on_all.toggled.connect(
        lambda on: controller.update(annotation_id, show_on_all_sequences=on))
    colours = menu.addMenu(translate("AnnotationPanel", "Colour"))
    for name, value in PALETTE.items():
        action = colours.addAction(swatch(value), _tr(name),
                                   lambda v=value: controller.update(annotation_id, color=v))
        action.setCheckable(True)
        action.setChecked(value == annotation.color)
    sizes = menu.addMenu(translate("AnnotationPanel", "Text size"))
    for name, value in SIZES.items():
        action = sizes.addAction(_tr(name),
                                 lambda v=value: controller.update(annotation_id, font_size=v))
        action.setCheckable(True)
        action.setChecked(value == annotation.font_size)
    menu.addSeparator()
    menu.addAction(translate("AnnotationPanel", "Delete"), lambda: controller.remove(annotation_id))
    return menu
