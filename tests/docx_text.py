"""Reading a .docx back for tests: all text, headings with their styles, tables."""
from __future__ import annotations

from pathlib import Path

import docx


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph, in order."""
    document = docx.Document(str(path))
    return [(p.style.name, p.text) for p in document.paragraphs]


def tables(path: Path) -> list[list[list[str]]]:
    document = docx.Document(str(path))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def all_text(path: Path) -> str:
    parts = [text for _, text in paragraphs(path)]
    for table in tables(path):
        for row in table:
            parts.append(" | ".join(row))
    return "\n".join(parts)
