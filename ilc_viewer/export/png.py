"""Writing exported pictures as PNG or JPEG with clean metadata, never half a file.

Pillow writes only the chunks it is given: the PNG gets a "Software" and a "Comment" text
chunk that we set here (no patient data, no time stamp), the JPEG a plain comment and no
EXIF. Files are written to a temporary name in the target folder and renamed into place, so
a full disk or a crash never leaves a truncated picture under the chosen name.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from ilc_viewer import __version__
from ilc_viewer.export.render import ExportError
from ilc_viewer.storage.atomic_file import write_atomic
from ilc_viewer.words.catalogue import _

SOFTWARE = f"ILC Viewer {__version__}"
#: The disclaimer in the file's own comment (ASCII: JPEG comments have no character set).
COMMENT = "For patient education - not for diagnosis"
IMAGE_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
#: zlib level for PNG: 3 compresses MR pictures nearly as well as 6 in a third of the time.
PNG_COMPRESS_LEVEL = 3
JPEG_QUALITY = 92


def image_format(path: Path) -> str:
    """"PNG" or "JPEG" from the file name; :class:`ExportError` for anything else."""
    fmt = IMAGE_FORMATS.get(Path(path).suffix.lower())
    if fmt is None:
        raise ExportError(_("{path}: the file name must end in .png, .jpg or .jpeg", path=path))
    return fmt


def encode(pixels: np.ndarray, fmt: str = "PNG") -> bytes:
    """The PNG or JPEG bytes of an (h, w, 3) uint8 picture, with our metadata only."""
    image = Image.fromarray(np.ascontiguousarray(pixels, dtype=np.uint8), "RGB")
    buffer = io.BytesIO()
    if fmt == "PNG":
        info = PngInfo()
        info.add_text("Software", SOFTWARE)
        info.add_text("Comment", COMMENT)
        image.save(buffer, "PNG", pnginfo=info, compress_level=PNG_COMPRESS_LEVEL)
    elif fmt == "JPEG":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, comment=COMMENT.encode("ascii"),
                   optimize=False)
    else:
        raise ExportError(f"unknown picture format {fmt!r}")
    return buffer.getvalue()


def save_image(pixels: np.ndarray, path: Path) -> Path:
    """Save a picture as PNG or JPEG (chosen by the file name)."""
    return write_atomic(Path(path), encode(pixels, image_format(path)))
