"""Roll-ups on disk (report/bureau/rollup.py says what one holds): written by `compile --rollup`,
read back as inputs of a compile one level up.

The file is JSON (UTF-8), one school per line, so that it diffs and greps well and a problem
in it can be given a line. A file that is not a roll-up of this version, or whose values are
not what their keys hold, is a CompileError naming the file, the line and the key path; its
合计 are checked against its rows (a hand-edited figure is caught, not compiled).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from houqin_report.errors import CompileError, Problem
from houqin_report.facts.read import format_path
from houqin_report.report.bureau import rollup, totals
from houqin_report.report.bureau.rows import BureauOwn, Collection, SchoolRow, Skipped
from houqin_report.writers.files import compiled_name

if TYPE_CHECKING:  # pragma: no cover
    from houqin_report.report.bureau.report import BureauReport

ROLLUP_SUFFIX = ".json"
_HEAD = 4096  # bytes read to tell a roll-up from another JSON file
_CHECKED = ("隐患发现", "已整改", "采购总额", "政府采购", "项目金额", "培训人次")


def is_rollup(path: Path) -> bool:
    """Whether a .json file says it is a roll-up (its first key is 格式: houqin-report 汇总)."""
    try:
        with open(path, "rb") as f:
            head = f.read(_HEAD).decode("utf-8", errors="ignore")
    except OSError:
        return False
    return re.match(r'\s*\{\s*"格式"\s*:\s*"' + re.escape(rollup.FORMAT) + '"', head) is not None


def _checked_totals(rows: list[SchoolRow]) -> dict[str, object]:
    names = [r.school for r in rows]
    hazards = totals.hazard_totals(rows, names)
    purchases = totals.purchase_totals(rows, names)
    projects = totals.project_totals(rows, names)
    people = totals.training_totals(rows, names, lambda r: (r.trainings, r.training_people, {}, None)).people
    return {"学校数": len(rows), "隐患发现": rollup.encode(hazards.found), "已整改": rollup.encode(hazards.fixed),
            "采购总额": rollup.encode(purchases.total), "政府采购": rollup.encode(purchases.government),
            "项目金额": rollup.encode(projects.total), "培训人次": rollup.encode(people)}


def dumps(report: "BureauReport", root: Path | None = None) -> bytes:
    """The roll-up of a compiled report, as the bytes of its file; its files named relative
    to root, the folder compiled (writers/files.compile_root), as the workbook names them: a
    roll-up sent up to the city carries no path of this machine."""
    head = {
        "格式": rollup.FORMAT,
        "版本": rollup.VERSION,
        "单位": report.bureau,
        "上级单位": report.own.superior if report.own else None,
        "时段": rollup.encode(report.period),
        "时段名称": report.period.title,
        "落款日期": rollup.encode(report.signed),
        "合计": _checked_totals(report.rows),
        "教育局": _named(report.own, root),
        "下级单位": [_named(b, root) for b in report.bureaus],
        "未纳入": [{"文件": compiled_name(s, root), "原因": s.reason, "路径": list(s.path)} for s in report.skipped],
    }
    text = json.dumps(head, ensure_ascii=False, indent=1)[:-2]  # without the closing "\n}"
    lines = [json.dumps(_named(r, root), ensure_ascii=False, separators=(",", ":")) for r in report.rows]
    return (text + ',\n "学校": [\n' + ",\n".join(lines) + "\n ]\n}\n").encode("utf-8")


def _named(item, root: Path | None):  # noqa: ANN001, ANN202 - a SchoolRow or BureauOwn (or None)
    data = rollup.encode(item)
    if data is not None:
        data[rollup.KEYS["file"]] = compiled_name(item, root)
    return data


def read_rollup(path: Path, collection: Collection) -> None:
    """Add a roll-up's rows, bureaus and files left out to collection, each row's path led by
    the roll-up's bureau."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CompileError(f"无法读取汇总文件 {path}：{exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CompileError(str(Problem(str(path), exc.lineno, "", f"不是有效的 JSON：{exc.msg}"))) from None
    try:
        _add(data, collection, str(path))
    except rollup.RollupError as exc:
        where = Problem(str(path), _line_of(text, exc.loc), format_path(exc.loc), exc.message)
        raise CompileError(f"{where}\n{path} 不是可以汇总的汇总文件（由 houqin compile --rollup 写出）。") from None


def _add(data: object, collection: Collection, source: str) -> None:
    if not isinstance(data, dict) or data.get("格式") != rollup.FORMAT:
        raise rollup.RollupError(("格式",), f"缺少“格式: {rollup.FORMAT}”")
    if data.get("版本") != rollup.VERSION:
        raise rollup.RollupError(("版本",), f"版本应为 {rollup.VERSION}，不能是 {data.get('版本')!r}（请用同一版本的 houqin 重新生成）")
    unit = data.get("单位")
    if not isinstance(unit, str) or not unit.strip():
        raise rollup.RollupError(("单位",), "缺少汇总单位的名称")
    rows = [rollup.decode(r, SchoolRow, ("学校", i)) for i, r in enumerate(_list(data, "学校"))]
    stated = data.get("合计")
    if not isinstance(stated, dict):
        raise rollup.RollupError(("合计",), "缺少合计")
    found = _checked_totals(rows)
    for key, value in found.items():
        if stated.get(key) != value:
            raise rollup.RollupError(("合计", key), f"合计写的是 {stated.get(key)}，各校数据加起来是 {value}（文件被改动过？）")
    own = data.get("教育局")
    lower = [rollup.decode(b, BureauOwn, ("下级单位", i)) for i, b in enumerate(_list(data, "下级单位"))]
    if own is not None:
        lower.insert(0, rollup.decode(own, BureauOwn, ("教育局",)))
    superior = data.get("上级单位")
    collection.superiors[unit] = superior if isinstance(superior, str) else None
    for r in rows:
        r.path = (unit,) + r.path
        collection.rows.append(r)
        collection.rollup_files.setdefault(id(r), source)
    for b in lower:
        b.path = (unit,) + b.path
        collection.bureaus.append(b)
    for i, s in enumerate(_list(data, "未纳入")):
        if not isinstance(s, dict) or not isinstance(s.get("文件"), str) or not isinstance(s.get("原因"), str):
            raise rollup.RollupError(("未纳入", i), "应有 文件、原因")
        path = s.get("路径") or []
        collection.skipped.append(Skipped(s["文件"], (), (unit,) + tuple(str(p) for p in path), s["原因"]))


def _list(data: dict, key: str) -> list:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise rollup.RollupError((key,), "应为列表")
    return value


def _line_of(text: str, loc: tuple) -> int | None:
    """The line where the element of loc's top-level list (学校[i] …) starts, else the line of
    its top-level key; None when neither is found."""
    if not loc:
        return None
    key = loc[0]
    start = re.search(r'\n\s*"' + re.escape(str(key)) + r'"\s*:', text)
    if start is None:
        return None
    if len(loc) > 1 and isinstance(loc[1], int):
        bracket = text.find("[", start.end())
        decoder = json.JSONDecoder()
        at, index = bracket + 1, 0
        while at > 0:
            while at < len(text) and text[at] in " \t\r\n,":
                at += 1
            if index == loc[1]:
                return text.count("\n", 0, at) + 1
            try:
                _, at = decoder.raw_decode(text, at)
            except json.JSONDecodeError:
                break
            index += 1
    return text.count("\n", 0, start.start() + 1) + 1


__all__ = ["ROLLUP_SUFFIX", "is_rollup", "dumps", "read_rollup"]
