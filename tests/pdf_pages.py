"""Reading a PDF back for tests (poppler's pdftotext): each page's size, words and lines with
their boxes, in points from the page's top left."""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[list[Word]] = field(default_factory=list)

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line]

    @property
    def text(self) -> str:
        """The page's text without whitespace (Chinese lines wrap anywhere)."""
        return "".join(w.text for w in self.words)


def pages(pdf: Path) -> list[Page]:
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml).replace('xmlns="http://www.w3.org/1999/xhtml"', "")
    out = []
    for number, page in enumerate(ElementTree.fromstring(xml).iter("page"), 1):
        found = Page(number, float(page.get("width")), float(page.get("height")))
        for line in page.iter("line"):
            found.lines.append([Word(w.text or "", *(float(w.get(k)) for k in ("xMin", "yMin", "xMax", "yMax")))
                                for w in line.iter("word")])
        out.append(found)
    return out


def page_number(page: Page) -> tuple[str, list[Word]] | None:
    """The page's "— N —": its number and the words it is made of (the dashes and digits
    standing together, apart from the text)."""
    words = page.words
    for i, word in enumerate(words):
        if word.text == "—" and i + 2 < len(words) and words[i + 1].text.isdigit() and words[i + 2].text == "—":
            return words[i + 1].text, words[i:i + 3]
    return None
