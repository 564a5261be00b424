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


def study_label(study: Study, phi_visible: bool) -> str:
    """Date, description and series count; the patient's name only when PHI is shown."""
    date = study.date
    if len(date) == 8 and date.isdigit():
        date = f"{date[:4]}-{date[4:6]}-{date[6:]}"
    parts = [date or "no date", study.description or "no description",
             f"{len(study.series)} series"]
    if phi_visible and study.patient.name:
        parts.insert(0, study.patient.name)
    return " - ".join(parts)


class StudyChooser(QDialog):
    """A list of studies; OK opens the selected one."""

    def __init__(self, studies: list[Study], phi_visible: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Choose a study")
        self.list = QListWidget()
        for study in studies:
            self.list.addItem(QListWidgetItem(study_label(study, phi_visible)))
        self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"This folder holds {len(studies)} studies. Which one?"))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(520, 320)

    def chosen(self) -> int:
        """Index of the selected study."""
        return max(0, self.list.currentRow())
