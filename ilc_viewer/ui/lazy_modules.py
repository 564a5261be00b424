"""Defer modules pydicom imports at start-up but the window never uses before the first image.

``import pydicom`` (3.x) imports ``PIL.Image`` and ``PIL.ImageCms`` (its Pillow decoder for
JPEG data and colour profiles, for colour images) and ``urllib.request`` (with ``http.client``,
``ssl`` and ``email``: downloading pydicom's test files, never done here): about 25 ms of the
start, spent before the first picture. Each is registered here as a module whose code runs on
its first attribute access instead of at import: every name stays importable and works the
same, the export and a JPEG series just load it when they first use it.

The standard library's ``importlib.util.LazyLoader`` would do, but on Python 3.11 a plain
``import urllib.request`` reads ``__spec__`` and so loads the module at once; here the spec
is an ordinary attribute and only a missing name loads the module. Nothing here imports Qt.
"""

from __future__ import annotations

import importlib.util
import sys
import threading
import types
from typing import Any

#: Imported by pydicom at start-up, used by the window only later (export) or never.
DEFERRED = ("PIL.ImageCms", "urllib.request")


class DeferredModule(types.ModuleType):
    """A module whose code runs (into this same object) when a missing name is first read."""

    def __getattr__(self, name: str) -> Any:
        # only called for names not in the module's dict: before loading, that is all of them
        state = self.__dict__.get("_deferred_state")
        if state is None:  # loaded: a name the module really lacks
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        lock, loading = state
        with lock:
            if self.__dict__.get("_deferred_state") is not None:
                if loading:  # read by the module's own imports while it loads
                    raise AttributeError(f"partially loaded module {self.__name__!r} has no "
                                         f"attribute {name!r}")
                self.__dict__["_deferred_state"] = (lock, True)
                try:
                    self.__spec__.loader.exec_module(self)  # type: ignore[union-attr]
                except BaseException:
                    self.__dict__["_deferred_state"] = (lock, False)
                    raise
                del self.__dict__["_deferred_state"]
        return getattr(self, name)


def defer(name: str) -> bool:
    """Register module ``name`` to load on first use; False if already imported or missing.

    Its parent package is imported now (for PIL and urllib that is a few small lines).
    """
    if name in sys.modules:
        return False
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return False
    if spec is None or spec.loader is None or spec.submodule_search_locations is not None:
        return False  # packages are left alone: their submodules need the real __path__
    module = importlib.util.module_from_spec(spec)
    module.__class__ = DeferredModule
    module.__dict__["_deferred_state"] = (threading.RLock(), False)
    sys.modules[name] = module
    parent, _, child = name.rpartition(".")
    if parent:
        # what a normal import does: ``from PIL import Image`` finds it on the package
        setattr(sys.modules[parent], child, module)
    return True


def defer_start_up_extras() -> list[str]:
    """Defer :data:`DEFERRED` unless pydicom is already imported; returns the deferred names."""
    if "pydicom" in sys.modules:
        return []  # too late to matter: it has imported them already
    return [name for name in DEFERRED if defer(name)]


#: The core modules the window imports (with numpy and pydicom), in no particular order.
CORE_MODULES = (
    "ilc_viewer.dicom_index",
    "ilc_viewer.volume",
    "ilc_viewer.display",
    "ilc_viewer.sequences",
    "ilc_viewer.viewer_state",
    "ilc_viewer.annotations",
    "ilc_viewer.annotation_store",
    "ilc_viewer.phrases",
    "ilc_viewer.demo_annotations",
    "ilc_viewer.overlay_text",
    "ilc_viewer.user_data",
    "ilc_viewer.paths",
)


def import_core_before_qt() -> None:
    """Defer pydicom's extras, then import :data:`CORE_MODULES` (before PySide6, if not yet).

    Once PySide6 is imported every later import costs more; with PySide6 already in (a test
    run), importing the core now changes nothing but the order.
    """
    defer_start_up_extras()
    for name in CORE_MODULES:
        importlib.import_module(name)
