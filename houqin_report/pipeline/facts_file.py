"""The facts file itself: `houqin init` writes one to fill in, `houqin schema` its JSON Schema."""
from __future__ import annotations

import os
from pathlib import Path

from houqin_report.errors import OutputError
from houqin_report.pipeline.options import Events
from houqin_report.writers.atomic import write_bytes_atomic
from houqin_report.writers.files import STDOUT, write_output


def init(path: Path, events: Events = Events()) -> None:
    """A facts file to fill in, every key with a Chinese comment; never over an existing file."""
    from houqin_report.facts.starter import starter_text

    if os.path.lexists(path):  # a link too, even one to nothing: never replaced
        raise OutputError(f"{path} 已存在，未覆盖。请换一个文件名，或先把原文件移走。")
    try:
        write_bytes_atomic(path, starter_text().encode("utf-8"))
    except OSError as exc:
        raise OutputError(f"无法写入 {path}：{exc.strerror or exc}") from None
    events.wrote(path)


def schema(output: Path | None, events: Events = Events()) -> None:
    """The JSON Schema of the facts file, to output or (None) to the screen."""
    from houqin_report.facts.schema import schema_text

    text = schema_text()
    if output is None or output == STDOUT:
        events.text(text)
        return
    write_output(output, text.encode("utf-8"), (), "facts.schema.json")
    events.wrote(output)


__all__ = ["init", "schema"]
