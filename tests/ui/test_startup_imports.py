"""The window starts without the export's heavy libraries (matplotlib loads on first export)."""

import subprocess
import sys


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
