"""Pixels of a series, decoded lazily on first look and kept in a bounded, shared cache.

:class:`SeriesVolume` gives the modality values (Rescale Slope/Intercept applied, PS3.3
C.11.1) of each slice of a :class:`~ilc_viewer.study.model.Series` as a read-only ``(rows, cols)``
array (RGB ``(rows, cols, 3)`` for colour images: :func:`colour_values`). Decoding goes
through pydicom's pixel backends (pylibjpeg for JPEG, JPEG-LS,
JPEG 2000 and RLE), one frame at a time, so a multi-frame file is never held whole.
An image that cannot be decoded raises :class:`~ilc_viewer.errors.DecodeError` naming its
transfer syntax; the other slices keep working. MONOCHROME1 is not inverted here: the
display does that (``ImageRef.inverted``).
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from pydicom import dcmread
from pydicom.pixels import pixel_array
from pydicom.uid import UID, DeflatedExplicitVRLittleEndian

from ilc_viewer.dicom.damage import Damage, DamagedImage
from ilc_viewer.dicom.fragments import (
    J2K_SYNTAXES,
    JPEG_LS_SYNTAXES,
    JPEG_SYNTAXES,
    RLE_SYNTAX,
    FrameDamaged,
    check_frame,
    frame_bytes,
)
from ilc_viewer.dicom.header_files import Unreadable, read_view
from ilc_viewer.dicom.header_values import integer
from ilc_viewer.dicom.lossless import LosslessScan, NotTheStream, verify
from ilc_viewer.dicom.picture_facts import decoder_missing
from ilc_viewer.dicom.pixel_checks import MAX_FRAME_BYTES, deflated_damage
from ilc_viewer.errors import DecodeError
from ilc_viewer.study.lookup_tables import apply_palette
from ilc_viewer.study.model import ImageRef, Series
from ilc_viewer.words.catalogue import _

#: Default cache size: a lumbar study (3 x 20 slices of 512 x 512) is ~30 MB, a big one
#: with thin 3D series a few hundred MB; 1 GiB keeps a whole study on a 8 GB workstation.
DEFAULT_CACHE_BYTES = 1 << 30


class FrameCache:
    """A thread-safe least-recently-used cache of decoded frames, bounded by bytes."""

    def __init__(self, max_bytes: int = DEFAULT_CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[Hashable, np.ndarray] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @property
    def nbytes(self) -> int:
        """Bytes held now."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: Hashable) -> np.ndarray | None:
        """The cached frame, marked as recently used, or ``None``."""
        with self._lock:
            frame = self._items.get(key)
            if frame is not None:
                self._items.move_to_end(key)
            return frame

    def put(self, key: Hashable, frame: np.ndarray) -> None:
        """Store a frame, evicting the least recently used ones to stay within the bound."""
        if frame.nbytes > self.max_bytes:
            return  # would evict everything and still not fit
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._bytes -= old.nbytes
            self._items[key] = frame
            self._bytes += frame.nbytes
            while self._bytes > self.max_bytes:
                _key, evicted = self._items.popitem(last=False)
                self._bytes -= evicted.nbytes

    def clear(self) -> None:
        """Drop every frame."""
        with self._lock:
            self._items.clear()
            self._bytes = 0


_shared_cache = FrameCache()


def shared_cache() -> FrameCache:
    """The cache all volumes use unless given their own."""
    return _shared_cache


def transfer_syntax_name(uid: str) -> str:
    """A readable name for a transfer syntax UID (the UID itself when unknown)."""
    if not uid:
        return _("unknown transfer syntax")
    name = UID(uid).name
    return name if name != uid else _("transfer syntax {uid}", uid=uid)


def decode_image(image: ImageRef) -> np.ndarray:
    """Decode one image or frame to modality values; raise :class:`DecodeError` on failure.

    Compressed frames are checked first (:mod:`ilc_viewer.dicom.fragments`): a frame that
    fails a check raises :class:`~ilc_viewer.dicom.damage.DamagedImage`, never reaches a
    decoder, and so is never shown as a normal image.
    """
    uid = image.transfer_syntax_uid
    syntax = transfer_syntax_name(uid)
    if image.damage is not None:  # found when the header was read: never decoded
        raise DamagedImage(image.display_name, syntax, image.damage)
    if decoder_missing(uid):  # video, JPEG XL, a private syntax: said plainly, not tried
        raise DecodeError(image.display_name, syntax,
                          _("no decoder here reads images compressed this way"))
    try:
        scan = None
        with image.source.open() as fh:
            if uid in _CHECKED_SYNTAXES:
                scan = _check_compressed(fh, image, uid)
            if uid == DeflatedExplicitVRLittleEndian:
                # A deflated file must be inflated whole before its pixels can be found.
                stored = pixel_array(_inflated(fh, image), index=image.frame)
            elif image.read_whole:
                # a data set in the other VR encoding is read whole by pydicom's forgiving
                # reader
                fh.seek(0)
                stored = pixel_array(dcmread(fh), index=image.frame)
            elif uid in _CHECKED_SYNTAXES:
                fh.seek(0)
                # The RLE decoder (Rust) prints its panics there, OpenJPEG its complaints.
                with _quiet_stderr():
                    stored = pixel_array(fh, index=image.frame, **_plugin(uid))
            else:
                # Passing the open file (not a dataset) lets pydicom read only this frame.
                stored = pixel_array(fh, index=image.frame)
        if scan is not None:
            verify(scan, stored)
    except NotTheStream as exc:
        raise DamagedImage(image.display_name, syntax,
                           Damage("compressed_damaged", str(exc))) from None
    except FrameDamaged as exc:
        raise DamagedImage(image.display_name, syntax, exc.damage) from None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a decoder panic (Rust, via pyo3) is a BaseException
        if isinstance(exc, NotImplementedError) or "handler" in str(exc).lower():
            raise DamagedImage(image.display_name, syntax, Damage(
                "no_decoder", str(_reason(exc)), (("syntax", syntax),))) from exc
        kind = "compressed_damaged" if uid in _CHECKED_SYNTAXES else "header"
        raise DamagedImage(
            image.display_name, syntax, Damage(kind, _reason(exc))
        ) from None
    expected = (image.rows, image.columns, 3) if image.samples_per_pixel == 3 else \
        (image.rows, image.columns)
    if stored.shape != expected:
        found = "x".join(str(n) for n in stored.shape)
        raise DamagedImage(
            image.display_name,
            syntax,
            Damage(
                "size_mismatch",
                f"decoded size {stored.shape} does not match Rows x Columns "
                f"({image.rows} x {image.columns})",
                (("found", found), ("expected", f"{image.columns} x {image.rows}")),
            ),
        )
    if image.is_colour:
        return colour_values(stored, image)
    return apply_modality_lut(stored, image.rescale_slope, image.rescale_intercept)


def colour_values(stored: np.ndarray, image: ImageRef) -> np.ndarray:
    """RGB ``(rows, cols, 3)`` of a decoded colour frame, read-only.

    pydicom's decoding already turns YBR_FULL, YBR_FULL_422 (either planar configuration)
    into RGB (``convert_color_space``); a PALETTE COLOR frame goes through its palette here
    (``apply_color_lut``). Colour has no rescale: the values are the colours.
    """
    if image.photometric_interpretation == "PALETTE COLOR":
        try:
            stored = apply_palette(stored, image)
        except Exception as exc:  # a damaged palette: said like any decode failure
            raise DamagedImage(image.display_name,
                               transfer_syntax_name(image.transfer_syntax_uid),
                               Damage("header", f"the colour palette cannot be read: "
                                                f"{_reason(exc)}")) from None
    out = np.ascontiguousarray(stored)
    out.setflags(write=False)
    return out


_CHECKED_SYNTAXES = JPEG_SYNTAXES | J2K_SYNTAXES | {RLE_SYNTAX}
#: The decoder per syntax (benchmarks/bench_decoders.py has the figures and the reasons).
#: JPEG-LS goes to CharLS (pyjpegls): it refuses streams that do not decode to exactly the
#: picture, where pylibjpeg's libjpeg turns inserted or removed bytes into noise. GDCM is
#: never asked, even where python-gdcm is installed (pydicom would fall back to it): its
#: JPEG-LS decoder aborts the whole process on some damaged streams (an uncaught C++
#: exception; tests/fuzz/cases/jpegls_bitflip_gdcm_abort.dcm).
_PLUGINS = {uid: "pyjpegls" for uid in JPEG_LS_SYNTAXES}


def _plugin(uid: str) -> dict[str, str]:
    """The decoder plugin to ask pydicom for."""
    return {"decoding_plugin": _PLUGINS.get(uid, "pylibjpeg")}


_stderr_lock = threading.Lock()


@contextlib.contextmanager
def _quiet_stderr():
    """Silence file descriptor 2 (a Rust panic message) while a decoder runs."""
    with _stderr_lock:
        try:
            saved = os.dup(2)
        except OSError:
            yield
            return
        try:
            with open(os.devnull, "wb") as null:
                os.dup2(null.fileno(), 2)
                yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _check_compressed(fh, image: ImageRef, uid: str) -> LosslessScan | None:
    """Check the frame's compressed bytes (structure, end marker, size) before decoding;
    the JPEG Lossless scan to prove against the decoded picture, if any."""
    try:
        read = read_view(image.source)
    except Unreadable as exc:
        raise FrameDamaged(Damage("header", str(exc))) from None
    view, pixel = read.view, read.pixel
    if pixel is None or not pixel.encapsulated:
        raise FrameDamaged(
            Damage("compressed_damaged", "the file says compressed, but its pixel data is not")
        )
    frames = integer(view, "NumberOfFrames") or 1
    data = frame_bytes(fh, pixel.offset, read.file_size, image.frame or 0, frames, uid)
    bits_allocated = integer(view, "BitsAllocated") or 16
    # Signed samples of fewer bits than allocated come back sign-extended by pydicom: their
    # high bits are not the stream's, so such a scan is walked for its length only.
    signed = integer(view, "PixelRepresentation") == 1
    exact = not signed or (integer(view, "BitsStored") or bits_allocated) >= bits_allocated
    scan = check_frame(
        data,
        uid,
        rows=image.rows,
        columns=image.columns,
        samples=integer(view, "SamplesPerPixel") or 1,
        bits_allocated=bits_allocated,
        exact_bits=exact,
        walk_colour=frames == 1,  # a clip's every frame walked would stall its playing
    )
    fh.seek(0)
    return scan


def _inflated(fh, image: ImageRef):
    """A deflated file's data set, checked (:func:`deflated_damage`: its CRC-32 when the
    writer added one, what follows the pixel data) and every element read: damage also shows
    as elements that make no sense (an unknown VR, a short value)."""
    damage = deflated_damage(fh.read(), 4 * MAX_FRAME_BYTES)
    if damage is not None:
        raise FrameDamaged(damage)
    fh.seek(0)
    ds = dcmread(fh)
    try:
        for _element in ds.iterall():
            pass
    except Exception as exc:  # pydicom's conversions raise many kinds
        raise FrameDamaged(Damage("header", f"the inflated data set cannot be read: "
                                            f"{_reason(exc)}")) from None
    return ds


def apply_modality_lut(stored: np.ndarray, slope: float, intercept: float) -> np.ndarray:
    """Rescale stored values (PS3.3 C.11.1); the stored array is kept when the LUT is identity.

    The identity case keeps the integer array (no float copy): memory matters for big series.
    """
    if slope == 1.0 and intercept == 0.0:
        out = np.ascontiguousarray(stored)
    else:
        out = stored.astype(np.float32)
        if slope != 1.0:
            out *= np.float32(slope)
        if intercept != 0.0:
            out += np.float32(intercept)
    out.setflags(write=False)
    return out


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    if isinstance(exc, NotImplementedError) and "handler" in text.lower():
        return _("no installed decoder supports it")
    # Backends list one failure per line ("... all available plugins:\n  pylibjpeg: ...").
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    joined = " ".join(lines) if lines else type(exc).__name__
    return joined if len(joined) <= 300 else joined[:297] + "..."


class SeriesVolume:
    """The slices of one series as arrays of modality values, decoded on first look."""

    def __init__(self, series: Series, cache: FrameCache | None = None) -> None:
        self.series = series
        self._images = list(series.images)
        self._cache = cache if cache is not None else shared_cache()
        self._errors: dict[int, str] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._images)

    def image(self, index: int) -> ImageRef:
        """The header record of slice ``index``."""
        return self._images[index]

    def frame(self, index: int) -> np.ndarray:
        """Modality values of slice ``index``: C-contiguous, read-only, ``(rows, cols)``.

        Raises :class:`DecodeError` (naming the transfer syntax) if it cannot be decoded,
        and ``IndexError`` for an index outside the series.
        """
        if not -len(self._images) <= index < len(self._images):
            raise IndexError(f"slice {index} is outside this series of {len(self)} slices")
        image = self._images[index]
        key = _cache_key(image)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        try:
            frame = decode_image(image)
        except DecodeError as exc:
            with self._lock:
                self._errors[index % len(self._images)] = str(exc)
            raise
        self._cache.put(key, frame)
        return frame

    def decode_errors(self) -> dict[int, str]:
        """Slices that failed to decode so far, with their messages."""
        with self._lock:
            return dict(self._errors)

    def preload(
        self,
        workers: int | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[int, str]:
        """Decode every slice (in a thread pool) and return the failures, as decode_errors.

        By default one thread per core: on 2 cores, 1,200 uncompressed 256 x 256 files took
        0.78x the CPU of a pydicom loop with 1 thread, 0.71x with 2 and 0.73x with 4, and
        0.76x, 0.32x and 0.35x of its wall time (benchmarks/bench_load.py, a busy machine):
        a thread per core pays in wall time at no CPU cost, more threads only add switching.
        """
        total = len(self._images)
        workers = workers or min(8, os.cpu_count() or 1)

        def one(index: int) -> None:
            with contextlib.suppress(DecodeError):  # recorded in decode_errors
                self.frame(index)

        if workers <= 1:
            for done, index in enumerate(range(total), start=1):
                one(index)
                if progress is not None:
                    progress(done, total)
        else:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="decode") as pool:
                for done, _ in enumerate(pool.map(one, range(total)), start=1):
                    if progress is not None:
                        progress(done, total)
        return self.decode_errors()


def _cache_key(image: ImageRef) -> tuple:
    return (str(image.source.path), image.source.member, image.frame)
