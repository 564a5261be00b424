"""The program's own files: bundled resources, the user's data folder, atomic writes, JSON."""
