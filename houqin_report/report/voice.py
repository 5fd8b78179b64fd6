"""How a document names its writer and those it serves, by the type of school (data/voices.yaml):
a kindergarten writes 我园, 幼儿, 保育教育; a school 我校, 学生, 教育教学."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from houqin_report.resources import resource_path


@dataclass(frozen=True)
class Voice:
    self: str  # 我校 / 我园
    unit: str  # 学校 / 幼儿园
    pupils: str  # 学生 / 幼儿
    people: str  # 师生 / 师幼
    centre: str  # 教育教学 / 保育教育
    classes: str  # 教学班 / 班级
    campus: str  # 校园 / 园所


_KEYS = {"自称": "self", "单位": "unit", "学生": "pupils", "师生": "people", "中心": "centre", "班级": "classes", "园区": "campus"}


@lru_cache(maxsize=None)
def _voices() -> dict[str, Voice]:
    from houqin_report.errors import FactsError, Problem
    from houqin_report.facts.read import read_document

    path = resource_path("data", "voices.yaml")
    document = read_document(path)
    data = document.data if isinstance(document.data, dict) else {}
    voices, problems = {}, []
    for kind, words in data.items():
        if not isinstance(words, dict) or set(words) != set(_KEYS) or not all(isinstance(v, str) for v in words.values()):
            problems.append(Problem(str(path), document.line_of((kind,)), str(kind), f"应写全 {'、'.join(_KEYS)} 这几个词"))
            continue
        voices[str(kind)] = Voice(**{_KEYS[k]: v for k, v in words.items()})
    if "学校" not in voices:
        problems.append(Problem(str(path), 1, "", "缺少通用的“学校”一项"))
    if problems:
        raise FactsError(path, problems)
    return voices


def voice_of(school_type: str | None) -> Voice:
    voices = _voices()
    return voices.get(school_type or "", voices["学校"])


__all__ = ["Voice", "voice_of"]
