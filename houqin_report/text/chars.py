"""Character classes the whole pipeline agrees on: what a .docx cannot hold, what counts as a
line break, how wide a character is on the page, and the one-for-one normalisation the lint
reads text through. One rule each, used by the reader, the templates and the writers."""
from __future__ import annotations

import re
import unicodedata

UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 (so a .docx) cannot hold, and DEL; tab and line breaks are ordinary text."""

INVISIBLE = re.compile(
    "[\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufeff\uffa0"
    "\U000e0000-\U000e007f]"
)
"""Characters no one sees: zero-width spaces and joiners, the soft hyphen, the bidi marks and
overrides that turn text around (U+202E), fillers that print as nothing, tag characters. A
value of these alone is empty; the reader removes them with a 提示 (facts/read.py)."""

LINE_BREAK = re.compile("\\s*[\n\r\x0b\x0c\x85\u2028\u2029]+\\s*")
"""Every character Markdown or Python takes for a line break, with the spaces around it:
\\r (markdown-it reads it as \\n, which would split a table row), \\v, \\f, NEL, and the
Unicode line and paragraph separators."""

ONE_TO_ONE = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
"""str.translate table: full-width ASCII → ASCII, the ideographic space → space, × (often typed
for x in sample texts) → x. One character for one, so offsets stay valid in the original."""
ONE_TO_ONE.update({0x3000: 0x20, 0x00D7: ord("x")})

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def name_key(name: str) -> str:
    """A name as a person reads it, for telling whether two are the same: width variants
    (full-width letters and digits, the ideographic space) folded, all spaces and invisible
    characters dropped, case ignored. 伍家岗区　中南路小学 and 伍家岗区中南路小学 are one school."""
    return re.sub(r"\s+", "", INVISIBLE.sub("", unicodedata.normalize("NFKC", name))).casefold()


_BREAKS = re.compile("[\n\r\x0b\x0c\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """text with every line break, and the spaces around it, made one space: what
    LINE_BREAK.sub(" ", text) gives, in time linear in the text (the pattern tries every
    start in a long run of spaces, so a million spaces took hours)."""
    if not _BREAKS.search(text):
        return text
    parts = _BREAKS.split(text)
    first, *middle, last = parts
    kept = [p.strip() for p in middle]
    return " ".join([first.rstrip(), *(p for p in kept if p), last.lstrip()])


def writable(text: str) -> str:
    """text without the characters a .docx cannot hold."""
    return UNWRITABLE.sub("", text)


def is_wide(ch: str) -> bool:
    """A character that takes a full Chinese character's width on the page."""
    return unicodedata.east_asian_width(ch) in "WFA"


# The characters met most (CJK ideographs, CJK and full-width punctuation) are wide by every
# rule below; counting them with a regular expression, and asking unicodedata only about the
# few others, gives the same widths at a small part of the cost (a bureau's attachments hold
# every item of ten thousand schools).
_SURELY_WIDE = re.compile("[\u3000-\u303e\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60\uffe0-\uffe6]+")
_PAIR = re.compile("(?=[A-Za-z0-9][^\x00-\x7f]|[^\x00-\x7f][A-Za-z0-9])")


def _wide_count(text: str, kinds: str) -> int:
    """How many characters of text have an east-asian width in kinds (WFA or WF)."""
    rest = _SURELY_WIDE.sub("", text)
    wide = len(text) - len(rest)
    if not rest.isascii():
        wide += sum(1 for ch in rest if not ch.isascii() and unicodedata.east_asian_width(ch) in kinds)
    return wide


def width(text: str) -> float:
    """Width in Chinese characters: wide characters 1, Latin letters and digits ½."""
    wide = _wide_count(text, "WFA")
    return wide + 0.5 * (len(text) - wide)


def spaced_width(text: str) -> float:
    """Width with the quarter character Word and WPS put between Chinese and Latin or digits
    (autospace, on by default: 2024年3月15日 has five such gaps)."""
    gaps = 0
    for m in _PAIR.finditer(text):
        a, b = text[m.start()], text[m.start() + 1]
        gaps += 1 if is_wide(b if a.isascii() else a) else 0
    return width(text) + 0.25 * gaps


def cell_width(text: str) -> int:
    """Width in spreadsheet columns: wide characters 2, the rest 1."""
    return len(text) + _wide_count(text, "WF")
