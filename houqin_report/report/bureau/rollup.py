"""A district's compiled result as data, so that a city (and a province) compiles it again: the
roll-up. `compile --rollup 区汇总.json` writes one; `compile` reads roll-ups as inputs beside
schools' facts files.

What it holds: every school's folded row (rows.SchoolRow: every figure, exact: amounts as
decimal strings, counts as integers, an approximate figure with its bounds and its words),
every text with the school that wrote it, the bureau's own facts and those of the bureaus below
it, and the files left out. A city compiling three districts' roll-ups therefore has the very
rows it would fold from all their schools' files, and prints the same figures to the yuan and
the 0.1%. The totals written beside the rows (合计) are for people and other tools; reading
checks them against the rows.

This module only turns rows into plain data and back (keys in Chinese, types from the
dataclasses' annotations); reading and writing the file is pipeline/rollup.py's.
"""
from __future__ import annotations

import dataclasses
import types
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from houqin_report.facts.approx import Approx
from houqin_report.facts.values import FuzzyDate
from houqin_report.report.bureau import rows as rows_module
from houqin_report.report.period import Period

FORMAT = "houqin-report 汇总"
VERSION = 1

KEYS = {
    # SchoolRow
    "file": "文件", "digest": "SHA-256", "school": "学校", "bureau": "上级单位", "school_type": "学校类型",
    "period": "时段", "signed": "落款日期", "students": "学生数", "staff": "教职工数", "classes": "班级数",
    "unreported": "未填", "projects": "项目数", "projects_by_status": "各状态项目数", "project_amount": "项目金额",
    "projects_unpriced": "未填金额项目数", "project_amount_by_status": "各状态项目金额", "rounds": "排查次数",
    "hazards_found": "隐患发现", "hazards_fixed": "已整改", "hazards_in_progress": "整改中", "hazard_rate": "整改率",
    "hazards_by_category": "各类隐患", "hazard_cost": "整改费用", "purchases": "采购项数", "purchase_total": "采购总额",
    "purchases_unpriced": "未填金额采购项数", "purchase_by_channel": "各渠道采购金额", "government": "政府采购",
    "government_share": "政府采购占比", "donations": "捐赠项数", "donation_total": "捐赠金额", "trainings": "培训次数",
    "training_people": "培训人次", "training_hours": "培训学时", "trainings_by_type": "各类培训次数",
    "safety_trainings": "演练和安全教育次数", "safety_people": "演练和安全教育人次", "other_people": "其他培训人次",
    "indicators": "指标", "honours": "荣誉", "practices": "工作", "problems": "存在问题", "next_steps": "下一步",
    "unfixed": "未整改隐患", "project_list": "项目", "path": "路径",
    # the nested items
    "name": "名称", "unit": "单位", "current": "本期", "previous": "上期", "area": "栏目", "text": "内容",
    "backed": "依据", "measure": "措施", "theme": "方面", "place": "位置", "category": "类别", "status": "状态",
    "description": "描述", "found": "发现日期", "amount": "金额", "month": "月份", "date": "日期", "quantity": "数量",
    "value": "数值", "note": "说明",
    # BureauOwn
    "superior": "上级单位", "opening": "开头", "closing": "结尾", "figures": "数据", "work": "工作",
}


class RollupError(ValueError):
    """A value of a roll-up that is not what its key holds; loc is the key path."""

    def __init__(self, loc: tuple, message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


@lru_cache(maxsize=None)
def _fields(cls: type) -> tuple[tuple[str, str, Any, bool], ...]:
    """(attribute, key, type, required) of a dataclass."""
    hints = get_type_hints(cls, vars(rows_module))
    out = []
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        out.append((f.name, KEYS.get(f.name, f.name), hints[f.name], required))
    return tuple(out)


def encode(value: Any) -> Any:
    """A row (or any part of one) as JSON data: Decimal → "12.50", Approx → its bounds and words."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, Approx):
        return {"约数": value.written, "下限": format(value.low, "f"), "上限": format(value.high, "f"), "种类": value.kind, "个数": value.parts}
    if isinstance(value, FuzzyDate):
        return value.iso()
    if isinstance(value, Period):
        return {"学年": value.school_year, "学期": value.semester, "年度": value.year}
    if isinstance(value, dict):
        return {str(k): encode(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if dataclasses.is_dataclass(value):
        return {key: encode(getattr(value, name)) for name, key, _, _ in _fields(type(value))}
    raise TypeError(f"cannot encode {type(value).__name__}")


def decode(data: Any, kind: Any, loc: tuple = ()) -> Any:
    """JSON data back into kind (a dataclass or an annotation of one); RollupError naming the key."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        arms = get_args(kind)
        if data is None:
            if type(None) in arms:
                return None
            raise RollupError(loc, "不能为空")
        if isinstance(data, bool):
            raise RollupError(loc, "应为数字或文字，不能是 true/false")
        if isinstance(data, int) and int in arms:
            return data
        if isinstance(data, str):
            if str in arms:
                return data
            if Decimal in arms:
                return _decimal(data, loc)
            if FuzzyDate in arms:
                return _date(data, loc)
        if isinstance(data, dict) and Approx in arms:
            return _approx(data, loc)
        for arm in arms:
            if dataclasses.is_dataclass(arm) or arm is Period:
                return decode(data, arm, loc)
        raise RollupError(loc, f"值“{str(data)[:30]}”不是这一项可有的写法")
    if kind is str:
        if not isinstance(data, str):
            raise RollupError(loc, "应为文字")
        return data
    if kind is int:
        if isinstance(data, bool) or not isinstance(data, int):
            raise RollupError(loc, "应为整数")
        return data
    if kind is Decimal:
        if not isinstance(data, str):
            raise RollupError(loc, "应为写成文字的数（如 \"12.5\"）")
        return _decimal(data, loc)
    if kind is FuzzyDate:
        return _date(data, loc)
    if kind is Period:
        if not isinstance(data, dict):
            raise RollupError(loc, "应为 {学年, 学期, 年度}")
        year, semester, calendar = data.get("学年"), data.get("学期"), data.get("年度")
        if not all(v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in (year, calendar)) or not (semester is None or isinstance(semester, str)):
            raise RollupError(loc, "时段写法不对")
        if (year is None) == (calendar is None):
            raise RollupError(loc, "时段应有学年或年度之一")
        return Period(year, semester, calendar)
    if origin is dict:
        if not isinstance(data, dict):
            raise RollupError(loc, "应为一组“键: 值”")
        _, value_kind = get_args(kind)
        return {k: decode(v, value_kind, loc + (k,)) for k, v in data.items()}
    if origin is tuple:
        if not isinstance(data, list):
            raise RollupError(loc, "应为列表")
        args = get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(decode(v, args[0], loc + (i,)) for i, v in enumerate(data))
        if len(data) != len(args):
            raise RollupError(loc, f"应有{len(args)}项")
        return tuple(decode(v, a, loc + (i,)) for i, (v, a) in enumerate(zip(data, args)))
    if dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise RollupError(loc, "应为一组“键: 值”")
        fields = _fields(kind)
        known = {key for _, key, _, _ in fields}
        extra = [k for k in data if k not in known]
        if extra:
            raise RollupError(loc + (extra[0],), f"未知的键“{extra[0]}”")
        values = {}
        for name, key, hint, required in fields:
            if key not in data:
                if required:
                    raise RollupError(loc + (key,), f"缺少“{key}”")
                continue
            values[name] = decode(data[key], hint, loc + (key,))
        return kind(**values)
    raise TypeError(f"cannot decode {kind}")


def _decimal(text: str, loc: tuple) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise RollupError(loc, f"“{text[:30]}”不是数") from None
    if not value.is_finite():
        raise RollupError(loc, f"“{text[:30]}”不是数")
    return value


def _date(text: object, loc: tuple) -> FuzzyDate:
    parts = text.split("-") if isinstance(text, str) else []
    try:
        numbers = [int(p) for p in parts]
    except ValueError:
        numbers = []
    if len(numbers) not in (2, 3):
        raise RollupError(loc, "日期应写成 2024-07-05 或 2024-07")
    return FuzzyDate(*numbers)


def _approx(data: dict, loc: tuple) -> Approx:
    if set(data) != {"约数", "下限", "上限", "种类", "个数"} or not isinstance(data["个数"], int):
        raise RollupError(loc, "约数应有 约数、下限、上限、种类、个数")
    written = data["约数"]
    if written is not None and not isinstance(written, str):
        raise RollupError(loc + ("约数",), "应为文字")
    return Approx(_decimal(str(data["下限"]), loc + ("下限",)), _decimal(str(data["上限"]), loc + ("上限",)),
                  str(data["种类"]), written, data["个数"])


__all__ = ["FORMAT", "VERSION", "KEYS", "RollupError", "encode", "decode"]
