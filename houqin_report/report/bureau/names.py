"""How the bureau's report names things: the bureau and its region (全区, 我区), the schools as
printed in prose (伍家岗区中南路小学 → 中南路小学), and a school's own first-person sentence
read in the third person beside its name (我校… → the school's name, 该校 further on)."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Sequence

from houqin_report.errors import CompileError
from houqin_report.text.chars import name_key
from houqin_report.text.punctuation import strip_numbering

_REGION_UNITS = "省市区县州旗盟"
_BUREAU_SUFFIX = re.compile(r"(教育局|教育和体育局|教育体育局|教育和科技局|教育科技局|教体局|教科局|教育委员会|教委|教育厅|文教局)$")
# A school's own word for itself at the start of its sentence (it follows the school's name),
# and inside it (read as 该校 / 该园).
_LEADING = re.compile(r"^(?:我校|本校|我园|本园|我们学校|我们)[，,、]?")
_INSIDE = (("我们学校", "该校"), ("我校", "该校"), ("本校", "该校"), ("我园", "该园"), ("本园", "该园"))


def region_of(bureau: str) -> str | None:
    """伍家岗区教育局 → 区 (全区, 我区); None when the name does not say."""
    stem = _BUREAU_SUFFIX.sub("", bureau)
    if stem != bureau and stem and stem[-1] in _REGION_UNITS:
        return stem[-1]
    return None


def bureau_stem(bureau: str) -> str:
    """伍家岗区教育局 → 伍家岗区: the place a bureau serves (the name when it says none)."""
    return _BUREAU_SUFFIX.sub("", bureau) or bureau


def bureau_short(bureau: str) -> str:
    """伍家岗区教育局 → 区教育局, as a bureau's own report names itself when it must (seed 004:
    市教育局); the whole name when it has no region."""
    match = _BUREAU_SUFFIX.search(bureau)
    region = region_of(bureau)
    return f"{region}{match.group(1)}" if match and region else bureau


def common_bureau(bureaus: Sequence[str | None]) -> str:
    """The one 上级单位 every school names; CompileError listing them otherwise."""
    counts = Counter(bureaus)
    if None not in counts and len({name_key(b) for b in counts}) == 1:
        return counts.most_common(1)[0][0]  # one bureau, however spaced: as most schools write it
    parts = [f"{b}（{n}所）" for b, n in sorted(((b, n) for b, n in counts.items() if b), key=lambda kv: (-kv[1], kv[0]))]
    if counts.get(None):
        parts.append(f"未填写（{counts[None]}所）")
    raise CompileError(
        "各校的上级单位不一致或未填写，无法确定汇总单位：" + "、".join(parts)
        + "\n请用 --bureau 指定汇总单位的名称，如 --bureau 伍家岗区教育局，或给出教育局自己的事实文件（--bureau-facts）"
    )


def short_names(schools: Sequence[str], region: str | None) -> dict[str, str]:
    """Names for prose: the district's own prefix dropped (伍家岗区中南路小学 → 中南路小学),
    when every school carries it; names that would then collide stay whole."""
    if not region:
        return {s: s for s in schools}
    prefixes = Counter(s[: s.find(region) + 1] for s in schools if 1 < s.find(region) + 1 < len(s) - 1)
    if not prefixes:
        return {s: s for s in schools}
    prefix, n = prefixes.most_common(1)[0]
    if n < len(schools):
        return {s: s for s in schools}
    short = {s: s[len(prefix):] for s in schools}
    counts = Counter(short.values())
    return {s: (short[s] if counts[short[s]] == 1 and len(short[s]) >= 2 else s) for s in schools}


@lru_cache(maxsize=16384)  # schools write the same sentences (sample texts, each other's)
def third_person(text: str) -> str:
    """A school's own sentence to follow its name: a leading 我校/本校/我们 dropped, and 我校
    further on read as 该校 (我园 as 该园)."""
    text = strip_numbering(text.strip())
    rest = _LEADING.sub("", text, count=1) or text
    for mine, its in _INSIDE:
        rest = rest.replace(mine, its)
    return rest


@lru_cache(maxsize=16384)
def same_words(text: str) -> str:
    """The key two sentences share when they are the same words (spaces, a closing mark and a
    leading 我校 aside): only such sentences are printed once for several schools."""
    return re.sub(r"\s+", "", third_person(text)).rstrip("。．.；;，,！!")


__all__ = ["region_of", "bureau_stem", "bureau_short", "common_bureau", "short_names", "third_person", "same_words"]
