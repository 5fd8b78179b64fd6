"""Reading a facts file: bytes → text → plain Python data, plus a map from key paths to lines.

PyYAML's SafeLoader is subclassed (never patched globally) so that:
- numbers are read as a person means them (facts/yaml_numbers.py): 5.6 an exact Decimal, 010
  ten, not octal eight; 0x1A and 1:30 no number at all; a key is always the text written;
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

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

from houqin_report.errors import HINT, FactsError, Problem
from houqin_report.facts import yaml_numbers
from houqin_report.facts.syntax import reader_problem, short, yaml_problem
from houqin_report.text.chars import INVISIBLE, UNWRITABLE

MAX_BYTES = 5 * 1024 * 1024  # a term's facts are a few KB; 5 MB is surely a wrong file
MAX_NODES = 20_000  # values after expanding aliases; a term has a few hundred, the largest a few thousand
MAX_DEPTH = 32  # nesting of mappings and lists; the facts format needs 4
MAX_CHARS = 2_000_000  # characters of every value and key, aliases expanded; a term has a few thousand
INVISIBLE_MESSAGE = "含有不可见的字符（零宽字符或文字方向控制符），已删除"


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
    # Findings of the reader the lint passes on as 提示: invisible characters removed (zero
    # width, bidi controls), a text cut short by a '#' taken for a comment.
    hints: list[Problem] = field(default_factory=list)
    # SHA-256 of the bytes read (read_document): which version of the file this is, taken from
    # the one read, so that a file saved again meanwhile cannot be named by another's digest.
    digest: str = ""

    def line_of(self, loc: Loc) -> int | None:
        """The line of the deepest part of loc that exists in the file."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


class _TextKeys:
    """Mapping keys are the text written: 3.5:, null:, 010: and 9: are the keys "3.5", "null",
    "010" and "9" (a month is read from its text like any other value), so that a key is never
    None or a number the user did not write, and an unknown one is named as written."""

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 - PyYAML's signature
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
        mapping = {}
        for key_node, value_node in node.value:
            # Keys that are lists or mappings were refused by _walk before anything is built.
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else self.construct_object(key_node, deep=deep)
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


class _TooDeep(Exception):
    def __init__(self, line: int):
        self.line = line


class _Loader(_TextKeys, yaml.SafeLoader):
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


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | float | str:
    return yaml_numbers.read_float(loader.construct_scalar(node))


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    return yaml_numbers.read_int(loader.construct_scalar(node))


def _as_text_if_invalid(construct):
    """A scalar YAML recognises but cannot build (2024-13-45) is kept as the text written;
    validation then says what is wrong with it."""
    def build(loader: yaml.SafeLoader, node: yaml.ScalarNode):
        try:
            return construct(loader, node)
        except (ValueError, TypeError, AttributeError, ArithmeticError):
            return loader.construct_scalar(node)
    return build


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _as_text_if_invalid(yaml.SafeLoader.construct_yaml_timestamp))

# libyaml, PyYAML's C parser, reads a facts file about six times faster than the Python one
# and gives the same nodes, lines and values (see _parse_fast); the Python loader above still
# reads every file libyaml cannot, and says what is wrong with a file in its own words.
_CLoader = None
if getattr(yaml, "CSafeLoader", None) is not None:
    class _CLoader(_TextKeys, yaml.CSafeLoader):  # type: ignore[no-redef]
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
    """UTF-8 (with or without BOM); GBK from Windows editors is read, but only when unambiguous:
    a file of both (a UTF-8 value pasted into a GBK file, or the other way round) would come out
    as mojibake (缁忚垂涓嶈冻) in the document, so it is refused, naming the lines."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    mixed = _mixed_lines(raw)
    if mixed:
        raise FactsError(file, mixed_problems(file, *mixed))
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    # GB18030 decodes almost any byte string; accept it only if it yields Chinese text.
    if text is not None and _IDEOGRAPH.search(text) and "\ufffd" not in text:
        return text
    line = raw[: utf8_error.start].count(b"\n") + 1
    raise FactsError(file, [Problem(file, line, "", "文件编码无法识别", "请用 UTF-8 编码另存此文件：在 WPS 或记事本中“另存为”，编码选 UTF-8")])


MAX_LISTED_LINES = 10
_IDEOGRAPH = re.compile("[\u4e00-\u9fff]")
_CHINESE_LINE = re.compile("[\x00-\x7f\u00b7\u00d7\u2000-\u206f\u2160-\u217f\u2460-\u24ff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\r]*")


def _mixed_lines(raw: bytes) -> tuple[list[int], str, str] | None:
    """(lines, their encoding, the rest's) when some lines of a file that is not UTF-8 are
    UTF-8 all the same: the fewer of the two kinds are named. None when the file is one GBK."""
    utf8, gbk = [], []
    for number, line in enumerate(raw.split(b"\n"), 1):
        if line.isascii():
            continue
        try:
            decoded = line.decode("utf-8")
        except UnicodeDecodeError:
            try:
                if not _IDEOGRAPH.search(line.decode("gb18030")):
                    return None
            except UnicodeDecodeError:
                return None  # neither: a damaged or binary file, said as such
            gbk.append(number)
            continue
        # GBK bytes are often valid UTF-8 too (学校 in GBK reads as Cyrillic), but hardly
        # ever as Chinese text: only a line that reads as Chinese is taken for UTF-8.
        if _CHINESE_LINE.fullmatch(decoded) and _IDEOGRAPH.search(decoded):
            utf8.append(number)
        else:
            gbk.append(number)
    if not utf8 or not gbk:
        return None
    return (utf8, "UTF-8", "GBK") if len(utf8) <= len(gbk) else (gbk, "GBK", "UTF-8")


def mixed_problems(file: str, lines: list[int], this: str, rest: str) -> list[Problem]:
    hint = "请在编辑器中重新输入这一行的文字，再把整个文件另存为 UTF-8 编码"
    return [Problem(file, line, "", f"这一行是 {this} 编码，文件的其余部分是 {rest} 编码：混在一起，读出来会是乱码", hint)
            for line in lines[:MAX_LISTED_LINES]]


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
    document = parse_text(decode(raw, file), file)
    document.digest = hashlib.sha256(raw).hexdigest()
    return document


def parse_text(text: str, file: str) -> Document:
    fast = _parse_fast(text, file)
    if fast is not None:
        return fast
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        raise FactsError(file, [reader_problem(exc, text, file)]) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise FactsError(file, [Problem(file, 1, "", "文件是空的", "可用 houqin init 生成一份待填写的事实文件")])
        document = Document(None)
        _Walker(document, file, text).walk(node)
        document.data = loader.construct_document(node)
    except _TooDeep as exc:
        raise FactsError(file, [Problem(file, exc.line, "", f"嵌套超过 {MAX_DEPTH} 层，拒绝读取", "事实文件最多嵌套四五层，请检查括号和缩进")]) from None
    except yaml.MarkedYAMLError as exc:
        raise FactsError(file, [yaml_problem(exc, text, file)]) from None
    except yaml.reader.ReaderError as exc:
        raise FactsError(file, [reader_problem(exc, text, file)]) from None
    except yaml.YAMLError as exc:
        raise FactsError(file, [Problem(file, None, "", f"YAML 格式错误：{exc}")]) from None
    except (ValueError, TypeError, AttributeError, ArithmeticError, RecursionError) as exc:
        # Constructors we do not know to fail: still the file's fault, never a traceback.
        raise FactsError(file, [Problem(file, None, "", f"YAML 内容无法读取：{type(exc).__name__}: {short(str(exc))}")]) from None
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
        _Walker(document, file, text).walk(node)
        if max(map(len, document.lines), default=0) >= MAX_DEPTH - 2:
            return None  # the Python loader refuses deep nesting with its own message
        document.data = loader.construct_document(node)
    except Exception:  # noqa: BLE001 - every problem is the Python loader's to report
        return None
    finally:
        if loader is not None:
            loader.dispose()
    return document


class _Walker:
    """One walk over the composed nodes, before anything is built: record the line of every
    key path, find duplicate keys, clean characters out of values, and bound the document.

    Nodes shared through aliases are visited once per path, so the counts are the size of the
    document as expanded: the cap on values and the cap on characters (one text of 5,000
    characters aliased 4,000 times is 20 million) are what stop an alias bomb, and the cap on
    depth stops a recursive alias (&a [*a]). Mappings merged in with `<<:` are walked too (they
    are copied into the mapping when it is built, so they count), without recording lines
    (record=False): the keys written in the mapping itself keep theirs."""

    def __init__(self, document: Document, file: str, text: str) -> None:
        self.document, self.file = document, file
        self.nodes = 0
        self.chars = 0
        self.comments = _cut_by_comment(text)

    def refuse(self, line: int, loc: Loc, message: str, hint: str = "") -> None:
        raise FactsError(self.file, [Problem(self.file, line, format_path(loc), message, hint)])

    def walk(self, node: yaml.Node, loc: Loc = (), depth: int = 0, record: bool = True) -> None:
        self.nodes += 1
        line = node.start_mark.line + 1
        if self.nodes > MAX_NODES:
            self.refuse(line, loc, f"文件展开后超过 {MAX_NODES} 个值（锚点/别名引用过多），拒绝读取")
        if depth > MAX_DEPTH:
            self.refuse(line, loc[:MAX_DEPTH], f"嵌套超过 {MAX_DEPTH} 层（可能是引用自身的锚点），拒绝读取")
        if record:
            self.document.lines.setdefault(loc, line)
        if isinstance(node, yaml.ScalarNode):
            self.scalar(node, loc)
        elif isinstance(node, yaml.MappingNode):
            self.mapping(node, loc, depth, record)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self.walk(item, loc + (index,), depth + 1, record)

    def mapping(self, node: yaml.MappingNode, loc: Loc, depth: int, record: bool) -> None:
        document, file = self.document, self.file
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.walk(value_node, loc, depth + 1, record=False)
                continue
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                # Never repr() the node: through aliases it can stand for millions of values.
                self.refuse(key_line, loc, "键应为文字，不能是列表或映射", "检查这一行开头是否多了“? ”、“[”或“{”")
            self.scalar(key_node, loc + (key_node.value,), key=True)
            key = key_node.value
            if record:
                if key in seen:
                    document.problems.append(Problem(file, key_line, format_path(loc + (key,)), f"键“{key}”重复：第 {seen[key]} 行和第 {key_line} 行都写了它", "同一层级的键只能出现一次，请合并或删除其中一处"))
                    continue
                seen[key] = key_line
                document.lines[loc + (key,)] = key_line
            self.walk(value_node, loc + (key,), depth + 1, record)

    def scalar(self, node: yaml.ScalarNode, loc: Loc, key: bool = False) -> None:
        self.chars += len(node.value)
        if self.chars > MAX_CHARS:
            self.refuse(node.start_mark.line + 1, loc, f"文件展开后超过 {MAX_CHARS // 10000} 万字（锚点/别名引用过多，或文字太多），拒绝读取")
        self.clean(node, loc)
        # a key is followed on its line by its value, which the comment follows: the value's hint
        if self.comments and not key and not node.style and node.tag == "tag:yaml.org,2002:str":
            column, comment = self.comments.get(node.end_mark.line, (-1, ""))
            if node.end_mark.column < column:
                self.document.hints.append(Problem(
                    self.file, node.end_mark.line + 1, format_path(loc),
                    "“ #”及其后的文字被当作注释，没有读进来；如果它是内容的一部分，请给整个值加引号",
                    level=HINT, kind="comment", words=short(f"{node.value} {comment}", 40)))


    def clean(self, node: yaml.ScalarNode, loc: Loc) -> None:
        """Remove what a document cannot hold (said by the lint as control_char) and what no
        one can see (zero-width and bidi characters: a value of nothing else is empty)."""
        value = node.value
        line = node.start_mark.line + 1
        found = UNWRITABLE.findall(value)
        if found:
            value = UNWRITABLE.sub("", value)
            self.document.removed.append((loc, line, _codes(found)))
        hidden = INVISIBLE.findall(value)
        if hidden:
            value = INVISIBLE.sub("", value)
            self.document.hints.append(Problem(self.file, line, format_path(loc), INVISIBLE_MESSAGE, level=HINT, kind="invisible_char", words=_codes(hidden)))
        node.value = value


def _codes(chars: list[str]) -> str:
    return "、".join(dict.fromkeys(f"U+{ord(ch):04X}" for ch in chars))


def _cut_by_comment(text: str) -> dict[int, tuple[int, str]]:
    """Line (0-based) → column and text of a comment glued to its words (值 #文字),
    the way a '#' meant as part of a text is written; a comment written as a comment has a
    space after the '#'. _Walker.scalar checks that it follows a plain text on the same line."""
    found = {}
    if "#" not in text:
        return found
    for number, line in enumerate(text.split("\n")):
        m = _GLUED_COMMENT.search(line)
        if m:
            found[number] = (m.start(1), line[m.start(1):].rstrip())
    return found


_GLUED_COMMENT = re.compile(r"\S[ \t]+(#)[^\s#]")

