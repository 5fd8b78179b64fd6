"""A YAML mistake in the words of the person who made it, on the line where they made it.

PyYAML reports where its scanner gave up, in English: a key written with the full-width colon
(上级单位：区教育局) or without the space after the colon (排查次数:3) is found one line later,
or past the end of the file, as "could not find expected ':'". Here the lines the scanner read
up to that point are searched for those two mistakes first; a value that starts with a
character YAML reserves (@ ` % ! > | *) is named by that character; everything else keeps
PyYAML's place, with its reason in Chinese.
"""
from __future__ import annotations

import re

import yaml

from houqin_report.errors import Problem

GENERIC_HINT = "检查这一行的缩进、冒号后的空格和引号是否成对"
_VALUE = re.compile(r"^\s*(?:-\s+)*(?:[^\s:'\"][^:]*:\s+)?(.*?)\s*$")

# A key and its value as a person would write them, but with the full-width colon, or with no
# space after the colon. The key cannot start with what starts other YAML (quotes, brackets,
# - ? # & * ! | > % @ `); 12:30 (digits on both sides) is a time or a ratio, not a key.
_KEY = r"[^\s#'\"\[\]{}:：,&*!|>%@`?-][^:：#]*?"
_FULL_WIDTH = re.compile(rf"^\s*(?:-\s+)?({_KEY})\s*：\s*(.*?)\s*$")
_NO_SPACE = re.compile(rf"^\s*(?:-\s+)?({_KEY}):(?=[^\s:/])(.*?)\s*$")

_REASONS = {
    "mapping values are not allowed here": "此处不能出现“键: 值”（常见原因：冒号后缺空格、缩进不对或值里有未加引号的冒号）",
    "could not find expected ':'": "缺少冒号“:”",
    "found character '\\t' that cannot start any token": "含有制表符（Tab），请改用空格缩进",
    "expected <block end>, but found": "缩进不一致",
    "found unexpected end of stream": "文件意外结束（引号或括号未闭合）",
    "found unknown escape character": "双引号内有无法识别的反斜杠转义",
    "found unhashable key": "键不能是列表或映射",
    "found duplicate anchor": "锚点（&名称）重复定义",
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


def short(text: str, n: int = 80) -> str:
    return text if len(text) <= n else text[:n] + "…"


def reader_problem(exc: yaml.reader.ReaderError, text: str, file: str) -> Problem:
    """A character YAML does not allow anywhere in a file (a raw control character)."""
    position = exc.position if isinstance(exc.position, int) else 0
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
    return Problem(file, line, "", f"第 {column} 个字符是不可见的控制字符（{code}），YAML 文件中不允许出现",
                   "这通常是从别处复制来的隐藏字符，请删去；需要时可在双引号内写成转义形式")


def yaml_problem(exc: yaml.MarkedYAMLError, text: str, file: str) -> Problem:
    """The one problem a YAML syntax error is, on the line the person wrote it."""
    lines = text.split("\n")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line if mark else None
    found = _misplaced_colon(exc, lines)
    if found is not None:
        number, message, hint = found
        return Problem(file, number + 1, "", f"YAML 格式错误：{message}", hint)
    reserved = _reserved_start(exc, lines)
    if reserved is not None and line is not None and line < len(lines):
        value = _VALUE.match(lines[line]).group(1).replace('"', '\\"')
        return Problem(file, line + 1, "", f"YAML 格式错误：{reserved}", f"请给整个值加引号，写成“\"{short(value, 30)}\"”")
    return Problem(file, line + 1 if line is not None else None, "", f"YAML 格式错误：{_reason(exc)}", GENERIC_HINT)


def _misplaced_colon(exc: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, str, str] | None:
    """(line, message, hint) of a key written with '：' or without the space after ':'. Such a
    line is read as a plain text running on to the next line, where the scanner stops: "could
    not find expected ':'" (the text began at context_mark) or "mapping values are not allowed
    here" (it began on the line before). Only those lines are looked at: elsewhere, a list item
    with a full-width colon (- 时间：3月) is ordinary text."""
    problem = exc.problem or ""
    if exc.problem_mark is None or not problem.startswith(("could not find expected ':'", "mapping values are not allowed here")):
        return None
    stop = min(exc.problem_mark.line, len(lines) - 1)
    if exc.context_mark is not None and (exc.context or "").startswith("while scanning a simple key"):
        candidates = range(min(exc.context_mark.line, stop), stop + 1)
    else:
        candidates = range(max(stop - 1, 0), stop + 1)
    for number in candidates:
        line = lines[number]
        if line.lstrip().startswith("#") or ": " in line or line.rstrip().endswith(":"):
            continue
        m = _FULL_WIDTH.match(line)
        if m:
            key, value = m.group(1).strip(), m.group(2)
            return number, "冒号写成了中文的全角冒号“：”", f"键后面要用英文冒号加一个空格，应写成“{short(key, 20)}: {short(value, 20)}”"
        m = _NO_SPACE.match(line)
        if m and not (m.group(1)[-1:].isdigit() and m.group(2)[:1].isdigit()):
            key, value = m.group(1).strip(), m.group(2)
            return number, "冒号“:”后面缺少空格", f"键的冒号后面要有一个空格，应写成“{short(key, 20)}: {short(value, 20)}”"
    return None


_CANNOT_START = re.compile(r"found character '(.)' that cannot start any token")


def _reserved_start(exc: yaml.MarkedYAMLError, lines: list[str]) -> str | None:
    """A value that starts with a character YAML keeps for itself."""
    problem, context = exc.problem or "", exc.context or ""
    m = _CANNOT_START.match(problem)
    if m and m.group(1) != "\t":
        return f"值不能以“{m.group(1)}”开头（YAML 保留了这个字符）"
    if context.startswith("while parsing a tag") or context.startswith("while scanning a tag"):
        return "值不能以“!”开头（YAML 会把它当作标签）"
    if context.startswith("while scanning a block scalar"):
        return "以“|”或“>”开头的值表示多行文字，文字要另起一行并缩进；只是一个值时不能以它们开头"
    if problem.startswith("found undefined alias") or context.startswith("while scanning an alias"):
        return "值不能以“*”开头（YAML 会把它当作别名，引用 &锚点）"
    if context.startswith("while scanning an anchor"):
        return "值不能以“&”开头（YAML 会把它当作锚点）"
    if context.startswith("while parsing a node") and problem.startswith("found undefined tag handle"):
        return "值不能以“!”开头（YAML 会把它当作标签）"
    return None


def _reason(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or str(exc)
    for key, text in _REASONS.items():
        if problem.startswith(key) or (exc.context or "").startswith(key):
            return text
    return short(problem)


__all__ = ["yaml_problem", "reader_problem", "short", "GENERIC_HINT"]
