"""The web app's one door into the rest of the package.

Every call the web app makes into the package's internals (reading and validating facts text,
the prose lint, the summary and plan outlines, the .docx renderer, PDF conversion, the value
types of the model) goes through this module, and nothing else in houqin_report/web imports
them. When the package moves to its pipeline/ layout (issue 12), this file is the one to
re-point. The functions here are the same calls the CLI makes for `check`, `summary` and
`plan`; they add nothing of their own but the shape the web app wants (text in, bytes out).
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..context import Period, period_of
from ..documents import Options, plan_outline, summary_outline
from ..errors import FactsError, HouqinError, OutputError, Problem
from ..lint import ERROR, HINT, Finding, lint_document
from ..load import validate
from ..model import Count, Date, Facts, Money, Month, Number, Text
from ..yamlread import MAX_BYTES, MAX_DEPTH, MAX_NODES, Document, decode, format_path, parse_text

__all__ = [
    "Checked", "Document", "ERROR", "Facts", "FactsError", "Finding", "HINT", "HouqinError",
    "MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "OutputError", "Period", "Problem",
    "VALUE_TYPES", "check_text", "decode", "docx_bytes", "format_path", "next_period",
    "outlines", "pdf_available", "pdf_bytes", "period_of", "read_yaml",
]

# The model's value types, by the name the form gives their inputs. A field is recognised by
# the validator its type carries (forms.py), so a new field of one of these types gets the
# right input and hint without any change to the web app.
VALUE_TYPES = {"text": Text, "money": Money, "date": Date, "count": Count, "number": Number, "month": Month}


@dataclass(frozen=True)
class Checked:
    """What `houqin check` finds in one facts text: its document (None when the text cannot
    be read as YAML at all), the valid facts (None when invalid), the validation problems and
    the prose findings."""

    document: Document | None
    facts: Facts | None
    problems: tuple[Problem, ...]
    findings: tuple[Finding, ...]


def read_yaml(text: str, name: str) -> Document:
    """The facts reader on text (its limits apply); raises FactsError when it cannot be read."""
    return parse_text(text, name)


def check_text(text: str, name: str, previous: str | None = None) -> Checked:
    """Read, validate and lint a facts text as `houqin check` does a file.

    The lint also runs on a text that does not validate (without the figures it compares
    prose with), so that a placeholder shows while the rest is still being filled in.
    previous: last term's facts text, for text copied from it (`check --previous`).
    """
    try:
        document = parse_text(text, name)
    except FactsError as exc:
        return Checked(None, None, tuple(exc.problems), ())
    facts = None
    problems: tuple[Problem, ...] = ()
    try:
        facts = validate(document, name)
    except FactsError as exc:
        problems = tuple(exc.problems)
    last = None
    if previous is not None:
        try:
            prev_doc = parse_text(previous, "上学期")
        except FactsError:
            prev_doc = None
        if prev_doc is not None:
            try:
                prev_facts = validate(prev_doc, "上学期")
            except FactsError:
                prev_facts = None
            last = (prev_doc, prev_facts, "上学期")
    findings = tuple(lint_document(document, facts, name, last))
    return Checked(document, facts, problems, findings)


def outlines(facts: Facts) -> tuple[str, str]:
    """The summary's and the plan's outline text (`summary`/`plan --format md`)."""
    options = Options()
    return summary_outline(facts, options), plan_outline(facts, options)


def docx_bytes(outline: str) -> bytes:
    """The .docx of an outline, in the default profile (公文, GB/T 9704)."""
    from ..render import render_outline_bytes  # python-docx: only when a document is asked for

    return render_outline_bytes(outline, profile=Options().profile)


def pdf_available() -> bool:
    from ..pdf import soffice

    return soffice() is not None


def pdf_bytes(docx: bytes) -> bytes:
    """The PDF of a .docx through LibreOffice (`--pdf`); raises OutputError when it is missing
    or fails."""
    from ..pdf import docs_to_pdf

    with tempfile.TemporaryDirectory(prefix="houqin-web-") as tmp:
        source, target = Path(tmp, "文档.docx"), Path(tmp, "文档.pdf")
        source.write_bytes(docx)
        docs_to_pdf([(source, target)])
        return target.read_bytes()


def next_period(facts: Facts) -> Period:
    """The term after the one facts are about (第二学期 → next 学年's 第一学期)."""
    return period_of(facts).following()
