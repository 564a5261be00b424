"""The Qt window: shows :class:`ilc_viewer.viewer_state.ViewerState` and turns gestures into calls.

Only this package imports PySide6; the core never imports it.

Importing this package first prepares a quick start (see :mod:`ilc_viewer.ui.lazy_modules`):
modules pydicom would import but the window does not need yet are deferred, and the core the
window uses (numpy, pydicom and ours) is imported *before* PySide6, because PySide6 hooks
``import`` and inspects every module imported after it (reading its source file) for its
``__feature__`` switches: about 40 ms of start-up for the core's few hundred modules.
"""

from ilc_viewer.ui.lazy_modules import import_core_before_qt

import_core_before_qt()
