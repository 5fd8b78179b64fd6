"""User-facing errors: one base class, caught once by the CLI (exit 1, no traceback)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


ERROR = "错误"
HINT = "提示"

INVALID = "invalid"
"""The kind of a problem that makes a file unreadable as facts: a YAML mistake, a wrong value,
a missing key. Such a file has no facts; every other kind is a lint finding in valid facts."""


@dataclass(frozen=True)
class Problem:
    """One problem of a facts file (or of the text it holds): where it is, what is wrong, in
    Chinese. A file that cannot be read as facts has problems of kind INVALID, all errors;
    the lint's findings in a valid file carry their kind (placeholder, contradiction, copied,
    …), level (错误 stops a document, 提示 does not), the words concerned and the other place
    they were seen (last term's file, another key)."""

    file: str
    line: int | None
    path: str  # key path inside the file, e.g. 隐患排查.隐患[2].整改日期
    message: str
    hint: str = ""
    level: str = ERROR
    kind: str = INVALID
    words: str = ""
    other: str | None = None  # "LAST.yaml:12 下一步[1]"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.kind == INVALID:
            text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
            return text + (f"（{self.hint}）" if self.hint else "")
        text = f"{where}: {self.path}: [{self.level}] {self.message}" + (f"「{self.words}」" if self.words else "")
        if self.other:
            text += f"（{_OTHER_LABEL.get(self.kind, '另见')}：{self.other}）"
        return text


_OTHER_LABEL = {"copied": "上期", "repeated": "另见"}


def has_errors(problems) -> bool:  # noqa: ANN001 - any iterable of Problem
    """Whether any problem is an error (then `houqin check` fails and no document is written)."""
    return any(p.level == ERROR for p in problems)


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


class WorkerError(HouqinError):
    """A worker process reading files died (the out-of-memory killer, a kill): nothing of the
    command's result was written."""
