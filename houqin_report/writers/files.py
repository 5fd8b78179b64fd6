"""Writing a file the user asked for: never over an input, atomically, with a Chinese message
for each way it can fail (the old file, if any, is then left as it was)."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from houqin_report.writers.atomic import write_bytes_atomic
from houqin_report.errors import OutputError


def write_output(out: Path, data: bytes, sources: Iterable[Path] = (), kind: str = "文件") -> None:
    """kind names what the user would open it with, for the "file is open" hint (Word/WPS)."""
    out = Path(out)
    if out.exists():
        resolved = out.resolve()
        if any(Path(s).exists() and Path(s).resolve() == resolved for s in sources):
            raise OutputError(f"输出文件 {out} 就是输入文件，拒绝覆盖。请换一个输出文件名。")
    try:
        write_bytes_atomic(out, data)
    except IsADirectoryError:
        raise OutputError(f"无法写入 {out}：这是一个文件夹，请给出文件名（如 out/{kind}）") from None
    except PermissionError:
        raise OutputError(f"无法写入 {out}：没有写入权限（或文件正被其他程序打开）。原文件未改动。") from None
    except FileNotFoundError:
        raise OutputError(f"无法写入 {out}：所在文件夹不存在") from None
    except OSError as exc:
        raise OutputError(f"无法写入 {out}：{exc.strerror or exc}。原文件未改动。") from None
