"""The outline of each document kind: its context → its template → numbered outline text.

The built-in templates' environment is made once per process (a batch renders many documents
with it); a user's --templates folder gets its own.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from houqin_report.outline.environment import build_environment, render_template
from houqin_report.outline.limits import scale_for
from houqin_report.outline.numbering import number_outline


def _environment(templates: Path | None, old_style_date: bool):
    if templates is not None:
        return build_environment(templates, old_style_date)
    return _builtin_environment(old_style_date)


@lru_cache(maxsize=2)
def _builtin_environment(old_style_date: bool):
    return build_environment(None, old_style_date)


def outline(template: str, templates: Path | None = None, old_style_date: bool = False, **context: object) -> str:
    """The numbered outline of template (summary.md.j2, plan.md.j2, bureau.md.j2) for context."""
    env = _environment(templates, old_style_date)
    return number_outline(render_template(env, template, **context))


def summary_outline(report, templates: Path | None = None, old_style_date: bool = False) -> str:  # noqa: ANN001
    """report: a report.summary.Report."""
    return outline("summary.md.j2", templates, old_style_date, r=report)


def plan_outline(plan, templates: Path | None = None, old_style_date: bool = False) -> str:  # noqa: ANN001
    """plan: a report.plan.PlanContext."""
    return outline("plan.md.j2", templates, old_style_date, p=plan)


def bureau_outline(report, templates: Path | None = None, old_style_date: bool = False) -> str:  # noqa: ANN001
    """report: a report.bureau.BureauReport."""
    return number_outline(bureau_text(report, templates, old_style_date))


def bureau_text(report, templates: Path | None = None, old_style_date: bool = False) -> str:  # noqa: ANN001
    """The bureau report's outline before numbering, so that the caller can let the report go
    before numbering and writing it (number_outline parses the whole text: for a bureau of
    10,000 schools the two together would not fit the memory budget)."""
    # a province's report is as many times a district's as it has schools: so are its limits
    return render_template(_environment(templates, old_style_date), "bureau.md.j2",
                           budget_scale=scale_for(report.school_count), b=report)


__all__ = ["outline", "summary_outline", "plan_outline", "bureau_outline", "bureau_text"]
