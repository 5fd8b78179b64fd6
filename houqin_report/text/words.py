"""Content words: the words of a text that carry what it is about, for telling when two texts
speak of the same thing (a sentence copied from last term, lint/copies.py; a plan line that
answers a problem or names a project, report/plan.py).

Function words and the stock verbs and adverbs of office prose (data/stopwords.txt) are left
out, and so are punctuation and numbers: 开展 for 进行 or 认真 for 切实 leaves a sentence what it was.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from houqin_report.resources import resource_path

_NOT_A_WORD = re.compile(r"[\W_]+|[\d〇零一二两三四五六七八九十百千万亿.,%]+")


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    text = resource_path("data", "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def content_words(text: str, search: bool = False) -> list[str]:
    """The content words of text, in order, case folded: jieba's precise cut, or with search
    its search mode (加固改造 also yields 加固 and 改造, so it meets a text that says 改造)."""
    from houqin_report.text.tokenizer import cut, cut_for_search

    stop = stopwords()
    out = []
    for token in (cut_for_search if search else cut)(unicodedata.normalize("NFKC", text or "")):
        t = token.casefold()
        if t in stop or _NOT_A_WORD.fullmatch(t):
            continue
        out.append(t)
    return out


__all__ = ["stopwords", "content_words"]
