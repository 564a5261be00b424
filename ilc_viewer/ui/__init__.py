"""The Qt window: shows the open study's viewer state and turns gestures into calls on it.

Only this package imports PySide6; the core never imports it.

Importing this package first imports the core the window uses (numpy, pydicom and ours)
*before* PySide6, for a quicker start (see :mod:`ilc_viewer.ui.early_imports`).
"""

from ilc_viewer.ui.early_imports import import_core_before_qt

import_core_before_qt()
