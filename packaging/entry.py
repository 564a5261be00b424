"""The frozen program's entry point: ``ilc-viewer`` as the bundle's executable runs it.

``multiprocessing.freeze_support()`` comes first: the header readers run in worker processes
(forkserver on Linux, spawn on Windows), and a frozen program re-runs this file to start
them; without it each worker would start the whole program again.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from ilc_viewer.cli import main

    sys.exit(main())
