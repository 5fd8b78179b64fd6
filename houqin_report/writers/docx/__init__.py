"""The .docx writer: outline text (docs/outline.md) → a .docx on a reference file that carries
the styles: parse (outline/parse.py) → blocks.Renderer on reference.open_reference → package.

Style names used (all present in both shipped profiles; any missing from a user's reference
is copied over from the 公文 profile):

    Title                   # 文档标题
    Heading 1 … Heading 4   ## 一、  ### （一）  #### 1.  ##### （1）  (numbers in the outline)
    Normal                  body paragraphs (first-line indent 2 characters)
    居中                     ::: 居中 — centred, no indent
    落款                     ::: 落款 — signature and date (placed by left indents)
    附件说明                 ::: 附件说明 — 附件：1.×× with the names aligned
    附件标签                 ::: 附件 N — 附件N at the top left of a new page (黑体)
    附件标题                 the ``# 标题`` inside ::: 附件 N, centred
    表格文字                 text in table cells (no indent)
    表格                     table style (single borders)
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from houqin_report.outline.parse import clean, parse
from houqin_report.writers.atomic import write_bytes_atomic
from houqin_report.writers.docx.blocks import Renderer
from houqin_report.writers.docx.package import AUTHOR, FIXED_TIME, docx_bytes
from houqin_report.writers.docx.reference import PROFILES, STYLE_NAMES, open_reference

__all__ = ["PROFILES", "STYLE_NAMES", "docx_bytes", "render_outline", "render_outline_bytes"]


def render_outline(
    text: str,
    out_path: Path | str,
    *,
    profile: str = "公文",
    reference: Path | str | None = None,
    timestamp: dt.datetime | None = None,
    names: Sequence[str] = (),
) -> None:
    """Render outline ``text`` to ``out_path`` (.docx), atomically.

    ``profile`` names a shipped style profile (``公文`` GB/T 9704, ``校内`` plain);
    ``reference`` is a user's own .docx whose styles, page setup and footers are used instead.
    ``timestamp`` goes into the document properties (default 2000-01-01), so the same input
    gives the same bytes. ``names`` (the school's, the bureau's) are never broken inside when a
    title wraps: the outline has them only as text, and jieba cuts them into words. Raises TemplateError for an unknown profile or unreadable reference
    and OSError (IsADirectoryError, …) when the file cannot be written; an existing file is
    then left untouched.
    """
    out_path = Path(out_path)
    if out_path.is_dir():
        raise IsADirectoryError(21, "输出路径是一个文件夹，请给出文件名（如 out/总结.docx）", str(out_path))
    data = render_outline_bytes(text, profile=profile, reference=reference, timestamp=timestamp, names=names)
    write_bytes_atomic(out_path, data)


def render_outline_bytes(
    text: str,
    *,
    profile: str = "公文",
    reference: Path | str | None = None,
    timestamp: dt.datetime | None = None,
    names: Sequence[str] = (),
) -> bytes:
    """The .docx bytes of ``text``; see render_outline."""
    document = open_reference(profile, reference)
    renderer = Renderer(document, names)
    try:  # the rows' temporary file closed however the render ends
        renderer.render(parse(text), clean(text))
        props = document.core_properties
        props.title = renderer.title or ""
        props.author = AUTHOR
        props.last_modified_by = AUTHOR
        for name in ("subject", "keywords", "comments", "category", "content_status", "identifier", "version"):
            setattr(props, name, "")
        props.language = "zh-CN"
        props.revision = 1
        when = timestamp or FIXED_TIME
        props.created = when
        props.modified = when
        return docx_bytes(document, renderer.table_rows)
    finally:
        renderer.table_rows.close()
