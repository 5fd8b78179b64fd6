"""doccheck's one door into the rest of houqin_report.

Every name doccheck takes from the package's own modules is imported here and nowhere else,
so that moving those modules to their new places (issue 12: facts/, text/, lint/, outline/,
writers/, pipeline/) means editing this one file. The other doccheck modules import only
this one (and the standard library and third-party packages).

What is taken, and why:
- lint: the placeholder rules, the hazard figures a sentence states and the rounding rule
  of a 整改率, the prose-against-facts rules, and its Finding (document findings are the same
  kind of record, printed the same way);
- yamlread.decode: text files are UTF-8 or GBK exactly as facts files are;
- wording: figures back to text as the documents write them (1.099万元, 81.8%);
- load, documents, render: for `--facts`, what the tool itself writes from a facts file;
- parallel: many files on all cores, as `check` reads facts files;
- errors: the user-facing errors and their Problem records.

The templates and the renderer are imported when first asked for: checking a document
without `--facts` needs neither.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import FactsError, HouqinError, Problem
from ..lint import ERROR, HINT, Finding, figures_contradicted, hazard_claims, placeholder_spans, rate_fits
from ..model import Facts
from ..parallel import ordered_map
from ..wording import chinese_number, percent, plain, rate, yuan
from ..yamlread import decode

__all__ = [
    "ERROR",
    "HINT",
    "Facts",
    "FactsError",
    "Finding",
    "HouqinError",
    "Problem",
    "chinese_number",
    "decode",
    "figures_contradicted",
    "generated_documents",
    "hazard_claims",
    "load_facts",
    "ordered_map",
    "percent",
    "placeholder_spans",
    "plain",
    "rate",
    "rate_fits",
    "yuan",
]


def load_facts(path: Path) -> Facts:
    """The validated facts of a file; raises FactsError (every problem) as `check` reports them."""
    from ..load import load_facts as load

    return load(path)


def generated_documents(facts: Facts) -> dict[str, tuple[str, bytes]]:
    """The outline text (`--format md`) and the .docx bytes of the summary (总结) and the plan
    (计划) the tool writes from facts with its default options: what a copy of them said
    before anyone edited it."""
    from ..documents import Options, plan_outline, summary_outline
    from ..render import render_outline_bytes

    options = Options()
    out = {}
    for kind, outline in (("总结", summary_outline(facts, options)), ("计划", plan_outline(facts, options))):
        out[kind] = (outline, render_outline_bytes(outline))
    return out
