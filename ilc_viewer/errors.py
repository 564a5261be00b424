"""The few precise exceptions of the core. Messages name the file and, where it helps, the tag."""

from __future__ import annotations

from ilc_viewer.words.catalogue import _


class ViewerError(Exception):
    """Base class: an error the user should see as one clear sentence, never a traceback."""


class StudyLoadError(ViewerError):
    """Nothing loadable at a path: missing, empty, or no image series in it."""


class DecodeError(ViewerError):
    """The pixels of one image could not be decoded."""

    def __init__(self, path: str, transfer_syntax: str, reason: str) -> None:
        self.path = path
        self.transfer_syntax = transfer_syntax
        self.reason = reason
        super().__init__(_("{path}: cannot decode pixels ({syntax}): {reason}", path=path,
                           syntax=transfer_syntax, reason=reason))


class AnnotationFileError(ViewerError):
    """An annotation or phrase file could not be read; the message names the file and line."""
