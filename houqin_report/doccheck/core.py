"""doccheck's one door into the rest of houqin_report.

Every name doccheck takes from the package's other stages is imported here and nowhere else;
the other doccheck modules import only this one (and the standard library and third-party
packages). What is taken, and why:
- lint: the placeholder rules, the hazard figures a sentence states and the rounding rule of a
  整改率, and the prose-against-facts rules;
- errors: Problem (a document finding is the same kind of record, printed the same way) and
  the user-facing errors;
- text: the punctuation rule (GB/T 15834) and the number formats (1.099万元, 81.8%);
- facts: Chinese numerals, the text decoding of files (UTF-8 or GBK exactly as facts files),
  and the loader for `--facts`;
- report: rate, computed as the documents compute it;
- pipeline: what the tool itself writes from a facts file (`--facts`), and many files on all
  cores, as `check` reads facts files.
The templates and the renderer are imported when first asked for: checking a document
without `--facts` needs neither.
"""
from __future__ import annotations

from pathlib import Path

from houqin_report.errors import ERROR, HINT, FactsError, HouqinError, Problem
from houqin_report.facts.model import Facts
from houqin_report.facts.numerals import cn_digits, cn_int
from houqin_report.facts.read import decode
from houqin_report.lint.contradictions import figures_contradicted, hazard_claims, rate_fits
from houqin_report.lint.placeholders import find_placeholders as placeholder_spans
from houqin_report.pipeline.parallel import ordered_map
from houqin_report.report.figures import rate
from houqin_report.text.numbers import chinese_number, percent, plain, yuan
from houqin_report.text.punctuation import HalfWidth, find_half_width, to_full_width

__all__ = [
    "ERROR",
    "HINT",
    "Facts",
    "FactsError",
    "HalfWidth",
    "HouqinError",
    "Problem",
    "chinese_number",
    "cn_digits",
    "cn_int",
    "decode",
    "figures_contradicted",
    "find_half_width",
    "generated_documents",
    "hazard_claims",
    "load_facts",
    "ordered_map",
    "percent",
    "placeholder_spans",
    "plain",
    "rate",
    "rate_fits",
    "to_full_width",
    "yuan",
]


def load_facts(path: Path) -> Facts:
    """The validated facts of a file; raises FactsError (every problem) as `check` reports them."""
    from houqin_report.facts.load import load_facts as load

    return load(path)


def generated_documents(facts: Facts) -> dict[str, tuple[str, bytes]]:
    """The outline text (`--format md`) and the .docx bytes of the summary (总结) and the plan
    (计划) the tool writes from facts with its default options: what a copy of them said
    before anyone edited it."""
    from houqin_report.pipeline.emit import docx_bytes
    from houqin_report.pipeline.options import Options
    from houqin_report.pipeline.school import document_names, plan_text, summary_text

    options = Options()
    out = {}
    for kind, outline in (("总结", summary_text(facts, options)), ("计划", plan_text(facts, options))):
        out[kind] = (outline, docx_bytes(outline, options, document_names(facts)))
    return out
