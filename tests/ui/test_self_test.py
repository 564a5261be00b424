"""``ilc-viewer --self-test``: passes on the sample, and fails when a panel's image is missing.

Each case runs the command in a process of its own, as a person (or CI, on the bundle) runs
it: the self-test makes its own application, window and event loop.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.encaps import encapsulate, generate_fragments
from pydicom.uid import JPEG2000Lossless

from ilc_viewer.storage.resources import default_sample_study

STIR_FOLDER = "03_tirm_sag"


def self_test(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``python -m ilc_viewer --self-test ARGS`` (offscreen, as the test run is)."""
    return subprocess.run([sys.executable, "-m", "ilc_viewer", "--self-test", *args],
                          capture_output=True, text=True, timeout=240,
                          env=env or dict(os.environ))


def lines(result: subprocess.CompletedProcess) -> dict[str, str]:
    """Check name -> its whole line, for the check lines of the output."""
    found = {}
    for line in result.stdout.splitlines():
        words = line.split(maxsplit=1)
        if line.startswith("  ") and len(words) == 2 and words[0] in ("ok", "FAILED"):
            found[words[1].split(":", 1)[0]] = line.strip()
    return found


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A copy of the sample study, case A, to damage."""
    source = default_sample_study()
    if not source.is_dir():
        pytest.skip("sample study not generated")
    return Path(shutil.copytree(source, tmp_path / "case_a"))


def test_self_test_passes_on_the_sample_and_prints_every_check() -> None:
    result = self_test()
    checks = lines(result)
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(line.startswith("ok") for line in checks.values()), result.stdout
    for name in ("decoders", "first image painted", "panel 1 (T1)", "panel 2 (T2)",
                 "panel 3 (STIR)", "picture export (PNG)", "handout export in Japanese (PDF)",
                 "no network connection attempted", "nothing written in the program's folder"):
        assert name in checks, result.stdout
    assert " s after the program started (CPU " in checks["first image painted"]
    assert result.stdout.splitlines()[-1].startswith("Self-test passed: all ")


def test_self_test_fails_when_the_study_has_no_stir_series(sample_copy: Path) -> None:
    shutil.rmtree(sample_copy / STIR_FOLDER)
    result = self_test(str(sample_copy))
    checks = lines(result)
    assert result.returncode == 1, result.stdout + result.stderr
    assert checks["panel 3 (STIR)"] == (
        "FAILED panel 3 (STIR): no STIR series in this study")
    assert checks["panel 1 (T1)"].startswith("ok") and checks["panel 2 (T2)"].startswith("ok")
    assert "Self-test FAILED: 1 of " in result.stdout


def test_self_test_fails_when_the_shown_stir_image_cannot_be_decoded(sample_copy: Path) -> None:
    for path in sorted((sample_copy / STIR_FOLDER).glob("*.dcm")):
        ds = dcmread(path)
        ds.compress(JPEG2000Lossless, encoding_plugin="pylibjpeg")
        frame = next(generate_fragments(ds.PixelData))
        ds.PixelData = encapsulate([frame[: len(frame) // 2]])  # the codestream cut short
        ds.save_as(path)
    result = self_test(str(sample_copy))
    checks = lines(result)
    assert result.returncode == 1, result.stdout + result.stderr
    assert checks["panel 3 (STIR)"].startswith("FAILED panel 3 (STIR): tirm_sag: ")
    assert checks["picture export (PNG)"].startswith("FAILED")
    assert checks["panel 1 (T1)"].startswith("ok")


def test_self_test_fails_with_one_line_for_a_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "no such study"
    result = self_test(str(missing))
    checks = lines(result)
    assert result.returncode == 1
    assert checks["study read"].startswith(f"FAILED study read: {missing}: ")
    assert "Traceback" not in result.stdout + result.stderr


def test_self_test_takes_one_path_at_most() -> None:
    result = self_test("a", "b")
    assert result.returncode == 2
    assert result.stderr.strip() == "ilc-viewer --self-test: one PATH at most, not a b"

