"""Annotated pictures and patient handouts, made from the viewer state without a screen.

- :func:`render` composes panes into an RGB array (``render.py``)
- :func:`save_image` writes PNG / JPEG with clean metadata (``png.py``)
- :func:`write_handout` writes the A4 PDF handout (``handout.py``)
- :func:`default_name` names files from date, sequence and slice (``naming.py``)
- :func:`prepare` sets up the view of a study for the command line (``session.py``)

Nothing here imports Qt: the command line exports on a machine with no display. The handout
(and with it matplotlib) is imported on first use, so the window starts without it.
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
from ilc_viewer.export.session import Prepared, prepare

__all__ = [
    "ExportError",
    "HandoutOptions",
    "Prepared",
    "RenderOptions",
    "Rendering",
    "default_name",
    "encode",
    "export_panes",
    "native_size",
    "output_size",
    "prepare",
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
