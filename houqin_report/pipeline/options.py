"""What a user asks of a document: how it is made (Options) and where it goes (Target)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Options:
    templates: Path | None = None  # the user's template folder, searched first
    old_style_date: bool = False  # 二〇二四年七月五日
    profile: str = "公文"
    reference: Path | None = None  # the user's own .docx for the styles (a letterhead)


@dataclass(frozen=True)
class Target:
    output: Path | None = None  # None with fmt "md": the outline goes to the events (the screen)
    fmt: str = "docx"  # docx | md
    pdf: bool = False  # a PDF beside the .docx (LibreOffice)
    dry_run: bool = False  # everything but the writing


class Events:
    """What a pipeline call tells as it goes; the CLI prints it, the web app collects it.
    The defaults say nothing."""

    def warning(self, problem) -> None:  # noqa: ANN001 - an errors.Problem
        """A finding of a file's check (shown before the document is written or refused)."""

    def note(self, text: str) -> None:
        """Something the user should know that is not a finding: a file left out."""

    def info(self, text: str) -> None:
        """Progress worth a line with -v: how many schools were compiled."""

    def wrote(self, path: Path) -> None:
        """A file was written."""

    def would_write(self, path: Path) -> None:
        """--dry-run: this file would have been written."""

    def text(self, text: str) -> None:
        """An outline asked for on the screen (--format md without -o)."""


__all__ = ["Options", "Target", "Events"]
