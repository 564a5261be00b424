"""Bundled data (phrases, captions, sample studies) is found in the package or beside it."""

from __future__ import annotations

import importlib.resources
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from ilc_viewer.storage import resources
from ilc_viewer.storage.resources import BundledDataError


@pytest.fixture(autouse=True)
def fresh_lookup() -> Iterator[None]:
    resources.bundled_folder.cache_clear()
    yield
    resources.bundled_folder.cache_clear()


def fake_install(root: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package folder ``root/ilc_viewer`` that importlib.resources will report."""
    package = root / "ilc_viewer"
    package.mkdir(parents=True)
    monkeypatch.setattr(importlib.resources, "files", lambda name: package)
    return package


def test_source_checkout_finds_the_top_level_folders() -> None:
    top = Path(__file__).resolve().parents[2]
    assert resources.resource_file("phrases.json") == top / "resources" / "phrases.json"
    assert resources.default_sample_study() == top / "sample_dicoms" / "case_a"
    assert (resources.default_sample_study() / "truth.json").is_file()


def test_installed_package_uses_its_own_copy(tmp_path: Path, monkeypatch) -> None:
    package = fake_install(tmp_path, monkeypatch)
    (package / "resources").mkdir()
    (package / "sample_dicoms").mkdir()
    (tmp_path / "resources").mkdir()  # a folder of that name beside the package is not used
    assert resources.resource_file("captions.json") == package / "resources" / "captions.json"
    assert resources.samples_folder() == package / "sample_dicoms"


def test_missing_data_names_the_path_inside_the_package(tmp_path: Path, monkeypatch) -> None:
    package = fake_install(tmp_path, monkeypatch)
    assert resources.resource_file("phrases.json") == package / "resources" / "phrases.json"


def test_zipped_package_is_one_clear_error(tmp_path: Path, monkeypatch) -> None:
    archive = tmp_path / "app.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ilc_viewer/__init__.py", "")
    monkeypatch.setattr(importlib.resources, "files",
                        lambda name: zipfile.Path(archive, "ilc_viewer/"))
    with pytest.raises(BundledDataError, match="not on disk"):
        resources.resource_file("phrases.json")


def test_the_samples_truth_files_are_not_skipped_files(tmp_path: Path) -> None:
    from ilc_viewer.dicom.index import scan

    sample = resources.default_sample_study()
    index = scan(sample)
    assert index.skipped == [] and len(index.all_series()) == 4
    copy = tmp_path / "copy"
    copy.mkdir()
    shutil.copy(sample / "truth.json", copy / "truth.json")
    assert [s.path for s in scan(copy).skipped] == [str(copy / "truth.json")]
