"""`houqin init`: a facts file to fill in, every key present with a Chinese comment."""
from __future__ import annotations

from pathlib import Path

from houqin_report.resources import resource_path


def starter_text() -> str:
    return resource_path("templates", "facts-starter.yaml").read_text(encoding="utf-8")
