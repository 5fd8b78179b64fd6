"""Facts data → the text of a facts file: Chinese keys in the model's order, block style,
every text exactly as typed.

What the form posts is text. A text is written so that reading the file gives that text back
(quoted when YAML would read it as something else: 'true', '1:20', '0123'), except in the
inputs for numbers and dates, where a plain figure or ISO date (968, 92.6, 2024-07-05) is
written bare, as a person writes it, because the reader then gives a value that validates to
the same fact.
"""
from __future__ import annotations

import re
from decimal import Decimal

import yaml

BARE_KINDS = frozenset({"money", "count", "number", "date", "month"})
# Only shapes that YAML 1.1 reads as the same figure: no leading zeros (0123 is octal), no
# 1_000 or 1:20 (base 60), no exponent, not so long that a count would become a float.
_BARE = re.compile(r"(0|[1-9]\d{0,14})(\.\d{1,10})?|\d{4}-\d{2}-\d{2}")
_TAGS = {"int": "tag:yaml.org,2002:int", "float": "tag:yaml.org,2002:float", "timestamp": "tag:yaml.org,2002:timestamp"}


class _Bare(str):
    """A figure or date typed into its input, written without quotes."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):  # noqa: ANN201 - PyYAML's
        # Items of a list indented under their key (项目建设:\n  - 名称: …), as in the samples.
        return super().increase_indent(flow, False)


def _resolved(text: str) -> str:
    return yaml.resolver.Resolver().resolve(yaml.ScalarNode, text, (True, False))


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Several lines read best as a literal block; the emitter quotes instead where a block
    # cannot hold the text exactly (trailing spaces, for one).
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value), style="|" if "\n" in value else None)


def _represent_bare(dumper: yaml.SafeDumper, value: _Bare) -> yaml.ScalarNode:
    return dumper.represent_scalar(_resolved(str(value)), str(value))


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = _resolved(text)
    if tag in (_TAGS["int"], _TAGS["float"]):
        return dumper.represent_scalar(tag, text)
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(_Bare, _represent_bare)
_Dumper.add_representer(Decimal, _represent_decimal)


def _prepare(value: object, spec) -> object:  # noqa: ANN001 - a forms.Scalar, Group or Repeat, or None
    """value with the figures typed into number and date inputs marked to be written bare.
    spec is the form's element for value (forms.py), read by its attributes only."""
    if isinstance(value, str):
        if getattr(spec, "kind", None) in BARE_KINDS and _BARE.fullmatch(value) and _resolved(value) in _TAGS.values():
            return _Bare(value)
        return value
    if isinstance(value, dict):
        child = getattr(spec, "child", None)
        return {key: _prepare(item, child(key) if child else None) for key, item in value.items()}
    if isinstance(value, list):
        item = getattr(spec, "item", None)
        return [_prepare(v, item) for v in value]
    return value


def _dump(data: object) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10**9)


def dump_facts(data: dict, spec) -> str:  # noqa: ANN001 - the form of the model (forms.form_spec)
    """The facts file of data (as forms.parse_form or the YAML reader give it)."""
    return _dump(_prepare(data, spec))


def dump_value(value: object) -> str:
    """One value as YAML, for an input that shows what the form cannot (a list where a text
    belongs, an unknown key's mapping)."""
    text = _dump(value)
    return text[: -len("...\n")] if text.endswith("\n...\n") else text
