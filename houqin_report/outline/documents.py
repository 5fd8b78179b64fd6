"""The documents the tool writes: facts → context → template → outline → .docx.

One function per document kind returns the outline text; `write_docx` renders any outline.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from houqin_report.report.summary import build_report
from houqin_report.outline.environment import build_environment, render_template
from houqin_report.facts.model import Facts


@dataclass(frozen=True)
class Options:
    templates: Path | None = None  # the user's template folder, searched first
    old_style_date: bool = False  # 二〇二四年七月五日
    profile: str = "公文"
    reference: Path | None = None


def _environment(options: Options):
    """The template environment for options; the built-in templates' one is made once per
    process (a batch of summaries renders many documents with it)."""
    if options.templates is not None:
        return build_environment(options.templates, options.old_style_date)
    return _builtin_environment(options.old_style_date)


@lru_cache(maxsize=2)
def _builtin_environment(old_style_date: bool):
    return build_environment(None, old_style_date)


def summary_outline(facts: Facts, options: Options = Options()) -> str:
    env = _environment(options)
    return render_template(env, "summary.md.j2", r=build_report(facts))


def plan_outline(facts: Facts, options: Options = Options(), routine: Path | None = None) -> str:
    from houqin_report.report.plan import build_plan
    from houqin_report.facts.routine import load_routine

    env = _environment(options)
    return render_template(env, "plan.md.j2", p=build_plan(facts, load_routine(routine)))


def write_docx(outline: str, out: Path, options: Options = Options(), sources: tuple[Path, ...] = ()) -> None:
    """Render outline to out atomically; never over an input file."""
    from houqin_report.writers.files import write_output
    from houqin_report.writers.docx import render_outline_bytes  # python-docx is imported only by commands that write

    data = render_outline_bytes(outline, profile=options.profile, reference=options.reference)
    write_output(Path(out), data, sources, "总结.docx")


__all__ = ["Options", "summary_outline", "plan_outline", "write_docx"]


# ---- 教育局汇总报告 (houqin compile)


def compile_outline(report, options: Options = Options()) -> str:
    """The outline of a bureau's compiled report; report is a bureau.BureauReport."""
    env = _environment(options)
    return render_template(env, "bureau.md.j2", b=report)
