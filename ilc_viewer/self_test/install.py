"""Checks of the installation itself: the bundled files, the decoders, the program's folder.

These are what a frozen bundle loses first when its recipe misses something (a data file, a
package's metadata that a plugin is found by, a compiled decoder), so each is checked by using
it the way the viewer does, not by looking for a file name.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

import numpy as np

from ilc_viewer.errors import ViewerError
from ilc_viewer.self_test import Check
from ilc_viewer.self_test.decoder_samples import SAMPLES, expected_pixels
from ilc_viewer.storage.resources import resource_file, samples_folder
from ilc_viewer.words.catalogue import Message, _, catalogue, message_of

#: The resource folder of the decoder samples.
DECODER_SAMPLES = "self_test"
#: A word of the core catalogue that must come out in Japanese.
PROBE_WORD = "ok"


def _failure(name: Message, exc: BaseException) -> Check:
    return Check(name, False, message_of(exc) if isinstance(exc, ViewerError) else
                 f"{type(exc).__name__}: {exc}")


def bundled_files() -> list[Check]:
    """The phrase library, the translations, the user guide, the Japanese font, BudouX's
    model, Babel's dates and the sample studies, each used once."""
    checks = []
    for name, probe in (
        (_("phrase library"), _phrases),
        (_("translations (core words in Japanese)"), _core_translation),
        (_("user guide (English and Japanese)"), _guide),
        (_("Japanese font for images and exports"), _font),
        (_("Japanese line breaking (BudouX)"), _line_breaking),
        (_("dates in English and Japanese (Babel)"), _dates),
        (_("sample studies"), _samples),
    ):
        try:
            checks.append(Check(name, True, probe()))
        except Exception as exc:  # one broken part must not hide the others
            checks.append(_failure(name, exc))
    return checks


def _phrases() -> str:
    from ilc_viewer.words.phrases import load_builtin_library

    return _("{count} phrases", count=len(load_builtin_library()))


def _core_translation() -> str:
    said = catalogue("ja").gettext(PROBE_WORD)
    if said == PROBE_WORD:
        raise ViewerError(_("{path} is missing or holds no Japanese",
                            path=resource_file("i18n/core_ja.mo")))
    return resource_file("i18n/core_ja.mo").name


def _guide() -> str:
    pages = [resource_file(f"guide/guide_{lang}.html") for lang in ("en", "ja")]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for picture in _pictures(text):
            if not (page.parent / picture).is_file():
                raise ViewerError(_("{path}: the picture {picture} is missing", path=page,
                                    picture=picture))
    return ", ".join(page.name for page in pages)


def _pictures(html: str) -> list[str]:
    import re

    return re.findall(r'<img[^>]*src="([^"]+)"', html)


def _font() -> str:
    from PIL import ImageFont

    from ilc_viewer.scene.fonts import japanese_font, package_font

    path = japanese_font()
    bundled = package_font()
    face = ImageFont.truetype(str(path), 32)
    left, top, right, bottom = face.getbbox("腰痛")
    if right - left <= 0 or bottom - top <= 0:
        raise ViewerError(_("{path} draws no Japanese characters", path=path))
    if bundled is None:
        return _("{name} (from the system: the bundled font is missing)", name=path.name)
    return path.name


def _line_breaking() -> str:
    from ilc_viewer.scene.text import pieces

    parts = pieces("椎間板の水分が減っています")
    if len(parts) < 2:
        raise ViewerError(_("Japanese text was not split into phrases"))
    return " | ".join(parts)


def _dates() -> str:
    from ilc_viewer.words.formats import long_date

    day = date(2024, 1, 7)
    english, japanese = long_date(day, "en"), long_date(day, "ja")
    if english != "7 January 2024" or japanese != "2024年1月7日":
        raise ViewerError(_("dates came out as {english!r} and {japanese!r}",
                            english=english, japanese=japanese))
    return f"{english} / {japanese}"


def _samples() -> str:
    folder = samples_folder()
    cases = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    if not cases:
        raise ViewerError(_("{path}: no sample studies", path=folder))
    return ", ".join(cases)


def decoders(folder: Path | None = None) -> Check:
    """Every compressed sample (in ``folder``, default: the bundled ones) decoded through the
    viewer's own path, pixel for pixel."""
    from ilc_viewer.dicom.index import scan
    from ilc_viewer.study.pixels import decode_image

    name = _("decoders")
    try:
        index = scan(folder or resource_file(DECODER_SAMPLES))
        by_name = {series.description: series for series in index.all_series()}
        done, failed = [], []
        for sample in SAMPLES:
            series = by_name.get(sample.name)
            if series is None or not series.images:
                failed.append(_("{name}: the sample is missing", name=sample.name))
                continue
            try:
                decoded = decode_image(series.images[0])
            except ViewerError as exc:
                failed.append(_("{name}: {reason}", name=sample.name, reason=message_of(exc)))
                continue
            difference = np.abs(decoded.astype(np.float64) - expected_pixels(sample.bits))
            if decoded.shape != difference.shape or difference.mean() > sample.tolerance:
                failed.append(_("{name}: wrong pixels", name=sample.name))
            else:
                done.append(sample.name)
    except Exception as exc:
        return _failure(name, exc)
    if failed:
        return Check(name, False, "; ".join(failed))
    return Check(name, True, ", ".join(done))


def program_folder() -> Path:
    """The folder the program runs from: the bundle's folder, else the installed package."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[1]


def program_folder_unchanged(since: float, folder: Path | None = None) -> Check:
    """Nothing in the program's folder was made or changed after ``since`` (a ``time.time()``).

    A file written, made or renamed has a newer status-change time. Python's own bytecode
    caches of a source install (``__pycache__``) are not the program's doing and are left
    out (and so are folders, whose time changes when such a cache is made in them).
    """
    folder = folder or program_folder()
    name = _("nothing written in the program's folder")
    changed: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        for entry in (os.path.join(root, f) for f in files):
            try:
                if os.lstat(entry).st_ctime > since:
                    changed.append(os.path.relpath(entry, folder))
            except OSError:
                continue
    if changed:
        shown = ", ".join(sorted(changed)[:5]) + (" ..." if len(changed) > 5 else "")
        return Check(name, False, _("{folder}: changed {files}", folder=folder, files=shown))
    return Check(name, True, str(folder))
