"""Help ▸ User guide and Help ▸ About: what the program is for, how to use it, whose work it uses.

The guide is a short HTML page per language in the bundled resources (``resources/guide/``,
with pictures taken from the screenshots in ``docs/``), shown inside the program: nothing
opens a browser or needs the internet. About names the version, the licence, the libraries
the program is built on with their licences, and that it is for patient education, not for
diagnosis.
"""

from __future__ import annotations

import html
from importlib import metadata
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ilc_viewer import __version__
from ilc_viewer.storage.resources import resource_file
from ilc_viewer.ui.i18n import language, translate
from ilc_viewer.words import overlay_text

#: The guide's folder in the bundled resources.
GUIDE_FOLDER = resource_file("guide")
#: The libraries the program ships with: (distribution, what it does for us, licence).
LIBRARIES = (
    ("PySide6-Essentials", "Qt for Python (PySide6)", "LGPL-3.0"),
    ("pydicom", "DICOM", "MIT"),
    ("numpy", "NumPy", "BSD-3-Clause"),
    ("pillow", "Pillow", "MIT-CMU (HPND)"),
    ("matplotlib", "Matplotlib", "Matplotlib licence (PSF-based)"),
    ("pylibjpeg", "pylibjpeg", "MIT"),
    ("pylibjpeg-libjpeg", "libjpeg", "GPL-3.0"),
    ("pylibjpeg-openjpeg", "OpenJPEG", "MIT / BSD-2-Clause"),
    ("pylibjpeg-rle", "RLE", "MIT"),
    ("pyjpegls", "JPEG-LS (CharLS)", "MIT; CharLS: BSD-3-Clause"),
    ("japanize-matplotlib", "IPAexGothic font", "MIT; font: IPA Font License 1.0"),
    ("budoux", "BudouX", "Apache-2.0"),
    ("babel", "Babel (CLDR)", "BSD-3-Clause"),
    ("pynetdicom", "pynetdicom", "MIT"),
    ("highdicom", "highdicom", "MIT"),
)


def guide_file(lang: str) -> Path:
    """The guide page in ``lang`` (English when there is none in that language)."""
    page = GUIDE_FOLDER / f"guide_{lang}.html"
    return page if page.is_file() else GUIDE_FOLDER / "guide_en.html"


def library_rows() -> list[tuple[str, str, str]]:
    """(library, version, licence) of each library, the version as installed."""
    rows = []
    for distribution, name, licence in LIBRARIES:
        try:
            version = metadata.version(distribution)
        except metadata.PackageNotFoundError:
            version = "-"
        rows.append((name, version, licence))
    return rows


class GuideDialog(QDialog):
    """The user guide in the window's language, with its pictures."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Help", "ILC Viewer user guide"))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        page = guide_file(language())
        self.browser.setSearchPaths([str(page.parent)])
        try:
            text = page.read_text(encoding="utf-8")
        except OSError as exc:
            text = html.escape(translate("Help", "The guide cannot be read: {reason}").format(
                reason=exc.strerror or exc))
        self.browser.setHtml(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        line = self.fontMetrics().height()
        self.resize(56 * line, 42 * line)


class AboutDialog(QDialog):
    """Version, licence, libraries and their licences, and what the program is for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Help", "About ILC Viewer"))
        rows = "".join(f"<tr><td>{html.escape(name)}</td><td>{html.escape(version)}</td>"
                       f"<td>{html.escape(licence)}</td></tr>"
                       for name, version, licence in library_rows())
        purpose = translate("Help", "An MRI viewer for explaining lower-back images to patients, "
                            "made for the International Lumbago Clinic, Tokyo. It shows T1, T2 "
                            "and STIR side by side with plain-language notes, and works "
                            "offline.")
        licence = translate("Help", "Licence: proprietary, International Lumbago Clinic. The "
                            "sample studies are simulated; they hold no real patient data.")
        heads = [translate("Help", "Library"), translate("Help", "Version"),
                 translate("Help", "Licence")]
        built_with = translate("Help", "Built with")
        text = (
            f"<h2>ILC Viewer {html.escape(__version__)}</h2>"
            f"<p><b>{html.escape(overlay_text.disclaimer(language()))}</b></p>"
            f"<p>{html.escape(purpose)}</p><p>{html.escape(licence)}</p>"
            f"<h3>{html.escape(built_with)}</h3>"
            "<table cellspacing='6'><tr>"
            + "".join(f"<th align='left'>{html.escape(h)}</th>" for h in heads)
            + f"</tr>{rows}</table>"
        )
        self.text = QTextBrowser()  # scrolls when the list is longer than the screen
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        line = self.fontMetrics().height()
        self.resize(40 * line, 34 * line)
