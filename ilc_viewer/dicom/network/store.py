"""C-STORE: send DICOM files or data sets (presentation states, key objects, captures).

Each object goes in its own transfer syntax, with Explicit VR Little Endian offered too so
the server can take it either way. The result names every object the server refused.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian

from ilc_viewer.dicom.network.connection import association, make_ae, stopped_answering
from ilc_viewer.dicom.network.settings import Cancelled, NetworkError, ServerSettings
from ilc_viewer.words.catalogue import _

#: pynetdicom allows at most 128 presentation contexts in one association.
MAX_CONTEXTS = 128
_WARNINGS = (0xB000, 0xB007, 0xB006)


@dataclass
class StoreResult:
    """What the server took: stored SOP Instance UIDs, and plain sentences for refusals."""

    stored: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _load(item: Dataset | str | Path) -> Dataset:
    if isinstance(item, Dataset):
        return item
    try:
        return dcmread(item)
    except (OSError, InvalidDicomError) as exc:
        raise NetworkError(_("store: {path}: not a readable DICOM file ({reason})", path=item,
                             reason=exc)) from None


def store(settings: ServerSettings, items: Iterable[Dataset | str | Path],
          progress: Callable[[int, int], None] | None = None,
          cancel: threading.Event | None = None) -> StoreResult:
    """Send every item (data sets or file paths) to the server on one association."""
    datasets = [_load(item) for item in items]
    result = StoreResult()
    if not datasets:
        return result
    ae = make_ae(settings)
    contexts: set[tuple[str, str]] = set()
    for ds in datasets:
        meta = getattr(ds, "file_meta", None)
        syntax = str(meta.TransferSyntaxUID) if meta is not None and \
            "TransferSyntaxUID" in meta else ExplicitVRLittleEndian
        contexts.add((str(ds.SOPClassUID), syntax))
    classes = sorted({c for c, _ in contexts})
    if len(classes) > MAX_CONTEXTS:
        raise NetworkError(_("store: {count} kinds of object in one go is more than DICOM "
                             "allows ({most})", count=len(classes), most=MAX_CONTEXTS))
    for sop_class in classes:
        syntaxes = sorted({s for c, s in contexts if c == sop_class})
        for fallback in (ExplicitVRLittleEndian, ImplicitVRLittleEndian):
            if fallback not in syntaxes:
                syntaxes.append(fallback)
        ae.add_requested_context(sop_class, syntaxes)
    with association(settings, ae, "store") as assoc:
        for done, ds in enumerate(datasets):
            if cancel is not None and cancel.is_set():
                raise Cancelled(_("store cancelled"))
            name = f"{ds.get('Modality', '')} {ds.SOPInstanceUID}".strip()
            try:
                status = assoc.send_c_store(ds)
            except ValueError as exc:  # no accepted context for this class / syntax
                result.failed.append(_("{name}: the server does not take it ({reason})",
                                       name=name, reason=exc))
                continue
            if not status:
                raise NetworkError(stopped_answering(settings, "store"))
            code = int(status.get("Status", 0xC000))
            if code == 0 or code in _WARNINGS:
                result.stored.append(str(ds.SOPInstanceUID))
            else:
                comment = str(status.get("ErrorComment", "") or "")
                result.failed.append(
                    _("{name}: refused with status 0x{code:04X} ({comment})", name=name,
                      code=code, comment=comment) if comment else
                    _("{name}: refused with status 0x{code:04X}", name=name, code=code))
            if progress is not None:
                progress(done + 1, len(datasets))
    return result
