"""Run a blocking call (network) on Qt's thread pool and get its result back on the GUI thread.

The call gets a ``threading.Event`` to watch for cancel (and may report progress through
``report(done, total)``); the caller connects to :class:`Task`'s signals, which Qt delivers
in the GUI thread, then calls :meth:`Task.start`. The window never freezes while a server
is slow or down.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ilc_viewer.errors import ViewerError
from ilc_viewer.words.catalogue import message_of

Work = Callable[[threading.Event, Callable[[int, int], None]], Any]


class Task(QObject):
    """One background call: ``progress(done, total)``, then ``succeeded`` or ``failed``."""

    progress = Signal(int, int)
    succeeded = Signal(object)
    #: One sentence for the user: a core message (say it with ``i18n.say``, in the language
    #: of the moment) or, for an unexpected error, plain text.
    failed = Signal(object)
    cancelled = Signal()

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.cancel_event = threading.Event()
        self.running = False

    def start(self, pool: QThreadPool | None = None) -> Task:
        """Run on the pool (connect the signals first); returns self."""
        self.running = True
        (pool or QThreadPool.globalInstance()).start(_Runnable(self))
        return self

    def cancel(self) -> None:
        """Ask the call to stop (it raises ``Cancelled`` or returns soon)."""
        self.cancel_event.set()

    def _run(self) -> None:
        from ilc_viewer.dicom.network import Cancelled

        try:
            result = self.work(self.cancel_event, self.progress.emit)
        except Cancelled:
            self.cancelled.emit()
        except ViewerError as exc:
            self.failed.emit(message_of(exc))
        except Exception as exc:  # a bug or a library error: still one line, never a crash
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            if self.cancel_event.is_set():
                self.cancelled.emit()
            else:
                self.succeeded.emit(result)
        finally:
            self.running = False


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self.task = task  # keeps the task (and its signals) alive while it runs

    def run(self) -> None:
        self.task._run()
