"""The PySide6 desktop app: a thin view over `core` (which never imports Qt)."""
