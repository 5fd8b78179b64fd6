"""The user's cache folder for this tool (jieba's dictionary shards, compiled templates):
platformdirs' user cache folder — $XDG_CACHE_HOME/houqin-report or ~/.cache/houqin-report on
Linux, %LOCALAPPDATA%\\houqin-report\\Cache on Windows, ~/Library/Caches/houqin-report on a Mac.
Never the shared system temp folder, where another user's file would be read (jieba #26)."""
from __future__ import annotations

from pathlib import Path

APP = "houqin-report"


def cache_dir() -> Path | None:
    """The folder, or None when the user has no home folder to put it in."""
    import platformdirs

    try:
        folder = Path(platformdirs.user_cache_dir(APP, appauthor=False))
    except (KeyError, RuntimeError, OSError):  # no HOME and no passwd entry
        return None
    return folder if folder.is_absolute() else None
