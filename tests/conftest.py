"""Shared test setup: Qt runs offscreen; tests never touch the user's real settings."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
