"""The facts form, generated from the model, and the way back from what the browser posts.

Three steps, each a pure function:

1. `form_spec(model)` walks the pydantic model's fields (model_fields): the alias is the
   Chinese label and the key in the file, the description the help text, a Literal becomes a
   choice, a list of sub-models a repeatable fieldset, a list of strings repeatable inputs, a
   sub-model a fieldset, a model that allows extra keys (概况) rows of name and value. A field
   added to the model appears in the form with no change here.
2. `bind(spec, data, messages)` puts the data of a facts text (as the YAML reader gives it,
   values as they were written) into that shape, for the templates, with each message beside
   the field its key path names. Whatever the form has no input for (an unknown key, a list
   where a value belongs) is shown as it was written, so that saving the form loses nothing.
3. `parse_form(pairs)` turns the posted inputs back into the same data: every input's name is
   its key path (JSON), so this step needs no model at all. Values stay the text typed.
"""
from __future__ import annotations

import datetime as dt
import json
import types
import typing
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, Literal, Union

from pydantic import BaseModel, WithJsonSchema
from pydantic.fields import FieldInfo

from . import core
from .facts_yaml import dump_value

# Free-text keys that hold sentences rather than names: a textarea instead of a line.
LONG_TEXT_KEYS = frozenset({"说明", "描述", "措施", "内容"})

# How a value of each kind may be written, where the model's type does not say it itself.
KIND_HINTS = {
    "count": "整数，如 400",
    "number": "数字，如 12345.6",
    "text": "",
    "longtext": "",
}

Loc = tuple  # a key path: ("隐患排查", "隐患", 1, "整改日期"), list indexes from 0


# --------------------------------------------------------------------------- 1. the spec


@dataclass(frozen=True)
class Scalar:
    key: str | None  # None for the items of a list of strings
    label: str
    help: str
    kind: str  # text, longtext, money, date, count, number, month, choice
    hint: str = ""
    options: tuple[str, ...] = ()
    required: bool = False
    default: str | None = None  # what the model takes when the key is left out (状态: 在建)


@dataclass(frozen=True)
class Group:
    key: str | None  # None for the root and for the items of a list
    label: str
    help: str
    children: tuple["Node", ...]
    extra: bool = False  # the model takes keys of the user's own (概况: 绿化面积 …)
    required: bool = False

    def child(self, key: object) -> "Node | None":
        return next((c for c in self.children if c.key == key), None)

    @property
    def bare_key(self) -> str | None:
        """The key a bare string stands for in a list of these (工作: - 某项工作 means 内容):
        the one required field, when there is exactly one."""
        required = [c.key for c in self.children if c.required]
        return required[0] if len(required) == 1 else None


@dataclass(frozen=True)
class Repeat:
    key: str
    label: str
    help: str
    item: "Group | Scalar"
    required: bool = False


Node = Union[Scalar, Group, Repeat]


@lru_cache(maxsize=8)
def form_spec(model: type[BaseModel]) -> Group:
    """The form of a model, from its fields (cached: models are classes, made once)."""
    return _group(model, None, "", "", False)


def _group(model: type[BaseModel], key: str | None, label: str, help: str, required: bool) -> Group:
    children = tuple(_node(f) for f in model.model_fields.values())
    return Group(key, label, help, children, model.model_config.get("extra") == "allow", required)


def _node(info: FieldInfo) -> Node:
    key = info.alias or ""
    label, help, required = key, info.description or "", info.is_required()
    annotation, metadata = _unwrap(info.annotation, list(info.metadata))
    if typing.get_origin(annotation) is list:
        item, item_meta = _unwrap(typing.get_args(annotation)[0], [])
        if _is_model(item):
            return Repeat(key, label, help, _group(item, None, label, "", False), required)
        return Repeat(key, label, help, _scalar(None, label, "", item, item_meta, False, long=True), required)
    if _is_model(annotation):
        return _group(annotation, key, label, help, required)
    scalar = _scalar(key, label, help, annotation, metadata, required, long=key in LONG_TEXT_KEYS)
    if isinstance(info.default, str):
        scalar = replace(scalar, default=info.default)
    return scalar


def _unwrap(annotation: Any, metadata: list) -> tuple[Any, list]:
    """The type under Optional[…] and Annotated[…], with the metadata gathered on the way."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is Union or isinstance(annotation, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) != 1:
                return annotation, metadata
            annotation = args[0]
        elif origin is typing.Annotated:
            metadata = metadata + list(annotation.__metadata__)
            annotation = typing.get_args(annotation)[0]
        else:
            return annotation, metadata


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _scalar(key, label, help, annotation, metadata, required, long: bool) -> Scalar:
    if typing.get_origin(annotation) is Literal:
        return Scalar(key, label, help, "choice", "", tuple(str(a) for a in typing.get_args(annotation)), required)
    kind = "text"
    for name, value_type in core.VALUE_TYPES.items():
        if value_type.__metadata__[0] in metadata:
            kind = name
            break
    if kind == "text" and long:
        kind = "longtext"
    hint = next((m.json_schema.get("description", "") for m in metadata if isinstance(m, WithJsonSchema) and m.json_schema), "")
    return Scalar(key, label, help, kind, hint or KIND_HINTS.get(kind, ""), (), required)


# --------------------------------------------------------------------------- 2. binding


@dataclass(frozen=True)
class Message:
    """A problem or finding of the facts text, to be shown beside the field it is about."""

    path: str  # 隐患排查.隐患[2].整改日期 (as `houqin check` prints it)
    level: str  # 错误 / 提示
    text: str


@dataclass
class View:
    """One element of the bound form. kind: input, raw (YAML as written), group, list, extras."""

    kind: str
    loc: Loc
    label: str = ""
    help: str = ""
    spec: Any = None
    value: str = ""
    prefix: str = "v"  # v: a value typed; y: YAML as written; k/x: an extra row's name/value
    seg: Any = None  # the key this element adds to its inputs' paths (None: none, or an index)
    required: bool = False
    unknown: bool = False
    options: tuple[str, ...] = ()
    children: list["View"] = field(default_factory=list)
    blank: "View | None" = None  # lists: an empty item, for the add button
    messages: list[Message] = field(default_factory=list)

    @property
    def path(self) -> str:
        return core.format_path(self.loc)

    @property
    def name(self) -> str:
        return input_name(self.prefix, self.loc)

    @property
    def id(self) -> str:
        return f"{self.prefix}:{self.path}" if self.kind in ("input", "raw") else f"{self.kind}:{self.path}"

    @property
    def errors(self) -> int:
        return sum(1 for m in self.messages if m.level == core.ERROR)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def count_messages(self, level: str) -> int:
        return sum(1 for v in self.walk() for m in v.messages if m.level == level)


def input_name(prefix: str, loc: Loc) -> str:
    return prefix + json.dumps(list(loc), ensure_ascii=False, separators=(",", ":"))


def shown(value: object) -> str:
    """A value as the user wrote it, for an input (the YAML reader keeps numbers exact)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _scalar_value(value: object) -> bool:
    return value is None or isinstance(value, (str, int, float, Decimal, dt.date, bool))


def bind(spec: Group, data: object, messages: list[Message] = ()) -> tuple[View, list[Message]]:
    """The form with data in it, and the messages no field could take (shown at the top)."""
    root = _bind_group(spec, data if isinstance(data, dict) else {}, ())
    return root, place(root, messages)


def place(root: View, messages) -> list[Message]:
    """Each message goes to the element whose path is the longest prefix of the message's
    path (a problem of 隐患排查.隐患[2] itself sits on that item); the rest are returned."""
    by_path: dict[str, View] = {}
    for view in root.walk():
        if view.loc and view.kind != "extras":
            by_path.setdefault(view.path, view)
    unplaced = []
    for message in messages:
        path = message.path
        while path and path not in by_path:
            path = _parent(path)
        if path:
            by_path[path].messages.append(message)
        else:
            unplaced.append(message)
    return unplaced


def _parent(path: str) -> str:
    if path.endswith("]") and "[" in path:
        return path[: path.rindex("[")]
    return path.rsplit(".", 1)[0] if "." in path else ""


def _bind(spec: Node, value: object, loc: Loc, seg: Any) -> View:
    if isinstance(spec, Scalar):
        if not _scalar_value(value):
            return _raw(spec.label, spec.help, value, loc, seg, spec.required)
        options = spec.options
        text = shown(value)
        if spec.kind == "choice" and text and text not in options:
            options = options + (text,)  # 秋季 for 第一学期, or a typo: shown as written
        return View("input", loc, spec.label, spec.help, spec, text, "v", seg, spec.required, options=options)
    if isinstance(spec, Group):
        if value is not None and not isinstance(value, dict):
            return _raw(spec.label, spec.help, value, loc, seg, spec.required)
        view = _bind_group(spec, value or {}, loc)
        view.seg = seg
        return view
    if value is not None and not isinstance(value, list):
        return _raw(spec.label, spec.help, value, loc, seg, spec.required)
    items = [_bind_item(spec.item, item, loc + (i,)) for i, item in enumerate(value or [])]
    blank = _bind_item(spec.item, None, loc + (len(items),))
    return View("list", loc, spec.label, spec.help, spec, seg=seg, required=spec.required, children=items, blank=blank)


def _bind_item(spec: Group | Scalar, value: object, loc: Loc) -> View:
    if isinstance(spec, Group) and isinstance(value, str) and spec.bare_key:
        value = {spec.bare_key: value}
    view = _bind(spec, value, loc, None)
    return View("item", loc, children=[view], spec=spec)


def _bind_group(spec: Group, data: dict, loc: Loc) -> View:
    children = [_bind(child, data.get(child.key), loc + (child.key,), child.key) for child in spec.children]
    known = {child.key for child in spec.children}
    others = [(k, v) for k, v in data.items() if k not in known]
    view = View("group", loc, spec.label, spec.help, spec, required=spec.required, children=children)
    if spec.extra:
        rows = []
        for key, value in others:
            if isinstance(key, str) and _scalar_value(value):
                rows.append(_extra_row(loc, len(rows), key, shown(value)))
            else:
                children.append(_raw(f"{key}", "", value, loc + (key,), key, False, unknown=True))
        view.children.append(View("extras", loc, "其他项", "名称和数值（或文字），如 绿化面积 3200平方米", children=rows,
                                  blank=_extra_row(loc, len(rows), "", "")))
    else:
        for key, value in others:
            if _scalar_value(value):
                children.append(View("input", loc + (key,), str(key), "", None, shown(value), "v", key, unknown=True))
            else:
                children.append(_raw(str(key), "", value, loc + (key,), key, False, unknown=True))
    return view


def _extra_row(loc: Loc, index: int, key: str, value: str) -> View:
    at = loc + (index,)
    name = View("input", at, "名称", "", None, key, "k")
    val = View("input", at, "值", "", None, value, "x")
    if value.strip() and not key.strip():
        val.messages.append(Message("", core.ERROR, "请填写这一项的名称"))
    return View("item", at, children=[name, val])


def _raw(label: str, help: str, value: object, loc: Loc, seg: Any, required: bool, unknown: bool = False) -> View:
    return View("raw", loc, label, help, None, dump_value(value), "y", seg, required, unknown)


# --------------------------------------------------------------------------- 3. posted → data


class _Seq(dict):
    """A list under construction: index → item (inputs may arrive with gaps or out of order)."""


def parse_form(pairs: list[tuple[str, str]]) -> dict:
    """The facts data of a posted form: each input's name is its prefix and key path. Empty
    inputs, and items with nothing in them, are left out, as a file would leave them out."""
    tree: dict = {}
    extras: dict[Loc, dict[int, dict[str, str]]] = {}
    for name, value in pairs:
        if not name or name[0] not in "vykx":
            continue
        loc = _loc(name[1:])
        if loc is None:
            continue  # not a name this form makes
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        if name[0] == "v":
            _put(tree, loc, value)
        elif name[0] == "y":
            _put(tree, loc, _yaml_value(value))
        elif loc and isinstance(loc[-1], int):
            extras.setdefault(loc[:-1], {}).setdefault(loc[-1], {})[name[0]] = value
    for at, rows in extras.items():
        for index in sorted(rows):
            key, value = rows[index].get("k", ""), rows[index].get("x", "")
            if not key.strip() and not value.strip():
                continue
            target = _get(tree, at)
            if isinstance(target, dict) and _present(target.get(key)):
                continue  # a row named like a field above it: the field's own input wins
            _put(tree, at + (key,), value)
    return _prune(tree) or {}


def _loc(text: str) -> Loc | None:
    try:
        parts = json.loads(text)
    except ValueError:
        return None
    if not isinstance(parts, list) or not parts or len(parts) > core.MAX_DEPTH:
        return None
    for part in parts:
        if isinstance(part, bool) or not isinstance(part, (str, int)):
            return None
        if isinstance(part, int) and not 0 <= part < core.MAX_NODES:
            return None
    return tuple(parts)


def _put(tree: dict, loc: Loc, value: object) -> None:
    node: Any = tree
    for part, following in zip(loc, loc[1:]):
        child = node.get(part)
        want = _Seq if isinstance(following, int) else dict
        if child is None:
            child = node[part] = want()
        elif type(child) is not want:
            return  # a path that contradicts another input's: not one this form makes
        node = child
    if isinstance(loc[-1], int) is isinstance(node, _Seq):
        node[loc[-1]] = value


def _get(tree: dict, loc: Loc) -> object:
    node: Any = tree
    for part in loc:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _yaml_value(text: str) -> object:
    """A value edited as YAML (shown so because the form has no input for it); text that is
    not YAML is kept as the text it is."""
    if not text.strip():
        return None
    try:
        return core.read_yaml(text, "表单").data
    except core.FactsError:
        return text


def _prune(value: object) -> object:
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, _Seq):
        items = [_prune(value[i]) for i in sorted(value)]
        return [item for item in items if item is not None] or None
    if isinstance(value, dict):
        kept = {key: pruned for key, item in value.items() if (pruned := _prune(item)) is not None}
        return kept or None
    if isinstance(value, list):
        return [item for item in map(_prune, value) if item is not None] or None
    return value
