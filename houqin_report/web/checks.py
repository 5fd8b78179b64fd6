"""What one saved facts text gives: its problems and findings as messages, and the preview.

A version's text never changes, so its outcome is kept (keyed by the text itself) and a page
shown again, or a download after a save, does not compute it twice.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

from . import core
from .forms import Message
from .outline_html import outline_html


@dataclass(frozen=True)
class Outcome:
    data: object  # what the YAML reader read (None when the text is not readable YAML)
    facts: core.Facts | None
    messages: tuple[Message, ...]
    summary_md: str | None
    plan_md: str | None
    summary_html: str | None
    plan_html: str | None
    seconds: float  # the time taken to check and preview, for the page's footer

    @property
    def errors(self) -> int:
        return sum(1 for m in self.messages if m.level == core.ERROR)

    @property
    def hints(self) -> int:
        return sum(1 for m in self.messages if m.level == core.HINT)

    @property
    def lint_errors(self) -> bool:
        """Errors in the prose of valid facts: documents are then written only when forced,
        as `summary` writes them only with --force."""
        return self.facts is not None and self.errors > 0

    @property
    def school(self) -> str | None:
        if self.facts is not None:
            return self.facts.school
        # Not valid yet: the school as typed, if it is a text at all.
        value = self.data.get("学校") if isinstance(self.data, dict) else None
        if isinstance(value, str) and value.strip():
            return value.strip()
        return None

    @property
    def period(self) -> str | None:
        return core.period_of(self.facts).title if self.facts is not None else None


def problem_message(problem: core.Problem) -> Message:
    text = problem.message + (f"（{problem.hint}）" if problem.hint else "")
    return Message(problem.path, core.ERROR, text)


def finding_message(finding: core.Finding) -> Message:
    text = f"{finding.message}「{finding.words}」"
    if finding.other:
        text += f"（另见：{finding.other}）"
    return Message(finding.path, finding.level, text)


@lru_cache(maxsize=32)
def evaluate(text: str, previous: str | None = None) -> Outcome:
    """Check a facts text as `houqin check` does (with last term's text, when known, for
    copied sentences) and, when it is valid, outline the summary and plan for the preview."""
    start = time.perf_counter()
    checked = core.check_text(text, "事实", previous)
    messages = tuple(problem_message(p) for p in checked.problems) + tuple(finding_message(f) for f in checked.findings)
    summary_md = plan_md = summary_html = plan_html = None
    if checked.facts is not None:
        try:
            summary_md, plan_md = core.outlines(checked.facts)
        except core.HouqinError as exc:  # the built-in templates do not fail; say so if they do
            messages += (Message("", core.ERROR, exc.message),)
        else:
            summary_html, plan_html = outline_html(summary_md), outline_html(plan_md)
    data = checked.document.data if checked.document is not None else None
    return Outcome(data, checked.facts, messages, summary_md, plan_md, summary_html, plan_html, time.perf_counter() - start)


WARM_UP_TEXT = "学校: 示例小学\n年度: 2024\n隐患排查:\n  隐患:\n    - 位置: 东侧围墙\n      描述: 挡土墙开裂\n工作:\n  - 完成学期初校产清查，录入固定资产台账\n"


def warm_up() -> None:
    """Load what the first check and preview would load (the word dictionary, the templates),
    so that the first save a user makes is as quick as the others."""
    evaluate(WARM_UP_TEXT)
