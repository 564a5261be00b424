"""Choose one study when a folder holds several: what tells studies apart, name masked.

Each line shows the patient's initials (the name only after "Show names"), sex and age, the
study's date and time, description, accession number, modality and how many series and
images it holds, from :func:`ilc_viewer.study.summary.summarize`.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ilc_viewer.study.model import Study
from ilc_viewer.study.summary import StudySummary, summarize
from ilc_viewer.ui.i18n import language, translate


class StudyChooser(QDialog):
    """A list of studies; OK opens the selected one."""

    def __init__(self, studies: list[Study], phi_visible: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("StudyChooser", "Choose a study"))
        self.summaries: list[StudySummary] = [summarize(s, n) for n, s in
                                              enumerate(studies, start=1)]
        self.list = QListWidget()
        for _ in studies:
            self.list.addItem(QListWidgetItem())
        self.show_names = QCheckBox(translate("StudyChooser", "Show names"))
        self.show_names.setToolTip(translate("StudyChooser",
                                             "Show the patients' names (hidden by default)"))
        self.show_names.setChecked(phi_visible)
        self.show_names.toggled.connect(self.refresh)
        self.refresh()
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
        layout.addWidget(self.show_names)
        layout.addWidget(buttons)
        self.resize(720, 320)

    def refresh(self) -> None:
        """Write every line again (names shown or masked)."""
        for row, summary in enumerate(self.summaries):
            self.list.item(row).setText(summary.line(language(), self.show_names.isChecked()))

    def chosen(self) -> int:
        """Index of the selected study."""
        return max(0, self.list.currentRow())
