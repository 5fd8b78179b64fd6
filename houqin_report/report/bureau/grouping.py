"""Similar texts across schools (存在问题, 下一步, notable 工作), grouped with jieba words
(design/jieba.md): each text becomes its set of content words (search mode, stop words,
numbers and single characters dropped), identical sets are merged, and the sets are clustered
greedily, most widely shared first, each joining the most similar group leader with a Jaccard
similarity of at least SIMILARITY. Candidate leaders are found through an index on each set's
rarest words (prefix filtering), which finds every leader above the threshold without
comparing each text with every group."""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from houqin_report.resources import resource_path
from houqin_report.text.tokenizer import cut_for_search

SIMILARITY = 0.3  # Jaccard of content words: 校门口交通隐患… ~ 校门口交通和摊贩问题… is 0.5
MAX_NAMES = 3  # schools named for one group before 等N所学校
# Words that say nothing about which problem or measure a sentence is about, beyond the shared
# list of function words and stock verbs in data/stopwords.txt (also used by lint).
THEME_STOP_WORDS = frozenset("""
需要 需 继续 尚未 仍 仍然 问题 存在 部分 相关 工作 学校 本校 各校 提高 完善 确保 落实 推进 出现 同时
长期 共同 早日 实施 有待 尚待 一些 个别 不够 较大 严重 方面 情况 逐步 根本 解决 争取 没有 有的 还是
因为 所以 但是 对于 其中 目前 今后 下一步 本学期 下学期 学期 学年 年度 一定 较为 比较
""".split())
_NOT_WORD = re.compile(r"[\W\d_]+")
_FIRST_PERSON = re.compile(r"^(我校|本校|我们|学校)[，,、]?")


@dataclass(frozen=True)
class Group:
    """Similar texts of several schools: one representative text and the schools."""

    text: str
    schools: tuple[str, ...]  # names as printed (short), in school order
    texts: int  # how many texts were grouped here

    @property
    def count(self) -> int:
        return len(self.schools)

    @property
    def named(self) -> tuple[str, ...]:
        """The schools to name in a sentence (the first few)."""
        return self.schools[:MAX_NAMES]

    @property
    def more(self) -> bool:
        """More schools than are named (… 等N所学校)."""
        return len(self.schools) > MAX_NAMES


@lru_cache(maxsize=4096)
def content_words(text: str) -> frozenset[str]:
    """The words of text that say what it is about (search mode, stop words dropped)."""
    words = cut_for_search(text)
    stop = stop_words()
    return frozenset(w for w in words if len(w) > 1 and w not in stop and not _NOT_WORD.fullmatch(w))


@lru_cache(maxsize=None)
def stop_words() -> frozenset[str]:
    text = resource_path("data", "stopwords.txt").read_text(encoding="utf-8")
    shared = {line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")}
    return frozenset(shared) | THEME_STOP_WORDS


@dataclass
class _Variant:
    words: frozenset[str]
    first: int
    schools: set[int] = field(default_factory=set)
    texts: dict[str, set[int]] = field(default_factory=dict)  # text → schools, first seen first
    count: int = 0


@dataclass
class _Cluster:
    leader: _Variant
    members: list[_Variant]


def _prefix(words: Sequence[str], threshold: float) -> Sequence[str]:
    """The rarest words that any set with Jaccard ≥ threshold must share one of."""
    n = len(words)
    return words[: n - math.ceil(threshold * n) + 1]


def group_texts(items: Iterable[tuple[str, int]], names: Sequence[str], threshold: float = SIMILARITY) -> list[Group]:
    """Group (text, school index) items by similar content words; largest groups first.

    names[i] is how school i is printed. Deterministic: ties go to the text seen first.
    """
    variants: dict[object, _Variant] = {}
    for position, (text, school) in enumerate(items):
        words = content_words(text)
        key: object = words if words else ("text", re.sub(r"\s+", "", text))
        v = variants.get(key)
        if v is None:
            v = variants[key] = _Variant(words, position)
        v.schools.add(school)
        v.texts.setdefault(text, set()).add(school)
        v.count += 1
    if not variants:
        return []
    frequency = Counter(w for v in variants.values() for w in v.words)
    order = sorted(variants.values(), key=lambda v: (-len(v.schools), v.first))
    clusters: list[_Cluster] = []
    index: dict[str, list[int]] = {}
    for v in order:
        ranked = sorted(v.words, key=lambda w: (frequency[w], w))
        best, best_score = None, 0.0
        if ranked:
            candidates = sorted({c for w in _prefix(ranked, threshold) for c in index.get(w, ())})
            for c in candidates:
                leader = clusters[c].leader.words
                common = len(leader & v.words)
                score = common / (len(leader) + len(v.words) - common)
                if score >= threshold and score > best_score:
                    best, best_score = c, score
        if best is None:
            clusters.append(_Cluster(v, [v]))
            for w in _prefix(ranked, threshold):
                index.setdefault(w, []).append(len(clusters) - 1)
        else:
            clusters[best].members.append(v)
    groups = []
    for c in clusters:
        schools = set().union(*(m.schools for m in c.members))
        texts: dict[str, set[int]] = {}
        for m in c.members:
            for text, s in m.texts.items():
                texts.setdefault(text, set()).update(s)
        # The text written by the most schools; ties: the leader's first text.
        text = max(texts, key=lambda t: len(texts[t]))
        groups.append((c.leader.first, Group(text, tuple(names[i] for i in sorted(schools)), sum(m.count for m in c.members))))
    groups.sort(key=lambda g: (-g[1].count, g[0]))
    return [g for _, g in groups]


def third_person(text: str) -> str:
    """A school's own sentence without its leading 我校/本校, to follow the school's name."""
    return _FIRST_PERSON.sub("", text.strip(), count=1) or text.strip()
