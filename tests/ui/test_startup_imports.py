"""The window starts without the export's heavy libraries (matplotlib loads on first export)."""

import os
import subprocess
import sys

import pytest

from ilc_viewer.storage.resources import default_sample_study

#: Opens a study offscreen and prints what is imported when the first image is painted.
AT_FIRST_IMAGE = """
import sys
from ilc_viewer.ui.app import build_window
app, window = build_window(sys.argv[1])
window.resize(1000, 600)
def painted():
    print(" ".join(sorted(sys.modules)), flush=True)
    app.quit()
window.firstImagePainted.connect(painted)
window.loadFailed.connect(lambda message: (print("FAILED", message, flush=True), app.quit()))
window.show()
app.exec()
"""

#: Needed only by Export, dialogs opened later, or never by the window. (PIL.ImageFont is
#: needed: the panel scene measures its words with the font both painters draw with.)
NOT_BEFORE_FIRST_IMAGE = (
    "matplotlib", "scipy", "ilc_viewer.export", "PIL.ImageDraw", "PIL.PngImagePlugin",
    "ilc_viewer.ui.shortcuts_dialog", "ilc_viewer.ui.study_chooser", "pynetdicom",
)


def test_opening_the_window_module_does_not_import_matplotlib() -> None:
    code = (
        "import sys, ilc_viewer.ui.app\n"
        "print('matplotlib' in sys.modules, 'ilc_viewer.export.handout' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.split() == ["False", "False"]


def test_handout_is_still_reachable_from_the_export_package() -> None:
    from ilc_viewer.export import HandoutOptions, write_handout

    assert callable(write_handout)
    assert HandoutOptions(lang="ja").lang == "ja"


def test_first_image_is_painted_before_export_and_extras_are_imported(tmp_path) -> None:
    study = default_sample_study()
    if not study.is_dir():
        pytest.skip("sample study not generated")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ILC_VIEWER_DATA_DIR=str(tmp_path))
    result = subprocess.run([sys.executable, "-c", AT_FIRST_IMAGE, str(study)], env=env,
                            capture_output=True, text=True, timeout=120)
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines and not lines[0].startswith("FAILED"), result.stdout + result.stderr[-2000:]
    modules = set(lines[0].split())
    assert "ilc_viewer.ui.main_window" in modules and "pydicom" in modules  # really started
    loaded = sorted(name for name in modules
                    if any(name == n or name.startswith(n + ".") for n in NOT_BEFORE_FIRST_IMAGE))
    assert loaded == []
