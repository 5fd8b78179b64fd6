"""The reference .docx a document starts from (the pandoc pattern): a shipped style profile
(templates/公文.docx, 校内.docx, built by templates/build_reference.py) or a user's own file
with its letterhead, styles, page set-up and footers."""
from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

from houqin_report.errors import TemplateError
from houqin_report.resources import resource_path

PROFILES = ("公文", "校内")
TITLE = "Title"
HEADINGS = ("Heading 1", "Heading 2", "Heading 3", "Heading 4")
BODY = "Normal"
CENTRE = "居中"
SIGNATURE = "落款"
ATTACH_NOTE = "附件说明"
ATTACH_LABEL = "附件标签"
ATTACH_TITLE = "附件标题"
TABLE_TEXT = "表格文字"
TABLE = "表格"
STYLE_NAMES = (TITLE, *HEADINGS, BODY, CENTRE, SIGNATURE, ATTACH_NOTE, ATTACH_LABEL, ATTACH_TITLE, TABLE_TEXT, TABLE)


def open_reference(profile: str, reference: Path | str | None):
    if reference is not None:
        path = Path(reference)
    elif profile in PROFILES:
        path = resource_path("templates", f"{profile}.docx")
    else:
        raise TemplateError(f"没有名为“{profile}”的样式方案（可选：{'、'.join(PROFILES)}）")
    if reference is not None:
        _refuse_zip_bomb(path)
    try:
        document = docx.Document(str(path))
    except Exception as e:  # python-docx raises several kinds for a bad file
        raise TemplateError(f"参考文件 {path} 无法打开（{type(e).__name__}: {e}），请给出 Word 保存的 .docx 文件") from e
    _clear_empty_body(document)
    if reference is not None:
        _ensure_styles(document)
        _drop_styles_with_effects(document)
    zoom = document.settings.element.find(qn("w:zoom"))
    if zoom is not None and zoom.get(qn("w:percent")) is None:
        zoom.set(qn("w:percent"), "100")  # required by the 2006 schema (Word 2007)
    return document


def _drop_styles_with_effects(document) -> None:
    """Word 2010 keeps a second copy of the styles (stylesWithEffects) and reads it instead of
    styles.xml when both are there; after the styles copied in above it would be stale, so it
    goes (Word writes it again when it saves)."""
    part = document.part
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            part.rels.pop(rel_id)


MAX_REFERENCE = 100 * 1024 * 1024
"""Bytes a reference .docx may hold unpacked. A letterhead with its pictures is a few MB; a
file that unpacks to more is not a Word document (perhaps a zip bomb) and would fill memory."""


def _refuse_zip_bomb(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return  # not a readable zip: python-docx says so in its own words below
    if unpacked > MAX_REFERENCE:
        raise TemplateError(f"参考文件 {path} 解压后有 {unpacked // 1024 // 1024} MB，超过 {MAX_REFERENCE // 1024 // 1024} MB，"
                            "不像是 Word 保存的 .docx 文件，拒绝读取")


def _clear_empty_body(document) -> None:
    """Drop the reference body's content unless it has text or drawings (a letterhead)."""
    body = document.element.body
    content = [el for el in body if el.tag != qn("w:sectPr")]
    meaningful = any(
        "".join(el.itertext()).strip() or el.findall(".//" + qn("w:drawing")) or el.findall(".//" + qn("w:pict"))
        for el in content
    )
    if not meaningful:
        for el in content:
            body.remove(el)


def _ensure_styles(document) -> None:
    """Copy any style this renderer uses that a user's reference lacks from the 公文 profile."""
    missing = [name for name in STYLE_NAMES if find_style(document, name) is None]
    if not missing:
        return
    fallback = docx.Document(str(resource_path("templates", "公文.docx")))
    styles_el = document.styles.element
    ids = {s.get(qn("w:styleId")) for s in styles_el.findall(qn("w:style"))}
    for name in missing:
        source = find_style(fallback, name)
        if source is None:
            continue
        el = copy.deepcopy(source.element)
        style_id = el.get(qn("w:styleId"))
        while style_id in ids:
            style_id += "Hq"
        el.set(qn("w:styleId"), style_id)
        ids.add(style_id)
        for tag in ("w:link",):
            for child in el.findall(qn(tag)):
                el.remove(child)
        based = el.find(qn("w:basedOn"))
        if based is not None:
            target = find_style(fallback, _style_name_by_id(fallback, based.get(qn("w:val"))))
            mine = find_style(document, target.name) if target is not None else None
            if mine is None:
                el.remove(based)
            else:
                based.set(qn("w:val"), mine.style_id)
        styles_el.append(el)


def _style_name_by_id(document, style_id: str) -> str:
    for style in document.styles:
        if style.style_id == style_id:
            return style.name
    return ""


def find_style(document, name: str):
    try:
        return document.styles[name]
    except KeyError:
        return None
