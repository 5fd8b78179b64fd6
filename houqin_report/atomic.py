"""Writing an output file atomically.

A half-written .docx or .xlsx looks like a file but does not open, and a rerun that fails must
not destroy last week's good report. So the bytes go to a temporary file in the target's own
folder (os.replace is only atomic within one file system), are flushed to disk, and then
replace the target in one step. On any failure the temporary file is removed and an existing
target is left exactly as it was.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def write_bytes_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically; raise OSError (untouched target) on failure.

    Raises IsADirectoryError when ``path`` is a folder and FileNotFoundError when its folder
    does not exist; the CLI turns these into its own messages.
    """
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "输出路径是一个文件夹，请给出文件名（如 out/总结.docx）", str(path))
    folder = path.parent
    if not folder.is_dir():
        raise FileNotFoundError(errno.ENOENT, "输出文件所在的文件夹不存在", str(folder))
    mode = _mode_for(path)
    tmp = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    tmp_path = Path(tmp.name)
    try:
        with tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        # NamedTemporaryFile creates the file 0600; give it what the user would expect.
        os.chmod(tmp_path, mode)
        os.replace(tmp_path, path)
    except BaseException:
        try:
            tmp_path.unlink()
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(folder)


def _mode_for(path: Path) -> int:
    """Permissions for the new file: those of the file it replaces, else 0666 minus umask."""
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        pass
    # os.umask can only be read by setting it; this is the usual dance (process-wide, brief).
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable where the platform allows (POSIX); best effort."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
