"""Reading a facts file: bytes → text → plain Python data, plus a map from key paths to lines.

PyYAML's SafeLoader is subclassed (never patched globally) so that:
- floats become exact Decimals (5.6 means 5.6, not 5.5999…);
- a key repeated in one mapping is an error naming both lines;
- every node's line is remembered by its key path, for error messages;
- anchors/aliases cannot blow up: the expanded document is capped in size, nesting in depth
  (a recursive alias or 10,000 brackets would otherwise exhaust Python's stack);
- a value YAML cannot construct (2024-13-45, a 5000-digit integer) stays the text it was, so
  that validation says what is wrong with it in Chinese, instead of the reader crashing;
- characters a .docx cannot hold (control characters such as \\x07 or \\x00 written as escapes,
  lone surrogates) are removed from every value, and each removal is remembered with its key
  path so that lint can say so (kind control_char).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from houqin_report.errors import FactsError, Problem
from houqin_report.text.chars import UNWRITABLE

MAX_BYTES = 5 * 1024 * 1024  # a term's facts are a few KB; 5 MB is surely a wrong file
MAX_NODES = 20_000  # values after expanding aliases; a term has a few hundred, the largest a few thousand
MAX_DEPTH = 32  # nesting of mappings and lists; the facts format needs 4


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
    # Characters removed from values because a document cannot hold them: (key path, line,
    # the removed characters as U+XXXX codes). Reported by lint as 提示, never silently.
    removed: list[tuple[Loc, int, str]] = field(default_factory=list)

    def line_of(self, loc: Loc) -> int | None:
        """The line of the deepest part of loc that exists in the file."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


class _TooDeep(Exception):
    def __init__(self, line: int):
        self.line = line


class _Loader(yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        # PyYAML composes recursively: refuse deep nesting before Python's stack runs out.
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _TooDeep(self.peek_event().start_mark.line + 1)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | float | str:
    raw = loader.construct_scalar(node)
    text = raw.replace("_", "")
    low = text.lower()
    if low in (".inf", "+.inf", "-.inf", ".nan"):
        return float(low.replace(".", ""))  # kept as float so validation refuses it
    try:
        return Decimal(text)
    except ArithmeticError:  # 190:20:30.15 (base 60), !!float "abc": left to validation
        return raw


def _as_text_if_invalid(construct):
    """A scalar YAML recognises but cannot build (2024-13-45, an integer of 5000 digits,
    !!int "abc") is kept as the text written; validation then says what is wrong with it."""
    def build(loader: yaml.SafeLoader, node: yaml.ScalarNode):
        try:
            return construct(loader, node)
        except (ValueError, TypeError, AttributeError, ArithmeticError):
            return loader.construct_scalar(node)
    return build


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
_Loader.add_constructor("tag:yaml.org,2002:int", _as_text_if_invalid(yaml.SafeLoader.construct_yaml_int))
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _as_text_if_invalid(yaml.SafeLoader.construct_yaml_timestamp))

# libyaml, PyYAML's C parser, reads a facts file about six times faster than the Python one
# and gives the same nodes, lines and values (see _parse_fast); the Python loader above still
# reads every file libyaml cannot, and says what is wrong with a file in its own words.
_CLoader = None
if getattr(yaml, "CSafeLoader", None) is not None:
    class _CLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        pass

    for _tag in ("tag:yaml.org,2002:float", "tag:yaml.org,2002:int", "tag:yaml.org,2002:timestamp"):
        _CLoader.add_constructor(_tag, _Loader.yaml_constructors[_tag])
    del _tag
_FAST_MAX_BRACKETS = 1000
# Characters libyaml and PyYAML do not read alike (libyaml takes some tabs and a byte-order
# mark inside the text that PyYAML refuses), and the rarer line breaks.
_FAST_REFUSED = re.compile("[\t\ufeff\x85\u2028\u2029]")
_FAST_MAX_LINE = 2000



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
    too_big = f"事实文件应在 {MAX_BYTES // 1024 // 1024} MB 以内"
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FactsError(file, [Problem(file, None, "", f"文件过大（{size // 1024} KB），{too_big}", "请确认选对了文件")])
        # Never more than the limit, whatever stat said: a pipe or a device (/dev/zero) has no size.
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise FactsError(file, [Problem(file, None, "", f"文件过大（超过 {MAX_BYTES // 1024} KB），{too_big}", "请确认选对了文件")])
    except FileNotFoundError:
        raise FactsError(file, [Problem(file, None, "", "文件不存在")]) from None
    except IsADirectoryError:
        raise FactsError(file, [Problem(file, None, "", "这是一个文件夹，不是事实文件")]) from None
    except OSError as exc:
        raise FactsError(file, [Problem(file, None, "", f"无法读取文件：{exc.strerror or exc}")]) from None
    return parse_text(decode(raw, file), file)


def parse_text(text: str, file: str) -> Document:
    fast = _parse_fast(text, file)
    if fast is not None:
        return fast
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise FactsError(file, [_reader_problem(exc, text, file)]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise FactsError(file, [Problem(file, 1, "", "文件是空的", "可用 houqin init 生成一份待填写的事实文件")])
        document = Document(None)
        _walk(node, (), document, file, [0])
        document.data = loader.construct_document(node)
    except _TooDeep as exc:
        raise FactsError(file, [Problem(file, exc.line, "", f"嵌套超过 {MAX_DEPTH} 层，拒绝读取", "事实文件最多嵌套四五层，请检查括号和缩进")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise FactsError(file, [Problem(file, line, "", f"YAML 格式错误：{_yaml_reason(exc)}", "检查这一行的缩进、冒号后的空格和引号是否成对")]) from None
    except yaml.reader.ReaderError as exc:
        raise FactsError(file, [_reader_problem(exc, text, file)]) from None
    except yaml.YAMLError as exc:
        raise FactsError(file, [Problem(file, None, "", f"YAML 格式错误：{exc}")]) from None
    except (ValueError, TypeError, AttributeError, ArithmeticError, RecursionError) as exc:
        # Constructors we do not know to fail: still the file's fault, never a traceback.
        raise FactsError(file, [Problem(file, None, "", f"YAML 内容无法读取：{type(exc).__name__}: {_short(str(exc))}")]) from None
    finally:
        loader.dispose()
    return document


def _parse_fast(text: str, file: str) -> Document | None:
    """The document as libyaml reads it, or None when the Python loader is to read the file:
    libyaml is not installed, the file holds something unusual (a tab, a character YAML refuses
    or the two read differently, a merge key <<, nesting near MAX_DEPTH), or anything goes
    wrong at all: then the Python loader reads the file again and reports its problems exactly
    as it always has.

    libyaml composes nested collections by C recursion without a depth limit (a file of
    40,000 '[' crashes the process), so it only gets text that cannot nest more than a few
    thousand levels deep: each level of flow nesting needs a bracket, and block nesting needs
    more columns every two levels, so it is bounded by twice the longest line.
    """
    if _CLoader is None or "<<" in text or _FAST_REFUSED.search(text) or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return None
    if text.count("[") + text.count("{") > _FAST_MAX_BRACKETS:
        return None
    if max(map(len, text.splitlines()), default=0) > _FAST_MAX_LINE:
        return None
    loader = None
    try:
        loader = _CLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        document = Document(None)
        _walk(node, (), document, file, [0])
        if max(map(len, document.lines), default=0) >= MAX_DEPTH - 2:
            return None  # the Python loader refuses deep nesting with its own message
        document.data = loader.construct_document(node)
    except Exception:  # noqa: BLE001 - every problem is the Python loader's to report
        return None
    finally:
        if loader is not None:
            loader.dispose()
    return document


def _reader_problem(exc: yaml.reader.ReaderError, text: str, file: str) -> Problem:
    """A character YAML does not allow anywhere in a file (a raw control character)."""
    position = exc.position if isinstance(exc.position, int) else 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
    return Problem(file, line, "", f"第 {column} 个字符是不可见的控制字符（{code}），YAML 文件中不允许出现",
                   "这通常是从别处复制来的隐藏字符，请删去；需要时可在双引号内写成转义形式")


def _short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[:n] + "…"


_REASONS = {
    "mapping values are not allowed here": "此处不能出现“键: 值”（常见原因：冒号后缺空格、缩进不对或值里有未加引号的冒号）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "含有制表符（Tab），请改用空格缩进",
    "expected <block end>, but found": "缩进不一致",
    "found undefined alias": "引用了未定义的锚点（*别名）",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "found unknown escape character": "双引号内有无法识别的反斜杠转义",
    "found unhashable key": "键不能是列表或映射",
    "found duplicate anchor": "锚点（&名称）重复定义",
    "found character that cannot start any token": "有不能出现在值开头的字符（如 @、`、%），请给整个值加引号",
    "could not determine a constructor for the tag": "不支持这个 YAML 标签（!!…），请删去标签",
    "but found another document": "文件中只能有一个 YAML 文档，请删去多余的 ---",
    "expected a single document in the stream": "文件中只能有一个 YAML 文档，请删去多余的 ---",
    "expected ',' or ']'": "方括号 [ ] 没有正确闭合",
    "expected ',' or '}'": "花括号 { } 没有正确闭合",
    "found unexpected ':'": "此处不能出现冒号“:”",
    "expected alphabetic or numeric character": "锚点或别名（&、*）后应是名称",
    "while scanning a quoted scalar": "引号没有闭合",
    "expected <block end>": "缩进不一致",
    "expected <document start>": "缩进不一致或有多余的内容",
    "expected a comment or a line break": "值后面有多余的内容（引号后的文字要放进引号里）",
    "found incompatible YAML document": "不支持的 YAML 版本",
}


def _yaml_reason(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or str(exc)
    for key, text in _REASONS.items():
        if problem.startswith(key) or (exc.context or "").startswith(key):
            return text
    return _short(problem)


def _walk(node: yaml.Node, loc: Loc, document: Document, file: str, count: list, depth: int = 0, record: bool = True) -> None:
    """Record the line of every key path, find duplicate keys and clean unwritable characters.

    Nodes shared through aliases are visited once per path, so the count is the size of the
    document as expanded: the cap on it is what stops an alias bomb, and the cap on depth
    stops a recursive alias (&a [*a]). Mappings merged in with `<<:` are walked too (they are
    copied into the mapping when it is built, so they count), without recording lines
    (record=False): the keys written in the mapping itself keep theirs."""
    count[0] += 1
    line = node.start_mark.line + 1
    if count[0] > MAX_NODES:
        raise FactsError(file, [Problem(file, line, format_path(loc), f"文件展开后超过 {MAX_NODES} 个值（锚点/别名引用过多），拒绝读取")])
    if depth > MAX_DEPTH:
        raise FactsError(file, [Problem(file, line, format_path(loc[:MAX_DEPTH]), f"嵌套超过 {MAX_DEPTH} 层（可能是引用自身的锚点），拒绝读取")])
    if record:
        document.lines.setdefault(loc, line)
    if isinstance(node, yaml.ScalarNode):
        _clean(node, loc, document)
    elif isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                _walk(value_node, loc, document, file, count, depth + 1, record=False)
                continue
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                # Never repr() the node: through aliases it can stand for millions of values.
                raise FactsError(file, [Problem(file, key_line, format_path(loc), "键应为文字，不能是列表或映射", "检查这一行开头是否多了“? ”、“[”或“{”")])
            _clean(key_node, loc + (key_node.value,), document)
            key = key_node.value
            if record:
                if key in seen:
                    document.problems.append(Problem(file, key_line, format_path(loc + (key,)), f"键“{key}”重复：第 {seen[key]} 行和第 {key_line} 行都写了它", "同一层级的键只能出现一次，请合并或删除其中一处"))
                    continue
                seen[key] = key_line
                document.lines[loc + (key,)] = key_line
            _walk(value_node, loc + (key,), document, file, count, depth + 1, record)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, loc + (index,), document, file, count, depth + 1, record)


def _clean(node: yaml.ScalarNode, loc: Loc, document: Document) -> None:
    found = UNWRITABLE.findall(node.value)
    if found:
        node.value = UNWRITABLE.sub("", node.value)
        codes = "、".join(dict.fromkeys(f"U+{ord(ch):04X}" for ch in found))
        document.removed.append((loc, node.start_mark.line + 1, codes))
