"""User-facing errors: one base class, caught once by the CLI (exit 1, no traceback)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem of a facts file: where it is and what was expected, in Chinese."""

    file: str
    line: int | None
    path: str  # key path inside the file, e.g. 隐患排查.隐患[2].整改日期
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        if self.hint:
            text += f"（{self.hint}）"
        return text


class HouqinError(Exception):
    """Base of every error a user can cause; `message` is what the CLI prints."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class FactsError(HouqinError):
    """A facts file has one or more problems; all of them are carried at once."""

    def __init__(self, file: str | Path, problems: list[Problem]):
        self.file = str(file)
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class TemplateError(HouqinError):
    """A template could not be loaded or rendered (names the template file and line)."""


class OutputError(HouqinError):
    """An output file could not be written; the old file, if any, is untouched."""


class CompileError(HouqinError):
    """Files that cannot be compiled into one bureau report: invalid files, different
    periods, two files for one school, no bureau name; the message lists every file concerned."""
