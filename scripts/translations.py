"""Keep the translations in step with the code: ``python scripts/translations.py update|compile``.

Two catalogues, one per layer (``docs/architecture.md``, "Where a change goes"):

- the window (``ilc_viewer/ui/``): Qt's ``translate()`` calls, collected by ``pyside6-lupdate``
  into ``resources/i18n/ilc_viewer_<lang>.ts`` (edit with Qt Linguist, ``pyside6-linguist``),
  compiled by ``pyside6-lrelease`` into ``.qm``;
- the core (everything else): ``_()`` and ``N_()`` calls, collected with Babel into
  ``resources/i18n/core_<lang>.po`` (edit with any PO editor), compiled into ``.mo``.

``update`` collects the words of the code into both catalogues (new words come in untranslated,
words gone from the code are dropped); translate them, then ``compile``. The compiled files are
committed, so a checkout, an editable install and the wheel all find them without a build
step; ``tests/core/test_translations.py`` fails when one is older than its source.
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "ilc_viewer"
FOLDER = ROOT / "resources" / "i18n"
#: The languages translated (English is the code's own).
LANGUAGES = ("ja",)
#: The core's markers (ilc_viewer.words.catalogue).
KEYWORDS = {"_": None, "N_": None}
#: Folders of the package that are not the core: the window, and the sample generator
#: (its words never reach a person).
NOT_CORE = ("ui", "samples")


def ts_file(lang: str) -> Path:
    """The window's catalogue of ``lang``."""
    return FOLDER / f"ilc_viewer_{lang}.ts"


def po_file(lang: str) -> Path:
    """The core's catalogue of ``lang``."""
    return FOLDER / f"core_{lang}.po"


def ui_sources() -> list[Path]:
    """The window's Python files, in a stable order."""
    return sorted((PACKAGE / "ui").glob("*.py"))


def qt_tool(name: str) -> str:
    """``pyside6-lupdate`` / ``pyside6-lrelease``: beside this Python, else on the PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (pip install -e .)")
    return found


def core_template() -> Catalog:
    """Every marked word of the core, as a template catalogue."""
    template = Catalog(project="ILC Viewer", charset="utf-8")

    def wanted(path: str) -> bool:
        parts = Path(path).parts
        return not (parts and parts[0] in NOT_CORE)

    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
            str(PACKAGE), method_map, keywords=KEYWORDS, comment_tags=("Translators:",),
            callback=None, strip_comment_tags=True):
        if not wanted(filename):
            continue
        template.add(message, None, [(f"ilc_viewer/{filename}", lineno)],
                     auto_comments=comments, context=context)
    return template


def read_catalogue(path: Path, lang: str) -> Catalog:
    """A ``.po`` file (an empty catalogue when it does not exist yet)."""
    if not path.exists():
        return Catalog(locale=lang, project="ILC Viewer", charset="utf-8")
    with path.open("rb") as file:
        return read_po(file, locale=lang)


def po_text(catalogue: Catalog) -> bytes:
    """A catalogue as ``.po`` bytes, written the same way every time."""
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, include_lineno=False, sort_by_file=False,
             ignore_obsolete=True)
    return buffer.getvalue()


def mo_bytes(catalogue: Catalog) -> bytes:
    """A catalogue compiled for Python's ``gettext``."""
    buffer = io.BytesIO()
    write_mo(buffer, catalogue, use_fuzzy=False)
    return buffer.getvalue()


def update() -> None:
    """Collect the code's words into every catalogue."""
    template = core_template()
    for lang in LANGUAGES:
        catalogue = read_catalogue(po_file(lang), lang)
        catalogue.update(template, no_fuzzy_matching=True)
        po_file(lang).write_bytes(po_text(catalogue))
        subprocess.run([qt_tool("pyside6-lupdate"), "-no-obsolete", "-locations", "relative",
                        *map(str, ui_sources()), "-ts", str(ts_file(lang))],
                       check=True, cwd=ROOT)


def qm_bytes(ts: Path, workdir: Path) -> bytes:
    """A ``.ts`` file compiled by ``pyside6-lrelease`` (into ``workdir``)."""
    target = workdir / ts.with_suffix(".qm").name
    subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(target)],
                   check=True)
    return target.read_bytes()


def compile_all() -> None:
    """Compile every catalogue beside its source."""
    for lang in LANGUAGES:
        catalogue = read_catalogue(po_file(lang), lang)
        po_file(lang).with_suffix(".mo").write_bytes(mo_bytes(catalogue))
        subprocess.run([qt_tool("pyside6-lrelease"), "-silent", str(ts_file(lang)),
                        "-qm", str(ts_file(lang).with_suffix(".qm"))], check=True)


def main() -> None:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("update", "compile"))
    ns = parser.parse_args()
    update() if ns.command == "update" else compile_all()


if __name__ == "__main__":
    main()
