"""Shared test setup: Qt runs offscreen; tests never touch the user's real settings."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# the program follows the system's language when none is chosen: tests expect English
os.environ["LC_ALL"] = "C.UTF-8"
