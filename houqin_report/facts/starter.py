"""`houqin init`: a facts file to fill in, every key present with a Chinese comment."""
from __future__ import annotations

from pathlib import Path

from houqin_report.writers.atomic import write_bytes_atomic
from houqin_report.errors import OutputError
from houqin_report.resources import resource_path


def starter_text() -> str:
    return resource_path("templates", "facts-starter.yaml").read_text(encoding="utf-8")


def write_starter(path: Path) -> None:
    if path.exists():
        raise OutputError(f"{path} 已存在，未覆盖。请换一个文件名，或先把原文件移走。")
    try:
        write_bytes_atomic(path, starter_text().encode("utf-8"))
    except FileExistsError:
        raise OutputError(f"{path} 已存在，未覆盖。请换一个文件名，或先把原文件移走。") from None
    except OSError as exc:
        raise OutputError(f"无法写入 {path}：{exc.strerror or exc}") from None
