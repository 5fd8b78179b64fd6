"""The web app's one door into the rest of the package.

Every call the web app makes into the package (reading and checking facts text, the summary
and plan outlines, the .docx and PDF, the value types of the model, the periods) goes through
this module, and nothing else in houqin_report/web imports the package. They are the same
pipeline calls the CLI makes for `check`, `summary`, `plan` and `compile` (pipeline/; a
bureau's compile from its store's texts is pipeline/bureau_texts.py); this module adds
nothing of its own but the shape the web app wants (text in, bytes out).
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from houqin_report.errors import ERROR, HINT, FactsError, HouqinError, OutputError, Problem
from houqin_report.facts.model import Facts
from houqin_report.facts.read import MAX_BYTES, MAX_DEPTH, MAX_NODES, Document, decode, format_path, parse_text
from houqin_report.facts.types import Count, Date, Money, Month, Number, Text
from houqin_report.pipeline.bureau_texts import Compiled, Source, compile_texts
from houqin_report.pipeline.check import Checked, check_text
from houqin_report.pipeline.options import Options
from houqin_report.pipeline.school import document_names
from houqin_report.report.period import Period, period_of

Finding = Problem  # a finding of the lint is a Problem with its level and kind

__all__ = [
    "Checked", "Compiled", "document_names", "Document", "ERROR", "Facts", "FactsError", "Finding", "HINT", "HouqinError",
    "MAX_BYTES", "MAX_DEPTH", "MAX_NODES", "OutputError", "Period", "Problem",
    "Source", "VALUE_TYPES", "check_text", "compile_texts", "decode", "docx_bytes", "format_path", "next_period",
    "outlines", "pdf_available", "pdf_bytes", "period_of", "read_yaml",
]

# The model's value types, by the name the form gives their inputs. A field is recognised by
# the validator its type carries (forms.py), so a new field of one of these types gets the
# right input and hint without any change to the web app.
VALUE_TYPES = {"text": Text, "money": Money, "date": Date, "count": Count, "number": Number, "month": Month}


def read_yaml(text: str, name: str) -> Document:
    """The facts reader on text (its limits apply); raises FactsError when it cannot be read."""
    return parse_text(text, name)


def outlines(facts: Facts) -> tuple[str, str]:
    """The summary's and the plan's outline text (`summary`/`plan --format md`)."""
    from houqin_report.pipeline.school import plan_text, summary_text

    return summary_text(facts), plan_text(facts)


def docx_bytes(outline: str, names: tuple[str, ...]) -> bytes:
    """The .docx of an outline, in the default profile (公文, GB/T 9704); its title never
    broken inside names (document_names: the school's, the bureau's)."""
    from houqin_report.pipeline.emit import docx_bytes as render  # python-docx: only when asked

    return render(outline, Options(), names)


def pdf_available() -> bool:
    from houqin_report.writers.pdf import soffice

    return soffice() is not None


def pdf_bytes(docx: bytes) -> bytes:
    """The PDF of a .docx through LibreOffice (`--pdf`); raises OutputError when it is missing
    or fails."""
    from houqin_report.writers.pdf import docs_to_pdf

    with tempfile.TemporaryDirectory(prefix="houqin-web-") as tmp:
        source, target = Path(tmp, "文档.docx"), Path(tmp, "文档.pdf")
        source.write_bytes(docx)
        docs_to_pdf([(source, target)])
        return target.read_bytes()


def next_period(facts: Facts) -> Period:
    """The term after the one facts are about (第二学期 → next 学年's 第一学期)."""
    return period_of(facts).following()
