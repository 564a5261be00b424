"""Read one file's header (or a zip member's): the fast scan first, pydicom for odd files.

:func:`read_view` opens the file, scans its header with
:func:`~ilc_viewer.dicom.header_scan.scan_file` (reading only the bytes it needs), and falls
back to pydicom's forgiving ``dcmread`` for anything the scan is unsure of. Either way it
gives a :class:`~ilc_viewer.dicom.header_values.View` of the values, where the pixel data
lies (:class:`~ilc_viewer.dicom.header_scan.PixelElement`) and the file's size, or a plain
reason why the file cannot be read. It never raises for a bad file.
"""

from __future__ import annotations

import os
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import BinaryIO

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.errors import InvalidDicomError
from pydicom.uid import DeflatedExplicitVRLittleEndian
from pydicom.valuerep import EXPLICIT_VR_LENGTH_32

from ilc_viewer.dicom.header_scan import (
    FIRST_READ,
    PIXEL_TAGS,
    HeaderIncomplete,
    PixelElement,
    ScannedHeader,
    scan_file,
    scan_header,
)
from ilc_viewer.dicom.header_values import DatasetView, ScanView, View
from ilc_viewer.study.model import ImageSource
from ilc_viewer.words.catalogue import _

#: Sequences the record reads item by item for every frame: files holding them (enhanced
#: MR, DICOMDIR) are read by pydicom. The Shared Functional Groups (5200,9229) are not here:
#: many classic images carry them, and the scan reads their items when asked.
SCAN_REFUSED = {0x52009230, 0x00041220}
_LONG_VRS = {str(vr).encode("ascii") for vr in EXPLICIT_VR_LENGTH_32}
#: Pixel data whose place in the file is unknown (a deflated data set).
UNKNOWN_PLACE = -1
#: The most bytes after the pixel data that are read to check them.
TAIL_READ = 64 * 1024


@dataclass
class HeaderRead:
    """A header's values, where its pixel data lies (``None``: none), and the file size."""

    view: View
    pixel: PixelElement | None
    file_size: int
    #: Up to :data:`TAIL_READ` bytes after uncompressed pixel data (``None``: not read).
    tail: bytes | None = None
    implicit: bool = False
    little: bool = True


class Unreadable(Exception):
    """The file cannot be read as DICOM; the message is the plain reason."""


def read_view(source: ImageSource, archive: zipfile.ZipFile | None = None) -> HeaderRead:
    """Read the header of one file or zip member; raise :class:`Unreadable` with the reason."""
    try:
        if source.member is None:
            with open(source.path, "rb") as fh:
                return _read_file(fh)
        return _read_member(source.path, source.member, archive)
    except Unreadable:
        raise
    except PermissionError:
        raise Unreadable(_("cannot be read: permission denied")) from None
    except OSError as exc:
        raise Unreadable(_("cannot be read: {reason}", reason=exc.strerror or exc)) from None
    except (zipfile.BadZipFile, KeyError, RuntimeError, EOFError) as exc:
        raise Unreadable(_("cannot be read from the zip archive: {reason}",
                           reason=exc)) from None


def _read_file(fh: BinaryIO) -> HeaderRead:
    size = os.fstat(fh.fileno()).st_size
    first = fh.read(FIRST_READ)
    if not first:
        raise Unreadable(_("empty file (0 bytes)"))
    scanned = scan_file(fh, size, first)

    def read_all() -> bytes:
        fh.seek(0)
        return fh.read()

    read = _scanned_or_parsed(scanned, first, len(first) >= size, read_all, size)
    pixel = read.pixel
    if pixel is not None and not pixel.encapsulated and pixel.offset >= 0:
        end = pixel.offset + pixel.length
        if end < size:
            if end + TAIL_READ >= size and len(first) >= size:
                read.tail = first[end:]
            else:
                fh.seek(end)
                read.tail = fh.read(min(size - end, TAIL_READ))
        else:
            read.tail = b""
    return read


def _read_member(
    path: os.PathLike | str, member: str, archive: zipfile.ZipFile | None
) -> HeaderRead:
    if archive is None:
        with zipfile.ZipFile(path) as own:
            return _read_member(path, member, own)
    size = archive.getinfo(member).file_size
    with archive.open(member) as fh:
        head = fh.read(FIRST_READ)
    if not head:
        raise Unreadable(_("empty file (0 bytes)"))
    whole = len(head) >= size

    def read_all() -> bytes:
        with archive.open(member) as fh:
            return fh.read()

    try:
        scanned = scan_header(head, whole)
    except HeaderIncomplete:
        head, whole = read_all(), True
        scanned = scan_header(head, True)
    return _scanned_or_parsed(scanned, head, whole, read_all, size)


def _scanned_or_parsed(
    scanned: ScannedHeader | None,
    head: bytes,
    whole: bool,
    read_all: Callable[[], bytes],
    size: int,
) -> HeaderRead:
    if scanned is not None and not (SCAN_REFUSED & scanned.elements.keys()):
        return HeaderRead(ScanView(scanned), scanned.pixel, size, implicit=scanned.implicit)
    # Anything unusual: pydicom's forgiving reader (and its words for what is wrong).
    try:
        ds, pixel = parse(head)
        complete = whole or pixel is not None
    except Exception:
        if whole:
            raise Unreadable(parse_failure(head)) from None
        complete = False
    if not complete:
        # The header goes on past the first read (or there is no pixel data): read it all.
        head = read_all()
        try:
            ds, pixel = parse(head)
        except Exception:
            raise Unreadable(parse_failure(head)) from None
    implicit, little = ds.original_encoding
    return HeaderRead(DatasetView(ds), pixel, size, implicit=bool(implicit),
                      little=little is not False)


def parse(data: bytes) -> tuple[Dataset, PixelElement | None]:
    """Parse a header from bytes with pydicom; also where its pixel data lies, if any."""
    fp = BytesIO(data)
    try:
        ds = dcmread(fp, stop_before_pixels=True)
    except InvalidDicomError:
        if not _looks_like_raw_dataset(data):
            raise
        # Old files (ACR-NEMA style, some CDs) have no preamble: read them as a bare dataset.
        fp = BytesIO(data)
        ds = dcmread(fp, stop_before_pixels=True, force=True)
    transfer_syntax = getattr(ds.get("file_meta"), "TransferSyntaxUID", None)
    if transfer_syntax == DeflatedExplicitVRLittleEndian:
        # The stream position is inside the inflated copy: parse it all to see the pixels.
        if "PixelData" not in dcmread(BytesIO(data), force=True):
            return ds, None
        return ds, PixelElement(0x7FE00010, None, 0, UNKNOWN_PLACE)
    implicit, little = ds.original_encoding
    return ds, pixel_element_at(data, fp.tell(), bool(implicit), little is not False)


def pixel_element_at(data: bytes, offset: int, implicit: bool, little: bool) -> PixelElement | None:
    """The pixel data element whose header starts at ``offset``, or ``None`` if none does."""
    if offset + 8 > len(data):
        return None
    order = "<" if little else ">"
    group, element = struct.unpack_from(order + "HH", data, offset)
    tag = group << 16 | element
    if tag not in PIXEL_TAGS:
        return None
    vr = data[offset + 4 : offset + 6]
    if not implicit and not vr.isalpha():
        # pydicom read an implicit VR data set under an explicit VR syntax (it warns and
        # goes on; its original_encoding still says explicit): the element is implicit too.
        implicit = True
    if implicit:
        return PixelElement(tag, None, struct.unpack_from(order + "I", data, offset + 4)[0],
                            offset + 8)
    if vr in _LONG_VRS:
        if offset + 12 > len(data):
            return None
        length = struct.unpack_from(order + "I", data, offset + 8)[0]
        return PixelElement(tag, vr.decode("ascii"), length, offset + 12)
    length = struct.unpack_from(order + "H", data, offset + 6)[0]
    return PixelElement(tag, vr.decode("ascii", "replace"), length, offset + 8)


def parse_failure(head: bytes) -> str:
    """The reason for a file pydicom could not parse."""
    try:
        parse(head)
    except InvalidDicomError:
        return _not_dicom_reason(head)
    except Exception as exc:
        return _("damaged DICOM header: {reason}", reason=short(exc))
    return _("damaged DICOM header")


def _looks_like_raw_dataset(data: bytes) -> bool:
    """A cheap test for a preamble-less dataset: it starts with a group 0002/0008 tag."""
    if len(data) < 8:
        return False
    for fmt in ("<HH", ">HH"):
        group, element = struct.unpack_from(fmt, data, 0)
        if group in (0x0002, 0x0008) and element < 0x0100:
            return True
    return False


def _not_dicom_reason(head: bytes) -> str:
    if len(head) >= 132 and head[128:132] == b"DICM":
        return _("damaged DICOM file: the header after the 'DICM' marker cannot be read")
    sample = head[:512]
    if sample and all(32 <= b < 127 or b in (9, 10, 13) for b in sample):
        return _("not a DICOM file (plain text)")
    return _("not a DICOM file (no 'DICM' marker and no DICOM header)")


def short(exc: BaseException) -> str:
    """An exception's first line, at most 160 characters."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."
