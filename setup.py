"""Packaging beyond pyproject.toml: the wheel carries the repository's data folders.

``resources/`` (phrases, captions, later fonts and translations) and ``sample_dicoms/`` stay at
the top of the repository and are installed inside the package as ``ilc_viewer/resources`` and
``ilc_viewer/sample_dicoms``, where :mod:`ilc_viewer.storage.resources` finds them. The package
list is computed here because pyproject's ``packages.find`` cannot add folders mapped from
outside the package.
"""

from setuptools import find_namespace_packages, find_packages, setup

#: Package name inside the wheel -> folder in the repository.
DATA_FOLDERS = {"ilc_viewer.resources": "resources", "ilc_viewer.sample_dicoms": "sample_dicoms"}
#: The data folders and their sub-folders whose names Python could import (e.g. ``case_a``);
#: listed so that setuptools ships them as data without a warning.
DATA_PACKAGES = [
    *DATA_FOLDERS,
    *(f"{package}.{sub}" for package, folder in DATA_FOLDERS.items()
      for sub in find_namespace_packages(where=folder)),
]

setup(
    packages=[*find_packages(include=["ilc_viewer", "ilc_viewer.*"]), *DATA_PACKAGES],
    package_dir=DATA_FOLDERS,
    package_data={"ilc_viewer": ["py.typed"], **{name: ["**/*"] for name in DATA_PACKAGES}},
)
