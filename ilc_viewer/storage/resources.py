"""The program's bundled data: the phrase library, captions, fonts and the sample studies.

Every reader of these files finds them here. The repository keeps them in its top-level
``resources/`` and ``sample_dicoms/`` folders; a wheel carries the same folders inside the
package (``ilc_viewer/resources``, ``ilc_viewer/sample_dicoms``; ``setup.py`` maps them there).
They are looked up through :mod:`importlib.resources`: inside the installed package first, then
beside it, which is where they are in a source checkout or an editable install.

Callers get real paths (pydicom, fonts and error messages need them). pip always installs a
wheel as plain files; a package imported from a zip archive gets :class:`BundledDataError`.
"""

from __future__ import annotations

import importlib.resources
from functools import cache
from pathlib import Path

from ilc_viewer.errors import ViewerError

#: The bundled folders, by their name in the repository and inside the installed package.
RESOURCES = "resources"
SAMPLES = "sample_dicoms"
#: The sample study the window, ``info`` and ``export`` open when given no path.
DEFAULT_SAMPLE_CASE = "case_a"
#: The samples' own files that are not images (each case's findings, in mm).
SAMPLE_EXTRAS = frozenset({"truth.json"})


class BundledDataError(ViewerError):
    """The bundled data cannot be reached as files on disk."""


@cache
def bundled_folder(name: str) -> Path:
    """The bundled folder ``name`` (:data:`RESOURCES` or :data:`SAMPLES`) as a path on disk.

    When it is in neither place the path inside the package is returned, so that readers say
    which file they could not read.
    """
    package = importlib.resources.files("ilc_viewer")
    if not isinstance(package, Path):
        raise BundledDataError(
            f"{package}: the program's data is not on disk (the package seems to be zipped); "
            "install it with pip"
        )
    inside = package / name
    beside = package.parent / name  # a source checkout or an editable install
    return beside if not inside.is_dir() and beside.is_dir() else inside


def resource_file(name: str) -> Path:
    """A file or folder of the bundled resources, e.g. ``resource_file("phrases.json")`` or
    ``resource_file("i18n/core_ja.mo")``."""
    return bundled_folder(RESOURCES) / name


def samples_folder() -> Path:
    """The folder of the bundled sample studies (``case_a``, ``case_b``)."""
    return bundled_folder(SAMPLES)


def default_sample_study() -> Path:
    """The study opened when no path is given (case A of the samples), by window and CLI."""
    return samples_folder() / DEFAULT_SAMPLE_CASE


def is_sample_extra(path: Path) -> bool:
    """Whether ``path`` is one of the bundled samples' own non-image files (``truth.json``).

    Reading the samples must not report these as skipped files. A copy elsewhere is the
    user's folder like any other, and its extra files are reported as usual.
    """
    if Path(path).name not in SAMPLE_EXTRAS:
        return False
    try:
        return Path(path).resolve().is_relative_to(samples_folder().resolve())
    except (OSError, BundledDataError):
        return False
