"""Annotated pictures and patient handouts of an open study, made without a screen.

- :func:`render` composes the panes' scenes into an RGB array (``render.py``)
- :func:`save_image` writes PNG / JPEG with clean metadata (``png.py``)
- :func:`write_handout` writes the A4 PDF handout (``handout.py``)
- :func:`default_name` names files from date, sequence and slice (``naming.py``)

Nothing here imports Qt: the command line exports on a machine with no display. The handout
(and with it matplotlib) is imported on first use, so the window and a PNG export start
without it.
"""

from typing import Any

from ilc_viewer.export.naming import default_name
from ilc_viewer.export.png import encode, save_image
from ilc_viewer.export.render import (
    ExportError,
    Rendering,
    RenderOptions,
    export_panes,
    native_size,
    output_size,
    render,
)

__all__ = [
    "ExportError",
    "HandoutOptions",
    "RenderOptions",
    "Rendering",
    "default_name",
    "encode",
    "export_panes",
    "native_size",
    "output_size",
    "render",
    "save_image",
    "write_handout",
]


def __getattr__(name: str) -> Any:
    """Load the handout module (matplotlib's PDF backend) only when it is asked for."""
    if name in ("HandoutOptions", "write_handout"):
        from ilc_viewer.export import handout

        return getattr(handout, name)
    raise AttributeError(f"module 'ilc_viewer.export' has no attribute {name!r}")
