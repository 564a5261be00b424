"""Choose one study when a folder holds several."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ilc_viewer.study.model import Study
from ilc_viewer.study.summary import summarize
from ilc_viewer.ui.i18n import language, translate


def study_label(study: Study, phi_visible: bool, number: int = 1) -> str:
    """The study's one-line summary (sex, age, date, description, counts) in the window's
    language; the patient's name only when PHI is shown, else its initials."""
    return summarize(study, number).line(language(), show_name=phi_visible)


class StudyChooser(QDialog):
    """A list of studies; OK opens the selected one."""

    def __init__(self, studies: list[Study], phi_visible: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("StudyChooser", "Choose a study"))
        self.list = QListWidget()
        for number, study in enumerate(studies, start=1):
            self.list.addItem(QListWidgetItem(study_label(study, phi_visible, number)))
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(translate("StudyChooser", "This folder holds {count} studies. "
                                          "Which one?").format(count=len(studies))))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(520, 320)

    def chosen(self) -> int:
        """Index of the selected study."""
        return max(0, self.list.currentRow())
