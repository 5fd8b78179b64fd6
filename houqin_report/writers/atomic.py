"""Writing an output file atomically.

A half-written .docx or .xlsx looks like a file but does not open, and a rerun that fails must
not destroy last week's good report. So the bytes go to a temporary file in the target's own
folder (os.replace is only atomic within one file system), are flushed to disk, and then
replace the target in one step. On any failure the temporary file is removed and an existing
target is left exactly as it was. The OSError raised then says what went wrong in Chinese
(strerror), so that callers can print it as it is: "磁盘空间不足", not "No space left on device".
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
    try:
        tmp = tempfile.NamedTemporaryFile(dir=folder, prefix=f".{path.name}.", suffix=".tmp", delete=False)
    except OSError as exc:
        _reraise_in_chinese(exc)
    tmp_path = Path(tmp.name)
    try:
        with tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        # NamedTemporaryFile creates the file 0600; give it what the user would expect.
        os.chmod(tmp_path, mode)
        os.replace(tmp_path, path)
    except BaseException as exc:
        try:
            tmp_path.unlink()
        except OSError:
            pass
        if isinstance(exc, OSError):
            _reraise_in_chinese(exc)
        raise
    _fsync_dir(folder)


_REASONS = {
    getattr(errno, name): reason
    for name, reason in (
        ("ENOSPC", "磁盘空间不足"),
        ("EDQUOT", "超出了磁盘配额"),
        ("EROFS", "所在的磁盘或文件夹是只读的"),
        ("EACCES", "没有写入权限（或文件正被其他程序打开）"),
        ("EPERM", "没有写入权限（或文件正被其他程序打开）"),
        ("EISDIR", "这是一个文件夹，请给出文件名"),
        ("ENOENT", "所在文件夹不存在"),
        ("ENOTDIR", "路径中的某一级不是文件夹"),
        ("EIO", "磁盘读写出错"),
        ("EBUSY", "文件正被占用"),
        ("ETXTBSY", "文件正被占用"),
        ("ENAMETOOLONG", "文件名过长"),
        ("EFBIG", "文件过大"),
    )
    if hasattr(errno, name)  # EDQUOT and ETXTBSY are not on every platform
}


def _reraise_in_chinese(exc: OSError) -> None:
    """Raise the same kind of OSError (PermissionError stays PermissionError), its reason in
    Chinese; as it was when the reason is not one we know."""
    reason = _REASONS.get(exc.errno)
    if reason is None:
        raise exc
    raise type(exc)(exc.errno, reason, exc.filename) from exc


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
