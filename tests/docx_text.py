"""Reading a .docx back for tests: all text, headings with their styles, tables.

As a command it prints what it reads, to look at a document without Word:

    python tests/docx_text.py 总结.docx [...]             paragraphs (style, text), then tables
    python tests/docx_text.py --text 总结.docx            all_text, as the tests compare it
"""
from __future__ import annotations

import sys
from pathlib import Path

import docx


def paragraphs(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph, in order."""
    document = docx.Document(str(path))
    return [(p.style.name, p.text) for p in document.paragraphs]


def tables(path: Path) -> list[list[list[str]]]:
    """Each table's rows of cell texts; a line break in a cell (a date set on two lines,
    2024年 / 3月12日) is "\\n"."""
    document = docx.Document(str(path))
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]


def all_text(path: Path) -> str:
    """The paragraphs, then each table row as "cell | cell"; a cell's lines are read as one
    (the renderer breaks only dates and long text where a column is narrow)."""
    parts = [text for _, text in paragraphs(path)]
    for table in tables(path):
        for row in table:
            parts.append(" | ".join(cell.replace("\n", "") for cell in row))
    return "\n".join(parts)


def main(args: list[str]) -> int:
    text_only = "--text" in args
    files = [a for a in args if a != "--text"]
    if not files:
        print(__doc__.split("\n\n", 1)[1].rstrip(), file=sys.stderr)
        return 2
    for name in files:
        if len(files) > 1:
            print(f"==> {name} <==")
        if text_only:
            print(all_text(Path(name)))
            continue
        for style, text in paragraphs(Path(name)):
            print(f"[{style}] {text}")
        for number, table in enumerate(tables(Path(name)), 1):
            print(f"-- 表 {number} --")
            for row in table:
                print(" | ".join(cell.replace("\n", "⏎") for cell in row))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
