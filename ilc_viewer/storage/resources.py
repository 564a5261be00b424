"""Where the project's bundled data lives (sample study, phrase library, fonts)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DICOMS = PROJECT_ROOT / "sample_dicoms"
RESOURCES = PROJECT_ROOT / "resources"


def resource_file(name: str) -> Path:
    """A file or folder of the bundled resources, e.g. ``resource_file("i18n/core_ja.mo")``."""
    return RESOURCES / name


def default_sample_study() -> Path:
    """The study the viewer opens when started without a path (case A of the samples)."""
    return SAMPLE_DICOMS / "case_a"
