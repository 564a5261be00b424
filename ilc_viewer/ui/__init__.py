"""The Qt window: shows :class:`ilc_viewer.viewer_state.ViewerState` and turns gestures into calls.

Only this package imports PySide6; the core never imports it.
"""
