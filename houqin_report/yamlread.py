"""Reading a facts file: bytes → text → plain Python data, plus a map from key paths to lines.

PyYAML's SafeLoader is subclassed (never patched globally) so that:
- floats become exact Decimals (5.6 means 5.6, not 5.5999…);
- a key repeated in one mapping is an error naming both lines;
- every node's line is remembered by its key path, for error messages;
- anchors/aliases cannot blow up: the expanded document is capped in size.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from .errors import FactsError, Problem

MAX_BYTES = 5 * 1024 * 1024  # a term's facts are a few KB; 5 MB is surely a wrong file
MAX_NODES = 200_000  # after expanding aliases


Loc = tuple  # a key path: ("隐患排查", "隐患", 2, "整改日期")


def format_path(loc: Loc) -> str:
    """("隐患排查", "隐患", 1, "整改日期") → 隐患排查.隐患[2].整改日期 (1-based for people)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass
class Document:
    data: object
    lines: dict[Loc, int] = field(default_factory=dict)
    # Problems found while reading (duplicate keys) that do not stop validation of the rest.
    problems: list[Problem] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int | None:
        """The line of the deepest part of loc that exists in the file."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


class _Loader(yaml.SafeLoader):
    pass


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | float:
    text = loader.construct_scalar(node).replace("_", "")
    low = text.lower()
    if low in (".inf", "+.inf", "-.inf", ".nan"):
        return float(low.replace(".", ""))  # kept as float so validation refuses it
    return Decimal(text)


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def decode(raw: bytes, file: str) -> str:
    """UTF-8 (with or without BOM); GBK from Windows editors is read, but only when unambiguous."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    # GB18030 decodes almost any byte string; accept it only if it yields Chinese text.
    if text is not None and any("\u4e00" <= ch <= "\u9fff" for ch in text) and "\ufffd" not in text:
        return text
    line = raw[: utf8_error.start].count(b"\n") + 1
    raise FactsError(file, [Problem(file, line, "", "文件编码无法识别", "请用 UTF-8 编码另存此文件：在 WPS 或记事本中“另存为”，编码选 UTF-8")])


def read_document(path: Path) -> Document:
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FactsError(file, [Problem(file, None, "", f"文件过大（{size // 1024} KB），事实文件应在 {MAX_BYTES // 1024 // 1024} MB 以内", "请确认选对了文件")])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FactsError(file, [Problem(file, None, "", "文件不存在")]) from None
    except IsADirectoryError:
        raise FactsError(file, [Problem(file, None, "", "这是一个文件夹，不是事实文件")]) from None
    except OSError as exc:
        raise FactsError(file, [Problem(file, None, "", f"无法读取文件：{exc.strerror or exc}")]) from None
    return parse_text(decode(raw, file), file)


def parse_text(text: str, file: str) -> Document:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise FactsError(file, [Problem(file, 1, "", "文件是空的", "可用 houqin init 生成一份待填写的事实文件")])
        lines: dict[Loc, int] = {}
        problems: list[Problem] = []
        _walk(node, (), lines, problems, file, [0])
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise FactsError(file, [Problem(file, line, "", f"YAML 格式错误：{_yaml_reason(exc)}", "检查这一行的缩进、冒号后的空格和引号是否成对")]) from None
    except yaml.YAMLError as exc:
        raise FactsError(file, [Problem(file, None, "", f"YAML 格式错误：{exc}")]) from None
    finally:
        loader.dispose()
    return Document(data, lines, problems)


_REASONS = {
    "mapping values are not allowed here": "此处不能出现“键: 值”（常见原因：冒号后缺空格、缩进不对或值里有未加引号的冒号）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "含有制表符（Tab），请改用空格缩进",
    "expected <block end>, but found": "缩进不一致",
    "found undefined alias": "引用了未定义的锚点（*别名）",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "found unknown escape character": "双引号内有无法识别的反斜杠转义",
}


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or str(exc)
    for key, text in _REASONS.items():
        if problem.startswith(key):
            return text
    return problem


def _walk(node: yaml.Node, loc: Loc, lines: dict, problems: list, file: str, count: list) -> None:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise FactsError(file, [Problem(file, node.start_mark.line + 1, format_path(loc), f"文件展开后超过 {MAX_NODES} 个值（锚点/别名引用过多），拒绝读取")])
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(Problem(file, line, format_path(loc + (key,)), f"键“{key}”重复：第 {seen[key]} 行和第 {line} 行都写了它", "同一层级的键只能出现一次，请合并或删除其中一处"))
                continue
            seen[key] = line
            lines[loc + (key,)] = line
            _walk(value_node, loc + (key,), lines, problems, file, count)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, loc + (index,), lines, problems, file, count)
