"""Every check on one document, and many documents on all cores.

For each paragraph and table cell: placeholders (the facts lint's rules), half-width
punctuation in Chinese text; for the paragraphs: heading numbering; then the arithmetic the
document states, its dates and its signature; with `--facts`, what it says against the
facts (against.py). Findings come back in document order: paragraphs, then tables.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Iterator

from . import core
from .arithmetic import check_arithmetic
from .dates import check_dates
from .findings import DocumentFinding, finding, in_cell, in_paragraph
from .numbering import check_numbering, numbers
from .core import find_half_width
from .inputs import FACTS_SUFFIXES, gather
from .reader import DOCUMENT_SUFFIXES, Document, read

if TYPE_CHECKING:
    from .against import Expected

__all__ = ["check_document", "check_path", "check_paths", "gather", "FACTS_SUFFIXES", "DOCUMENT_SUFFIXES"]

_CONTEXT = 6  # characters either side of a half-width mark in the quote


def check_document(document: Document, expected: "Expected | None" = None) -> list[DocumentFinding]:
    """The findings of a document already read; expected: against.Expected for --facts."""
    file = document.file
    if not document.paragraphs and not document.tables:
        return [finding(core.HINT, file, None, "全文", "empty", Path(file).name, "文档中没有文字")]
    findings: list[DocumentFinding] = []
    numbered = numbers(document.paragraphs)
    for p, level, words, message in check_numbering(document.paragraphs, numbered):
        findings.append(in_paragraph(file, p, level, "numbering", words, message))
    for p in document.paragraphs:
        number = numbered.get(p.number)
        skip = number.end if number is not None else 0  # the number's own marks: numbering's to judge
        for kind, words, message in _text_findings(p.text, skip):
            findings.append(in_paragraph(file, p, core.ERROR if kind == "placeholder" else core.HINT, kind, words, message))
    for table in document.tables:
        for r, row in enumerate(table.rows):
            for c, text in enumerate(row):
                for kind, words, message in _text_findings(text, 0):
                    findings.append(in_cell(file, table, r, c, core.ERROR if kind == "placeholder" else core.HINT, kind, words, message))
    findings.extend(check_arithmetic(document, numbered))
    findings.extend(check_dates(document))
    if expected is not None:
        from .against import check_against

        findings.extend(check_against(document, expected))
    return _in_order(findings)


def _text_findings(text: str, skip: int) -> list[tuple[str, str, str]]:
    """(kind, words, message) of the placeholders and the half-width marks in one text."""
    out = [("placeholder", text[s:e], message) for s, e, message in core.placeholder_spans(text)]
    marks = [m for m in find_half_width(text) if m.start >= skip]
    if marks:
        first = marks[0]
        shown = text[max(skip, first.start - _CONTEXT): first.start + _CONTEXT + 1].replace("\n", " ")
        kinds = "".join(dict.fromkeys(m.mark for m in marks))
        replacements = "".join(dict.fromkeys(m.replacement for m in marks))
        times = f"，本段共{len(marks)}处" if len(marks) > 1 else ""
        out.append(("punctuation", shown, f"中文里用了半角标点「{kinds}」，应为全角「{replacements}」{times}"))
    return out


def _in_order(findings: list[DocumentFinding]) -> list[DocumentFinding]:
    """Paragraphs in order, then each table's cells in order; duplicates once."""
    def key(f: DocumentFinding):
        if f.table is not None:
            return (1, f.table, f.row or 0, f.column or 0)
        return (0, f.paragraph or 0, 0, 0)

    return sorted(dict.fromkeys(findings), key=key)


def check_path(path: Path, expected: "Expected | None" = None) -> list[DocumentFinding]:
    """Read and check one document; raises FactsError when it cannot be read."""
    return check_document(read(path), expected)


def _check_job(job: tuple) -> tuple:
    path, expected = job
    try:
        return path, check_path(path, expected), None
    except core.FactsError as exc:
        return path, [], list(exc.problems)


def check_paths(paths: list[Path], expected: "Expected | None" = None, jobs: int | None = None) -> Iterator[tuple]:
    """(path, findings, problems) of each document, in order, read on all cores: problems
    is the list of Problems when a document cannot be read (findings then empty), else None."""
    return core.ordered_map(_check_job, [(path, expected) for path in paths], jobs)
