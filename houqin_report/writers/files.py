"""Writing a file the user asked for: never over an input, never over a special file, never two
outputs into one file, atomically, with a Chinese message for each way it can fail (the old
file, if any, is then left as it was).

- An output is compared with every input by where it really is (links resolved) and by the
  file itself (a hard link is the same file), so no spelling of a path reaches an input.
- An output that exists and is not a regular file (a FIFO, a device such as /dev/null, a
  socket) is refused: replacing it with a regular file would break whatever it is. The
  outline can go to standard output instead: `-o -` (STDOUT) with --format md.
- An output that is a symbolic link is written through: the file it points to is replaced
  (atomically, in that file's folder) and the link stays a link. A link that points at an
  input is refused like the input itself.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable

from houqin_report.errors import OutputError
from houqin_report.writers.atomic import write_bytes_atomic

STDOUT = Path("-")
"""`-o -`: the outline printed instead of written (--format md, houqin schema)."""

_SPECIAL = ((stat.S_ISFIFO, "命名管道（FIFO）"), (stat.S_ISCHR, "字符设备"), (stat.S_ISBLK, "块设备"), (stat.S_ISSOCK, "套接字"))


def _identities(path: Path) -> set[tuple]:
    """What makes two paths one file: the real path, and the file's device and inode."""
    keys: set[tuple] = {("path", os.path.realpath(path))}
    try:
        st = os.stat(path)
    except OSError:
        return keys
    keys.add(("inode", st.st_dev, st.st_ino))
    return keys


def _special_kind(path: Path) -> str | None:
    """The kind of an existing output that is no regular file (through a link), else None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # absent (or a link to nothing): it will be created
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None  # a folder has its own message when writing
    return next((name for test, name in _SPECIAL if test(mode)), "特殊文件")


def check_outputs(outputs: Iterable[Path | None], inputs: Iterable[Path | str] = ()) -> None:
    """Refuse, before anything is written, an output that is one of the inputs, an output that
    is a special file, and two outputs that are one file (the second would replace the first)."""
    by_identity: dict[tuple, Path] = {}
    for source in inputs:
        for key in _identities(Path(source)):
            by_identity.setdefault(key, Path(source))
    written: dict[tuple, Path] = {}
    for out in outputs:
        if out is None or Path(out) == STDOUT:
            continue
        out = Path(out)
        kind = _special_kind(out)
        if kind is not None:
            raise OutputError(f"输出 {out} 已存在，是{kind}，不是普通文件：拒绝写入，也不会用普通文件替换它。"
                              "请换一个输出文件名；要把大纲输出到屏幕，请用 --format md -o -")
        keys = _identities(out)
        source = next((by_identity[k] for k in keys if k in by_identity), None)
        if source is not None:
            named = "" if source == out else f" {source}"
            raise OutputError(f"输出文件 {out} 就是输入文件{named}，拒绝覆盖。请换一个输出文件名。")
        other = next((written[k] for k in keys if k in written), None)
        if other is not None:
            raise OutputError(f"输出文件 {other} 和 {out} 是同一个文件，后写的会覆盖先写的。请换一个输出文件名。")
        for key in keys:
            written[key] = out


def write_output(out: Path, data: bytes, sources: Iterable[Path | str] = (), kind: str = "文件") -> None:
    """kind names what the user would open it with, for the "file is open" hint (Word/WPS)."""
    out = Path(out)
    check_outputs([out], sources)
    target = Path(os.path.realpath(out)) if out.is_symlink() else out  # written through the link
    try:
        write_bytes_atomic(target, data)
    except IsADirectoryError:
        raise OutputError(f"无法写入 {out}：这是一个文件夹，请给出文件名（如 out/{kind}）") from None
    except PermissionError:
        raise OutputError(f"无法写入 {out}：没有写入权限（或文件正被其他程序打开）。原文件未改动。") from None
    except FileNotFoundError:
        raise OutputError(f"无法写入 {out}：所在文件夹不存在") from None
    except OSError as exc:
        raise OutputError(f"无法写入 {out}：{exc.strerror or exc}。原文件未改动。") from None


def compile_root(inputs: Iterable[Path | str]) -> Path | None:
    """The folder a compile's files are named from (the workbook's 来源 sheet, the roll-up):
    the folder given, or the one holding every file and folder given, so that the names are the
    same however the paths were typed (samples, ./samples/, /home/…/samples)."""
    places = [Path(p).resolve() if Path(p).is_dir() else Path(p).resolve().parent for p in inputs]
    return Path(os.path.commonpath([str(p) for p in places])) if places else None


def compiled_name(item, root: Path | None) -> str:  # noqa: ANN001 - a SchoolRow, BureauOwn or Skipped
    """A compiled file as the outputs name it: relative to root (compile_root); a file read
    through a lower bureau's roll-up as that roll-up names it (it is not on this machine)."""
    if item.path or root is None:
        return item.file
    try:
        return Path(item.file).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(item.file).resolve().as_posix()


__all__ = ["STDOUT", "check_outputs", "compile_root", "compiled_name", "write_output"]
