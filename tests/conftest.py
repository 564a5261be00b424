"""Shared test setup: Qt runs offscreen; tests never touch the user's real settings or data."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the program follows the system's language when none is chosen: tests expect English
os.environ["LC_ALL"] = "C.UTF-8"


@pytest.fixture(autouse=True)
def private_data_folder(tmp_path_factory: pytest.TempPathFactory,
                        monkeypatch: pytest.MonkeyPatch) -> Path:
    """The program's data folder (annotations, phrases) is a new, not yet made, folder."""
    folder = tmp_path_factory.mktemp("run") / "ILC Viewer data"
    monkeypatch.setenv("ILC_VIEWER_DATA_DIR", str(folder))
    return folder
