"""A finding in a document: the facts lint's Finding (printed the same way), whose path is the
place in the document (第12段, 表2第3行第4列), with that place also as numbers for JSON."""
from __future__ import annotations

from dataclasses import dataclass

from . import core
from .reader import Paragraph, Table

__all__ = ["DocumentFinding", "finding", "in_paragraph", "in_cell", "quote"]

QUOTE = 24  # characters of a quoted paragraph


@dataclass(frozen=True)
class DocumentFinding(core.Problem):
    """file:line (a text file's line): place: [级别] message「words」"""

    paragraph: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None


def finding(level: str, file: str, line: int | None, place: str, kind: str, words: str, message: str,
            other: str | None = None, **where: int | None) -> DocumentFinding:
    """A finding at a place of a document (where: paragraph, table, row, column as numbers)."""
    return DocumentFinding(file, line, place, message, level=level, kind=kind, words=words, other=other, **where)


def quote(text: str, n: int = QUOTE) -> str:
    """The start of a text as quoted in a finding: one line, cut short."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


def in_paragraph(file: str, p: Paragraph, level: str, kind: str, words: str, message: str,
                 other: str | None = None, place: str | None = None) -> DocumentFinding:
    return finding(level, file, p.line, place or f"第{p.number}段", kind, words, message, other, paragraph=p.number)


def in_cell(file: str, table: Table, row: int, column: int | None, level: str, kind: str, words: str,
            message: str, other: str | None = None) -> DocumentFinding:
    """row and column are 0-based here and 1-based in the finding, as people count."""
    place = f"表{table.number}第{row + 1}行" + (f"第{column + 1}列" if column is not None else "")
    return finding(level, file, table.line(row), place, kind, words, message, other,
                   table=table.number, row=row + 1, column=column + 1 if column is not None else None)

