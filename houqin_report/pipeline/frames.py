"""The generated frame of a term's documents against last term's (`--previous`).

The lint compares the text the office wrote with last term's (lint/copies.py). The documents
also hold text the tool writes: the summary's opening and closing, the plan's 指导思想. Their
wording varies by school and period (report/summary.py variant_of), so two consecutive terms
never share it; a sentence of it that still repeats last term's word for word (last term's
file written for the same period, or the office's own 开头 last term equal to this term's
wording) is a 提示, as a copied sentence of the office's own is.

Only generated text is compared (a frame the office wrote itself is the lint's), sentence by
sentence, and only the frame's own sentences: not one with figures or honours (我校现有学生968人,
被评为… are facts), not the formula every summary has (现将本学期工作总结如下).
"""
from __future__ import annotations

import re

from houqin_report.errors import HINT, Problem
from houqin_report.facts.model import Facts

_SENTENCE = re.compile(r"[^。！？：]+[。！？：]?")
_NOT_FRAME = re.compile(r"\d|被评为|^现将")


def _paragraphs(outline: str) -> list[str]:
    return [p.strip() for p in outline.split("\n\n") if p.strip()]


def _summary_frame(outline: str) -> dict[str, str]:
    """开头: the paragraph after the title; 结尾: the last paragraph of the body."""
    paragraphs = _paragraphs(outline)
    out = {"开头": paragraphs[1] if len(paragraphs) > 1 else ""}
    for i, p in enumerate(paragraphs):
        if p.startswith(":::"):
            out["结尾"] = paragraphs[i - 1] if i and not paragraphs[i - 1].startswith(("#", "|", ":::")) else ""
            break
    return out


def _plan_frame(outline: str) -> dict[str, str]:
    paragraphs = _paragraphs(outline)
    for i, p in enumerate(paragraphs):
        if p.startswith("## ") and p.endswith("指导思想"):
            return {"计划.指导思想": paragraphs[i + 1] if i + 1 < len(paragraphs) else ""}
    return {}


def frames(facts: Facts) -> dict[str, str]:
    """Key → the text the tool writes there for facts (only where the office wrote none)."""
    from houqin_report.pipeline.school import plan_text, summary_text

    out = {}
    for key, text in {**_summary_frame(summary_text(facts)), **_plan_frame(plan_text(facts))}.items():
        given = {"开头": facts.opening, "结尾": facts.closing,
                 "计划.指导思想": facts.plan.guidance if facts.plan else None}[key]
        if not given:
            out[key] = text
    return out


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip() and not _NOT_FRAME.search(s.strip())]


def frame_hints(facts: Facts, previous: Facts, file: str, line_of=lambda loc: None) -> list[Problem]:  # noqa: ANN001
    """A 提示 for each generated sentence of this term's frame that last term's documents
    have word for word. line_of: the facts document's line lookup (for the key's line)."""
    mine, theirs = frames(facts), _all_frames(previous)
    found = []
    for key, text in mine.items():
        last = set(_sentences(theirs.get(key, "")))
        for sentence in _sentences(text):
            if sentence in last:
                loc = tuple(key.split("."))
                shown = sentence.replace("\\", "")
                found.append(Problem(file, line_of(loc), key, f"生成的{key.split('.')[-1]}与上学期的文档逐字相同，可在“{key}”中用自己的话写",
                                     level=HINT, kind="copied", words=shown if len(shown) <= 40 else shown[:40] + "…"))
    return found


def _all_frames(facts: Facts) -> dict[str, str]:
    """Last term's frame as its documents show it, generated or the office's own."""
    from houqin_report.pipeline.school import plan_text, summary_text

    return {**_summary_frame(summary_text(facts)), **_plan_frame(plan_text(facts))}


__all__ = ["frames", "frame_hints"]
