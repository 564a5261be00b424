"""``python -m ilc_viewer`` does the same as the ``ilc-viewer`` script."""

import sys

from ilc_viewer.cli import main

sys.exit(main())
