"""Bounds on what a template may make (a user's --templates folder runs in the sandbox, and
can still ask for a billion characters or loops): every refusal is a SecurityError in Chinese,
which environment.render_template reports with the template's file and line.

- size: no operation makes a text or a list longer than MAX_SIZE (`*`, `+`, `%`, `~`,
  str.format / ljust / rjust / center / zfill / expandtabs / join / replace / translate, and
  the filters center, indent, format, replace, join, wordwrap), checked before the result is
  built where its size can be told beforehand, and after it where it cannot grow unbounded;
- output: a render writes at most MAX_OUTPUT characters (template text included);
- steps: at most MAX_STEPS loop iterations and calls per render (nested range() loops), and
  at most MAX_SECONDS seconds.

These are for a document of one school, or a bureau's of up to SCHOOLS schools; a bureau's
report of more schools has them all in proportion (10,000 schools' report is 3.85 million
characters, rendered in about three seconds: 100,000 schools ran out of the 20 seconds): what a
template may do grows with what it is given, never without a bound.

The template's tree is rewritten when it is parsed (guard_tree) so that loops, macros, `~` and
the template's own text pass through these checks; the budget of a render lives in a context
variable (render_template opens it), so renders in threads do not share one.
"""
from __future__ import annotations

import contextvars
import re
import string
import time
from contextlib import contextmanager
from functools import wraps
from typing import Any, Iterator

from jinja2 import filters, nodes
from jinja2.exceptions import SecurityError
from jinja2.runtime import markup_join
from jinja2.utils import pass_environment, pass_eval_context
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, soft_str

MAX_SIZE = 1_000_000  # characters or items one operation in a template may produce
MAX_OUTPUT = 20_000_000  # characters a render may write (a bureau report of 10,000 schools writes about three million)
MAX_STEPS = 500_000  # loop iterations (a call counts CALL_COST) in one render (that report takes about 10,000)
MAX_SECONDS = 20.0
SCHOOLS = 5_000  # a bureau's report of this many schools uses under a tenth of each limit

LOOP, CONCAT, CHARGE = "_houqin_loop", "_houqin_concat", "_houqin_charge"


class Budget:
    """What one render has left."""

    def __init__(self, scale: float = 1.0) -> None:
        self.max_steps, self.max_output, self.max_size = int(MAX_STEPS * scale), int(MAX_OUTPUT * scale), int(MAX_SIZE * scale)
        self.seconds = MAX_SECONDS * scale
        self.steps = 0
        self.output = 0
        self.deadline = time.monotonic() + self.seconds

    def step(self, cost: int = 1) -> None:
        self.steps += cost
        if self.steps > self.max_steps:
            raise SecurityError(f"模板中的循环或调用次数过多（超过 {self.max_steps} 次），可能是嵌套的 range 循环或无限递归")
        if self.steps & 63 < cost and time.monotonic() > self.deadline:
            raise SecurityError(f"模板运行超过 {self.seconds:.0f} 秒，已停止（可能是循环过多）")

    def write(self, n: int) -> None:
        self.output += n
        if self.output > self.max_output:
            raise SecurityError(f"模板生成的内容过多（超过 {self.max_output // 10000} 万字），已停止")


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("houqin_template_budget", default=None)


def scale_for(schools: int) -> float:
    """The scale of the limits for a bureau's report of this many schools (1 up to SCHOOLS)."""
    return max(1.0, schools / SCHOOLS)


@contextmanager
def budget(scale: float = 1.0) -> Iterator[Budget]:
    """The budget of one render, for the calls below; scale: see scale_for."""
    token = _BUDGET.set(Budget(scale))
    try:
        yield _BUDGET.get()
    finally:
        _BUDGET.reset(token)


CALL_COST = 5  # a call (a macro above all) costs about five loop iterations


def step(cost: int = 1) -> None:
    current = _BUDGET.get()
    if current is not None:
        current.step(cost)


def wrote(text: str) -> None:
    current = _BUDGET.get()
    if current is not None:
        current.write(len(text))


def _max_size() -> int:
    """MAX_SIZE, in proportion for the render under way (Budget)."""
    current = _BUDGET.get()
    return current.max_size if current is not None else MAX_SIZE


def too_big(operation: str) -> SecurityError:
    return SecurityError(f"模板中的{operation}会生成过长的文字或列表（超过 {_max_size()} 个）")


_CONTAINERS = (list, tuple, dict, set, frozenset)


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str,) + _CONTAINERS) else None


def weight(value: Any, cap: int | None = None) -> int:
    """About how many characters value prints as: a text its length, a list or mapping the
    weight of everything in it, however deep and however often one object is in it again
    ([[1] * 1000] * 1000 is a million); counted only up to just past cap."""
    if isinstance(value, str):
        return len(value)
    if not isinstance(value, _CONTAINERS):
        return 1
    cap = _max_size() if cap is None else cap
    total, stack, seen = 0, [value], set()
    while stack and total <= cap:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, _CONTAINERS):
            if id(item) in seen and item is value:
                continue  # a list that holds itself prints as [...]
            seen.add(id(item))
            total += 2
            stack.extend(item.keys() if isinstance(item, dict) else ())
            stack.extend(item.values() if isinstance(item, dict) else item)
        else:
            total += 1
    return total


def printable(value: Any, operation: str = "打印") -> Any:
    """value, unless printing it would write more than MAX_SIZE characters."""
    if isinstance(value, _CONTAINERS) and weight(value) > _max_size():
        raise too_big(operation)
    return value


def sized(value: Any, operation: str = "这一步") -> Any:
    """value, unless it is a text or collection longer than MAX_SIZE."""
    n = _size(value)
    if n is not None and n > _max_size():
        raise too_big(operation)
    return value


def _need(n: int | float, operation: str) -> None:
    if n > _max_size():
        raise too_big(operation)


# ---------------------------------------------------------------------------- operators

_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")


def _percent_growth(fmt: str) -> int:
    """Characters `fmt % …` may add beyond its arguments: the widths and precisions it asks for."""
    total = len(fmt)
    for width, precision, _ in _PERCENT_SPEC.findall(fmt):
        if "*" in (width, precision):
            raise SecurityError("模板中的 % 格式化不能用 * 指定宽度")
        total += max(int(width or 0), int(precision or 0))
    return total


_FORMAT_SPEC = re.compile(r"^(?:.?[<>=^])?[-+ ]?[#z]?0?(\d*)[,_]?(?:\.(\d+))?")


def _format_growth(fmt: str) -> int:
    """The same for str.format: the width and precision of every field."""
    total = len(fmt)
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return total  # str.format says what is wrong
    for _, name, spec, _ in fields:
        if name is None or not spec:
            continue
        if "{" in spec:
            raise SecurityError("模板中的 format 格式说明里不能再嵌套 { }")
        m = _FORMAT_SPEC.match(spec)
        total += max(int(m.group(1) or 0), int(m.group(2) or 0)) if m else 0
    return total


def binop(operator: str, left: Any, right: Any) -> None:
    """Refuse, before it is computed, a * + or % whose result would be too long."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if _size(seq) is not None and isinstance(times, int) and not isinstance(times, bool):
                _need(max(len(seq), 1) * times, "乘法")
                _need(weight(seq, _max_size() // max(times, 1)) * times, "乘法")
    elif operator == "+":
        if _size(left) is not None and _size(right) is not None:
            _need(weight(left) + weight(right), "加法")
    elif operator == "%" and isinstance(left, str):
        _need(_percent_growth(left) + _args_size(right), "% 格式化")


def _args_size(args: Any) -> int:
    items = args.values() if isinstance(args, dict) else args if isinstance(args, tuple) else (args,)
    return sum(weight(a) + 24 for a in items)


# ---------------------------------------------------------------------------- methods


def _repeat(iterable: Any, operation: str) -> list:
    items = list(iterable) if not isinstance(iterable, (list, tuple)) else iterable
    _need(len(items), operation)
    return items


def method_call(obj: Any, name: str, args: tuple, kwargs: dict) -> tuple[tuple, dict]:
    """Refuse a str method call whose result would be too long (judged before it runs);
    returns the arguments to call it with (an iterable to join is taken into a list once)."""
    if not isinstance(obj, str):
        return args, kwargs
    operation = f"{name}()"
    if name in ("ljust", "rjust", "center", "zfill"):
        width = args[0] if args else kwargs.get("width", 0)
        if isinstance(width, int):
            _need(width, operation)
    elif name == "expandtabs":
        size = args[0] if args else kwargs.get("tabsize", 8)
        if isinstance(size, int):
            _need(len(obj) * max(size, 1), operation)
    elif name == "join" and args:
        items = _repeat(args[0], operation)
        _need(sum(weight(i) for i in items) + len(obj) * max(len(items) - 1, 0), operation)
        args = (items,) + args[1:]
    elif name == "replace" and len(args) >= 2 and isinstance(args[0], str) and isinstance(args[1], str):
        count = obj.count(args[0]) if args[0] else len(obj) + 1
        if len(args) > 2 and isinstance(args[2], int) and args[2] >= 0:
            count = min(count, args[2])
        _need(len(obj) + count * max(len(args[1]) - len(args[0]), 0), operation)
    elif name == "translate" and args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, str)), default=1)
        _need(len(obj) * max(longest, 1), operation)
    elif name in ("format", "format_map"):
        values = args[0] if name == "format_map" and args else tuple(args) + tuple(kwargs.values())
        _need(_format_growth(obj) + _args_size(values), f"{name} 格式化")
    return args, kwargs


# ---------------------------------------------------------------------------- filters


def _center(value: Any, width: int = 80) -> str:
    _need(width if isinstance(width, int) else 0, "center 过滤器")
    return soft_str(value).center(width)


def _indent(s: Any, width: int | str = 4, first: bool = False, blank: bool = False) -> str:
    text = soft_str(s)
    if isinstance(width, int):
        _need(width, "indent 过滤器")
    pad = width if isinstance(width, str) else " " * width
    _need(len(text) + (text.count("\n") + 1) * len(pad), "indent 过滤器")
    return filters.do_indent(s, pad, first, blank)


def _format(value: Any, *args: Any, **kwargs: Any) -> str:
    if isinstance(value, str):
        _need(_percent_growth(value) + _args_size(kwargs or args), "format 过滤器")
    return sized(filters.do_format(value, *args, **kwargs), "format 过滤器")


@pass_eval_context
def _replace(eval_ctx, s: Any, old: str, new: str, count: int | None = None) -> str:  # noqa: ANN001
    method_call(soft_str(s), "replace", (soft_str(old), soft_str(new)) + ((count,) if count is not None else ()), {})
    return filters.do_replace(eval_ctx, s, old, new, count)


@pass_eval_context
def _join(eval_ctx, value: Any, d: str = "", attribute: Any = None) -> str:  # noqa: ANN001
    items = _repeat(value, "join 过滤器")
    if attribute is None:
        _need(sum(weight(i) for i in items) + len(soft_str(d)) * max(len(items) - 1, 0), "join 过滤器")
    return sized(filters.sync_do_join(eval_ctx, items, d, attribute), "join 过滤器")


@pass_environment
def _wordwrap(environment, s: str, width: int = 79, break_long_words: bool = True,  # noqa: ANN001
              wrapstring: str | None = None, break_on_hyphens: bool = True) -> str:
    text = soft_str(s)
    joiner = wrapstring if wrapstring is not None else environment.newline_sequence
    _need(len(text) + (len(text) // max(int(width), 1) + 1) * len(joiner), "wordwrap 过滤器")
    return filters.do_wordwrap(environment, s, width, break_long_words, wrapstring, break_on_hyphens)


FILTERS = {"center": _center, "indent": _indent, "format": _format, "replace": _replace, "join": _join, "wordwrap": _wordwrap}


def _printing(func: Any) -> Any:
    """A filter that first makes sure its value does not print as more than MAX_SIZE
    characters (|string, |tojson, |pprint, |e … all print it)."""
    skip = 1 if getattr(func, "jinja_pass_arg", None) is not None else 0

    @wraps(func)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if len(args) > skip:
            printable(args[skip], "过滤器")
        return func(*args, **kwargs)

    return guarded


def install(env: Any) -> None:
    """The bounded filters and the guards the rewritten tree calls, into env."""
    env.filters.update(FILTERS)
    for name, func in list(env.filters.items()):
        env.filters[name] = _printing(func)
    env.globals["lipsum"] = _lipsum
    env.globals[LOOP] = _loop
    env.globals[CONCAT] = _concat
    env.globals[CHARGE] = _charge


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002 - Jinja's names
    from jinja2.utils import generate_lorem_ipsum

    _need(int(n) * int(max) * 12, "lipsum()")  # a word and its space are at most 12 characters
    return generate_lorem_ipsum(n, html, min, max)


class _Counted:
    """An iterable whose every item costs a step and the loop body's own text (loop.length
    still works)."""

    __slots__ = ("_it", "_text")

    def __init__(self, iterable: Any, text: int) -> None:
        self._it, self._text = iterable, text

    def __iter__(self) -> Iterator[Any]:
        current = _BUDGET.get()
        for item in self._it:
            if current is not None:
                current.step()
                current.write(self._text)
            yield item

    def __len__(self) -> int:
        return len(self._it)


def _loop(iterable: Any, text: int = 0) -> Any:
    return _Counted(iterable, text)


def _concat(*parts: Any) -> str:
    _need(sum(weight(p) for p in parts), "~ 连接")
    return markup_join(parts)


def _charge(text: int) -> str:
    current = _BUDGET.get()
    if current is not None:
        current.write(text)
    return ""


_OWN_TEXT = (nodes.For, nodes.Macro, nodes.CallBlock)  # nodes whose body charges its own text


def _text_in(body: list) -> int:
    """Characters of template text in body that are written each time body runs (at most:
    both arms of an if count), not counting loops, macros and call blocks inside it."""
    total = 0
    for node in body:
        if isinstance(node, nodes.TemplateData):
            total += len(node.data)
        elif not isinstance(node, _OWN_TEXT):
            total += _text_in(list(node.iter_child_nodes()))
    return total


class _Guard(NodeTransformer):
    """Loops count their steps and their body's text, macros and call blocks their text on
    each call, a template its text each time it is rendered or included, `~` its size."""

    def visit_Template(self, node: nodes.Template) -> nodes.Node:
        self.generic_visit(node)
        node.body.insert(0, _charged(_text_in(node.body), 1))
        return node

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = _call(LOOP, [node.iter, nodes.Const(_text_in(node.body) + _text_in(node.else_), lineno=node.lineno)], node.iter.lineno)
        return node

    def visit_Macro(self, node: nodes.Macro) -> nodes.Node:
        self.generic_visit(node)
        node.body.insert(0, _charged(_text_in(node.body), node.lineno))
        return node

    visit_CallBlock = visit_Macro

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return _call(CONCAT, list(node.nodes), node.lineno)


def _call(name: str, args: list, lineno: int) -> nodes.Call:
    return nodes.Call(nodes.Name(name, "load", lineno=lineno), args, [], None, None, lineno=lineno)


def _charged(size: int, lineno: int) -> nodes.Output:
    return nodes.Output([_call(CHARGE, [nodes.Const(size, lineno=lineno)], lineno)], lineno=lineno)


def guard_tree(tree: nodes.Template) -> nodes.Template:
    return _Guard().visit(tree)


__all__ = ["MAX_SIZE", "MAX_OUTPUT", "MAX_STEPS", "MAX_SECONDS", "SCHOOLS", "scale_for", "budget", "step", "wrote", "sized", "binop", "method_call", "install", "guard_tree"]
