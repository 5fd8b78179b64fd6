"""The value types of the facts file: text, money, counts, dates, months, measured numbers, and
the markers the rest of the pipeline reads off the model (LintRole, BareText).

Values are parsed by facts/values.py: money is an exact Decimal (or an Approx kept as written,
facts/approx.py), a date keeps "month only" apart from days, and a date written without its year
(5月) takes it from the file's 学年 or 年度, which load.validate passes in the validation context.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Union

from pydantic import BeforeValidator, PlainSerializer, PlainValidator, WithJsonSchema

from houqin_report.facts import values, yaml_numbers
from houqin_report.facts.approx import Approx
from houqin_report.facts.values import FuzzyDate

MAX_TEXT = 5000
"""Characters per text field. A 说明 is a few sentences; a whole summary is 3,000–8,000 characters.
Longer text is surely pasted by mistake, and would only make the lint and the renderer slow."""

# Characters that take no room on the page: a text of nothing else is empty.
_INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u00ad\u034f\u180e]")


def _prompt(value: Any) -> None:
    """Say "not filled in" for the starter file's prompts instead of "not a number"."""
    if isinstance(value, str) and "请填写" in value:
        raise ValueError(f"还没有填写（仍是模板里的提示“{values.shown(value, 40)}”）")


def _text(value: Any) -> str:
    if value is None:
        raise ValueError("不能为空")
    if isinstance(value, bool):
        raise ValueError("应为文字，不能是 true/false（如需这两个词请加引号）")
    if isinstance(value, (int, Decimal)):
        value = str(value)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    if not isinstance(value, str):
        raise ValueError("应为一段文字，不能是列表或映射")
    value = value.strip()
    if not _INVISIBLE.sub("", value).strip():  # nothing but zero-width or bidi characters
        raise ValueError("不能为空")
    if len(value) > MAX_TEXT:
        raise ValueError(f"文字过长（{len(value)} 字）：每一项最多 {MAX_TEXT} 字，请精简或分成几项")
    _prompt(value)
    return value


def _plain(parser):  # noqa: ANN001, ANN202
    """A PlainValidator around a values parser (its result is the value: no second pass). A
    number YAML 1.1 writes oddly is read as meant (010 → 10) or refused (0x1A, 1:30):
    facts/yaml_numbers.py."""
    def parse(value: Any) -> Any:
        _prompt(value)
        return parser(yaml_numbers.meant(value))
    return PlainValidator(parse)


def _date(value: Any, info: Any) -> FuzzyDate:
    _prompt(value)
    return values.parse_date(value, (info.context or {}).get("period") if info is not None else None)


def _figure_text(value: Any) -> str:
    return value.written or str(value) if isinstance(value, Approx) else str(value)


def _json(schema: dict) -> WithJsonSchema:
    return WithJsonSchema(schema)


@dataclass(frozen=True)
class BareText:
    """Annotated metadata: a bare string in a list stands for {key: string} (工作: - 某项工作).
    It converts before validation, says so in the JSON Schema, and the lint reads the string
    with the role of key (lint/fields.py)."""

    key: str

    def __call__(self, value: Any) -> Any:
        return {self.key: value} if isinstance(value, str) else value

    def __get_pydantic_core_schema__(self, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self, handler(source))

    def __get_pydantic_json_schema__(self, schema: Any, handler: Any) -> dict:
        return {"anyOf": [{"type": "string"}, handler(schema)]}


@dataclass(frozen=True)
class LintRole:
    """How the lint reads a text field (lint/fields.py walks the model for these). A text
    without a role is a label: a name, a place, a person, checked for placeholders only.
    Prose is checked for everything; its scope says which facts its figures may be compared
    with: PROSE about one hazard (no totals tied to it), SUMMARY the term as a whole (hazard
    totals, drills), ITEM a project's or purchase's own 说明 (its 金额), FUTURE next term
    (figures there are goals, never contradictions)."""

    role: str


LABEL, PROSE, SUMMARY, ITEM, FUTURE = "label", "prose", "summary", "item", "future"

Text = Annotated[str, BeforeValidator(_text), _json({"type": "string", "minLength": 1})]
Money = Annotated[
    Union[Decimal, Approx],
    _plain(values.parse_money),
    PlainSerializer(_figure_text, return_type=str),
    _json({"type": ["number", "string"], "description": "金额：56000、5.6万元、5万6千元、¥56,000、五万元；约数照写：近70万元、5千余元、10万元左右、3万～5万元"}),
]
Count = Annotated[
    Union[int, Approx],
    _plain(values.parse_count),
    PlainSerializer(lambda v: v if isinstance(v, int) else _figure_text(v)),
    _json({"type": ["integer", "string"], "minimum": 0, "description": "整数：400、四百、400人；约数照写：约400、200多、三百余"}),
]
Date = Annotated[
    FuzzyDate,
    PlainValidator(_date),
    PlainSerializer(lambda v: v.iso(), return_type=str),
    _json({"type": "string", "description": "日期：2024-04-15、2024-4-5、2024年4月15日、2024/4/15，只写月份 2024-04、2024年4月，或按学年推知年份的 5月、5月12日"}),
]
Number = Annotated[
    Decimal,
    _plain(values.parse_decimal),
    PlainSerializer(lambda v: str(v), return_type=str),
    _json({"type": ["number", "string"]}),
]
Measure = Annotated[
    Decimal,
    _plain(lambda v: values.parse_decimal(v, nonnegative=True)),
    PlainSerializer(lambda v: str(v), return_type=str),
    _json({"type": ["number", "string"], "minimum": 0}),
]
Month = Annotated[int, _plain(values.parse_month), _json({"type": ["integer", "string"], "description": "月份：9、9月、九月"})]
Prose = Annotated[Text, LintRole(PROSE)]
TermText = Annotated[Text, LintRole(SUMMARY)]
ItemNote = Annotated[Text, LintRole(ITEM)]
Future = Annotated[Text, LintRole(FUTURE)]


def choice(synonyms: dict[str, str]) -> BeforeValidator:
    """Accept a value or one of its synonyms (秋季 → 第一学期), spaces ignored."""
    def convert(value: Any) -> Any:
        if isinstance(value, str):
            key = re.sub(r"\s+", "", value)
            return synonyms.get(key, key)
        return value
    return BeforeValidator(convert)


def _none_to_list(value: Any) -> Any:
    return [] if value is None else value


def listed(item: Any) -> Any:
    """A list key; written empty (荣誉: with nothing after it) it is an empty list."""
    return Annotated[list[item], BeforeValidator(_none_to_list)]


def yes_no(value: Any) -> Any:
    """是/否 as offices write it (是, 否, 对, 重点 …), or YAML's true/false."""
    if isinstance(value, str):
        key = value.strip()
        if key in ("是", "对", "有", "重点", "√", "✓"):
            return True
        if key in ("否", "不是", "无", "没有", "×"):
            return False
    return value


YesNo = Annotated[bool, BeforeValidator(yes_no), _json({"type": ["boolean", "string"], "description": "是 或 否"})]


__all__ = [
    "MAX_TEXT", "BareText", "LintRole", "LABEL", "PROSE", "SUMMARY", "ITEM", "FUTURE",
    "Text", "Money", "Count", "Date", "Number", "Measure", "Month", "Prose", "TermText", "ItemNote", "Future",
    "YesNo", "choice", "listed",
]
