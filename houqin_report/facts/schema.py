"""The JSON Schema of the facts file, generated from the model (for editors' YAML plugins)."""
from __future__ import annotations

import json

from houqin_report.facts.model import Facts


def facts_schema() -> dict:
    schema = Facts.model_json_schema(by_alias=True, mode="validation")
    _allow_what_the_loader_allows(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "houqin-report 事实文件"
    schema["description"] = "学校后勤一个学期（或年度）的工作事实；见 README。"
    return schema


def schema_text() -> str:
    return json.dumps(facts_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _allow_what_the_loader_allows(schema: dict) -> None:
    """The loader takes an empty list key (荣誉: with nothing after it); say so in the schema,
    or editors would flag valid files. (Bare strings for 工作 items say so themselves:
    model.BareText.)"""
    for model in [schema, *schema.get("$defs", {}).values()]:
        for name, prop in model.get("properties", {}).items():
            if prop.get("type") == "array":
                model["properties"][name] = {k: v for k, v in prop.items() if k not in ("type", "items")} | {
                    "anyOf": [{"type": "array", "items": prop["items"]}, {"type": "null"}]
                }
