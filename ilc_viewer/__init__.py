"""ILC Viewer: a desktop MRI viewer for patient education.

The package root and everything outside :mod:`ilc_viewer.ui` is the headless core: it loads,
sorts, classifies, windows, annotates and exports without Qt.
"""

__version__ = "0.1.0"
