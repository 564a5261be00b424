"""The window can write Japanese on a PC without a Japanese font: the bundled IPAexGothic."""

import os
import subprocess
import sys

#: Makes the application as ``ilc-viewer`` does, then lists the font families Qt knows.
FAMILIES = """
from PySide6.QtGui import QFontDatabase
from ilc_viewer.ui.app import make_application
app = make_application()
print("IPAexGothic" in QFontDatabase.families(), "IPAexGothic" in app.font().families())
"""


def test_the_bundled_japanese_font_is_known_before_the_first_menu_is_made() -> None:
    # before any window exists: menus made next can fall back to it for Japanese words
    result = subprocess.run([sys.executable, "-c", FAMILIES], capture_output=True, text=True,
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), check=True)
    assert result.stdout.split() == ["True", "True"]
