"""Reading the program's JSON files (phrases, captions, annotations, sample truth) with errors
that name the file and, for broken JSON, the line and column."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ilc_viewer.errors import AnnotationFileError
from ilc_viewer.words.catalogue import _


def parse_json(text: str, path: Path) -> Any:
    """The JSON value of a file's text; :class:`AnnotationFileError` names where it breaks."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnnotationFileError(
            _("{path}, line {line}, column {column}: not valid JSON ({reason})", path=path,
              line=exc.lineno, column=exc.colno, reason=exc.msg)
        ) from exc


def read_text(path: Path, what: str) -> str:
    """A UTF-8 file's text; :class:`AnnotationFileError` "cannot read the <what>" otherwise."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AnnotationFileError(_("{path}: cannot read the {what} ({reason})", path=path,
                                    what=_(what), reason=exc)) from exc


def read_json(path: Path, what: str) -> Any:
    """Read and parse a JSON file (see :func:`read_text` and :func:`parse_json`)."""
    return parse_json(read_text(path, what), path)
