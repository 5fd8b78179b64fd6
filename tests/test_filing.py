"""Filing free text under its 栏目 (text/sections.py classify), measured on a labelled set.

tests/data/filing-labelled.yaml holds 618 item texts as offices write them (sentences from the
five seed documents, and items written after real summaries of each kind of unit), each with
the section a careful 后勤主任 would put it under, or a list of sections equally right. The
accuracy is measured on all of them (none dropped for being hard) and must not fall below the
floor reached when the keywords and the lead rule were last tuned (issue 14: 73.5% before,
91.7% after).
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from houqin_report.text import sections

LABELLED = Path(__file__).resolve().parent / "data" / "filing-labelled.yaml"
FLOOR = 0.917  # 567 of 618 when last tuned


@pytest.fixture(scope="module")
def items() -> list[dict]:
    raw = yaml.safe_load(LABELLED.read_text(encoding="utf-8"))
    out = []
    for it in raw:
        labels = it["栏目"]
        out.append({"text": it["内容"], "labels": [labels] if isinstance(labels, str) else list(labels),
                    "source": it["来源"]})
    return out


def test_the_labelled_set_is_sound(items):
    keys = sections.standard_keys()
    assert len(items) >= 600
    assert all(it["text"].strip() and it["labels"] and set(it["labels"]) <= keys for it in items)
    assert len({it["text"] for it in items}) == len(items), "an item is listed twice"
    # every section is represented, and the set is not one source's
    assert {label for it in items for label in it["labels"]} == set(keys)
    assert len(Counter(it["source"] for it in items)) >= 10


def _report(items: list[dict], got: list[str]) -> str:
    lines = []
    for key in [s.key for s in sections.load_sections()]:
        group = [ok for it, ok in zip(items, (g in it["labels"] for g, it in zip(got, items))) if key in it["labels"]]
        lines.append(f"{key}: {sum(group)}/{len(group)}")
    wrong = [f"{'/'.join(it['labels'])} → {g}: {it['text']}" for it, g in zip(items, got) if g not in it["labels"]]
    return "\n".join(lines + wrong)


def test_filing_accuracy_holds_its_floor(items):
    got = [sections.classify(it["text"]) for it in items]
    right = sum(g in it["labels"] for g, it in zip(got, items))
    assert right / len(items) >= FLOOR, f"{right}/{len(items)} = {right / len(items):.1%}\n" + _report(items, got)


@pytest.mark.parametrize("text, labels", [
    # the misfilings a 后勤主任 pointed out (issue 14)
    ("全校推行课桌套，课桌椅使用情况纳入班级常规考核，公物损坏明显减少。", {"资产与采购"}),
    ("加强校门出入管理，外来人员一律登记。", {"安全管理"}),
    ("住校生增多后宿舍和食堂用电负荷上升，电力线路需要扩容。", {"安全管理", "项目建设"}),
    ("开展宿舍和食堂线路扩容改造前期工作。", {"安全管理", "项目建设"}),
    ("春季开学后勤安全工作会议", {"安全管理"}),
    ("开学初召开全体教职工安全培训会，学习《中小学幼儿园安全管理办法》，签订一岗双责责任书。", {"安全管理"}),
])
def test_items_a_director_named(text, labels):
    assert sections.classify(text) in labels


def test_a_close_race_goes_to_the_section_with_the_strongest_word():
    # 后勤服务 scores more (维修 2 + 水电 2) but not 1.5 times 安全管理's 隐患 3: a weight-3
    # word names its section, two auxiliary ones do not outvote it
    text = "维修水电设施，消除隐患"
    assert sections.section_scores(text) == {"安全管理": 3.0, "后勤服务": 4.0}
    assert sections.classify(text) == "安全管理"
    # tied on both the strongest word and the score: no section leads
    assert sections.section_scores("定时消毒，及时维修") == {"食堂与卫生": 2.0, "后勤服务": 2.0}
    assert sections.classify("定时消毒，及时维修") == sections.GENERAL
