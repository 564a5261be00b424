"""Finding a font that draws Japanese as well as English, for the PNG and PDF exports.

The first choice is the IPAexGothic TrueType file shipped inside the PyPI package
``japanize-matplotlib`` (a project dependency). The package is located, never imported:
importing it rewrites matplotlib's global settings. Only if that file is missing are common
system fonts tried (Noto Sans CJK JP, IPAexGothic, Hiragino, Yu Gothic, MS Gothic).
"""

from __future__ import annotations

import importlib.util
import os
import sys
from functools import lru_cache
from pathlib import Path

from ilc_viewer.errors import ViewerError
from ilc_viewer.words.catalogue import _

PACKAGE = "japanize_matplotlib"
PACKAGE_FONT = Path("fonts") / "ipaexg.ttf"

#: System font files with Japanese glyphs, most preferred first (paths relative to the roots).
SYSTEM_CANDIDATES = (
    "opentype/noto/NotoSansCJK-Regular.ttc",
    "noto-cjk/NotoSansCJK-Regular.ttc",
    "opentype/ipaexfont-gothic/ipaexg.ttf",
    "truetype/ipaexfont-gothic/ipaexg.ttf",
    "ipaexg.ttf",
    "ヒラギノ角ゴシック W3.ttc",
    "Hiragino Sans GB.ttc",
    "YuGothR.ttc",
    "YuGothM.ttc",
    "msgothic.ttc",
)


class FontNotFoundError(ViewerError):
    """No font with Japanese glyphs is installed."""


def _system_roots() -> list[Path]:
    if sys.platform.startswith("win"):
        return [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts")]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"),
            Path.home() / ".local" / "share" / "fonts"]


def package_font() -> Path | None:
    """IPAexGothic inside the ``japanize-matplotlib`` package, if it is installed."""
    try:
        spec = importlib.util.find_spec(PACKAGE)
    except (ImportError, ValueError):
        return None
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / PACKAGE_FONT
        if path.is_file():
            return path
    return None


def system_font() -> Path | None:
    """The first installed system font from :data:`SYSTEM_CANDIDATES`, if any."""
    for root in _system_roots():
        for name in SYSTEM_CANDIDATES:
            path = root / name
            if path.is_file():
                return path
    return None


@lru_cache(maxsize=1)
def japanese_font() -> Path:
    """A TrueType/OpenType file that has Japanese and Latin glyphs.

    Raises :class:`FontNotFoundError` with what to install when there is none.
    """
    found = package_font() or system_font()
    if found is None:
        raise FontNotFoundError(
            _("no font with Japanese characters was found: install the Python package "
              "japanize-matplotlib (pip install japanize-matplotlib) or a Noto Sans CJK JP font")
        )
    return found
