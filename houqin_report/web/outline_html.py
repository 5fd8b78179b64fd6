"""The outline text (`--format md`) as HTML for the preview.

The outline is the Markdown subset of docs/outline.md. It is parsed with raw HTML off and
links and images disabled, so whatever a user typed can only ever be text in the page (the
templates escape it for Markdown as well). Headings arrive numbered (outline/numbering.py, the
step every writer reads from), so the preview shows the numbers the .docx has.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

_CONTAINER = re.compile(r"(落款|附件说明|附件|居中)\s*(\d*)")
_CLASSES = {"落款": "signature", "附件说明": "attach-note", "附件": "attachment", "居中": "centre"}


def _open_container(self, tokens, idx, options, env) -> str:  # noqa: ANN001 - markdown-it's renderer signature
    token = tokens[idx]
    if token.nesting != 1:
        return "</div>\n"
    m = _CONTAINER.match(token.info.strip())
    kind = m.group(1) if m else ""
    label = f'<p class="attach-label">附件{html.escape(m.group(2))}</p>' if kind == "附件" and m.group(2) else ""
    return f'<div class="{_CLASSES.get(kind, "block")}">{label}\n'


@lru_cache(maxsize=1)
def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    md.disable(["image", "link", "autolink", "html_inline", "html_block"])
    # One container rule for the four kinds: markdown-it-container matches the first word.
    container_plugin(md, "outline", validate=lambda params, *_: _CONTAINER.fullmatch(params.strip()) is not None,
                     render=_open_container)
    return md


def outline_html(outline: str) -> str:
    """HTML of an outline; every text in it is escaped (so the tags matched here can only be
    markdown-it's own). Each table in a box of its own, which scrolls on a narrow screen."""
    html_text = _markdown().render(outline)
    return html_text.replace("<table>", '<div class="table-wrap"><table>').replace("</table>", "</table></div>")
