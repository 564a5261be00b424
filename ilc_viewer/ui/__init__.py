"""The Qt window: shows :class:`ilc_viewer.viewer_state.ViewerState` and turns gestures into calls.

Only this package imports PySide6; the core never imports it.

Importing this package first imports the core the window uses (numpy, pydicom and ours)
*before* PySide6, for a quicker start (see :mod:`ilc_viewer.ui.early_imports`).
"""

from ilc_viewer.ui.early_imports import import_core_before_qt

import_core_before_qt()
