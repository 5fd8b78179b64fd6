"""The one gate before a document is written: error-level findings in a file's prose stop it,
unless the user says --force. summary, plan, batch summaries and compile all pass through here."""
from __future__ import annotations

from pathlib import Path

from houqin_report.errors import ERROR, HouqinError, Problem


class Refused(HouqinError):
    """The prose of a facts file has errors (an unfilled placeholder, a contradicted figure)."""


def refused(findings: list[Problem], force: bool) -> list[Problem]:
    """The findings that stop a document: the errors, none with force."""
    return [] if force else [f for f in findings if f.level == ERROR]


def check(source: Path | str, findings: list[Problem], force: bool) -> None:
    """Raise Refused when the findings stop a document of source."""
    if refused(findings, force):
        raise Refused(f"{source} 的文字中有错误（见上），未生成文档。请改正后重试，或加 --force 强制生成。")


__all__ = ["Refused", "refused", "check"]
