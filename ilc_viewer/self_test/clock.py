"""How long ago this process started, as the operating system counts it.

Start-up time is what a doctor waits for from the click: the executable loading, Python
starting, the imports, the window, the first image. So the self-test measures from the
process's creation time kept by the system, not from when our first line of Python ran: on
Linux ``/proc/self/stat`` (field 22, in clock ticks since boot, compared with the boot-time
clock it is counted on), on Windows ``GetProcessTimes``. Elsewhere (macOS) there is no
cheap way, and the time is counted from the first call of :func:`started` instead.
"""

from __future__ import annotations

import os
import sys
import time

_fallback_start = time.monotonic()


def process_age() -> float | None:
    """Seconds since this process was created, or ``None`` when the system does not say."""
    try:
        if sys.platform.startswith("linux"):
            return _linux_age()
        if sys.platform == "win32":
            return _windows_age()
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    return None


def _linux_age() -> float:
    with open("/proc/self/stat", encoding="ascii") as file:
        stat = file.read()
    # the command name (field 2) may hold spaces and parentheses: split after its last ")"
    fields = stat[stat.rindex(")") + 2:].split()
    start_ticks = int(fields[19])  # field 22, starttime; fields[0] is field 3
    return time.clock_gettime(time.CLOCK_BOOTTIME) - start_ticks / os.sysconf("SC_CLK_TCK")


def _windows_age() -> float:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    created, ended, kernel, user, now = (wintypes.FILETIME() for _ in range(5))
    handle = kernel32.GetCurrentProcess()
    if not kernel32.GetProcessTimes(handle, ctypes.byref(created), ctypes.byref(ended),
                                    ctypes.byref(kernel), ctypes.byref(user)):
        raise OSError("GetProcessTimes failed")
    kernel32.GetSystemTimePreciseAsFileTime(ctypes.byref(now))

    def ticks(value: wintypes.FILETIME) -> int:  # 100 ns since 1601
        return (value.dwHighDateTime << 32) | value.dwLowDateTime

    return (ticks(now) - ticks(created)) / 1e7


def since_start() -> tuple[float, bool]:
    """(seconds, from the process's creation): the process's age where the system tells it,
    else the time since this module was imported (then the second value is False)."""
    age = process_age()
    if age is not None and age >= 0:
        return age, True
    return time.monotonic() - _fallback_start, False


def started_at() -> float:
    """The wall-clock time (``time.time()``) this process started, as well as it is known."""
    return time.time() - since_start()[0]
