"""Which strings of a facts file are free text, and what each may be checked against: read off
the model (facts/model.py), so a field added there is linted without a word here.

Every text field is at least a label (checked for placeholders); a LintRole in its annotation
makes it prose of a scope (see model.LintRole). A list item that may be written as a bare
string (BareText) is read with the role of the key it stands for, and a model that allows keys
of its own (概况) gives them its lint_extra role.
"""
from __future__ import annotations

import types
from functools import lru_cache
from typing import Annotated, Any, Iterator, Union, get_args, get_origin

from pydantic import BaseModel

from houqin_report.facts.model import LABEL, BareText, Facts, LintRole
from houqin_report.facts.read import Loc

Spec = Any  # a role (str), [item spec], or {key: spec} with "" for a bare string and "*" for extras


def _role(metadata: tuple) -> str | None:
    return next((m.role for m in metadata if isinstance(m, LintRole)), None)


def _bare_key(metadata: tuple) -> str | None:
    return next((m.key for m in metadata if isinstance(m, BareText)), None)


def _spec(annotation: Any, metadata: tuple = ()) -> Spec | None:
    if get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        return _spec(inner, tuple(extra) + metadata)
    if get_origin(annotation) in (Union, types.UnionType):
        arms = [a for a in get_args(annotation) if a is not type(None)]
        specs = [s for s in (_spec(a, metadata) for a in arms) if s is not None]
        return specs[0] if specs else None
    if get_origin(annotation) is list:
        item = _spec(get_args(annotation)[0])
        return None if item is None else [item]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        spec = _model_spec(annotation)
        bare = _bare_key(metadata)
        if bare is not None and bare in spec:
            spec[""] = spec[bare]
        return spec
    if annotation is str:
        return _role(metadata) or LABEL
    return None  # numbers, dates, choices: no free text


def _model_spec(model: type[BaseModel]) -> dict:
    spec: dict = {}
    for field in model.model_fields.values():
        sub = _spec(field.annotation, tuple(field.metadata))
        if sub is not None and field.alias:
            spec[field.alias] = sub
    extra = getattr(model, "lint_extra", None)
    if isinstance(extra, str):
        spec["*"] = extra
    return spec


@lru_cache(maxsize=None)
def facts_spec() -> dict:
    """The spec of the whole facts file."""
    return _model_spec(Facts)


@lru_cache(maxsize=None)
def bureau_spec() -> dict:
    """The spec of a bureau's own facts file (facts/bureau.py)."""
    from houqin_report.facts.bureau import BureauFacts

    return _model_spec(BureauFacts)


def strings(data: object, spec: Spec | None = None, loc: Loc = ()) -> Iterator[tuple[Loc, str, str]]:
    """(loc, text, role) of every free-text string in data, in file order. Defensive: the
    previous term's file need not be valid."""
    if spec is None:
        spec = facts_spec()
    if isinstance(spec, str):
        if isinstance(data, str) and data.strip():
            yield loc, data, spec
    elif isinstance(spec, list):
        if isinstance(data, list):
            for i, item in enumerate(data):
                yield from strings(item, spec[0], loc + (i,))
    elif isinstance(spec, dict):
        if isinstance(data, str) and "" in spec:
            yield from strings(data, spec[""], loc)
        elif isinstance(data, dict):
            for key, value in data.items():
                sub = spec.get(key, spec.get("*"))
                if sub is not None and key != "":
                    yield from strings(value, sub, loc + (key,))


__all__ = ["bureau_spec", "facts_spec", "strings"]
