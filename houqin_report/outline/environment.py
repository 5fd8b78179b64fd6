"""The one Jinja environment: sandboxed, undefined names are errors, filters for Chinese text.

Output escaping: every value a template prints ({{ … }}) is escaped for the outline's Markdown
where it would otherwise mean something there (md_escape), so text the user wrote can never
become a heading, a table cell border or emphasis, and template syntax in it is printed as
written; 9.19万元 and 50% are left as they are.
Template text itself and macro output (Markup) are not escaped. Autoescape is on only so that
macros return Markup; HTML escaping never applies because finalize already returns Markup.

A user's templates folder (--templates) is code the tool runs, possibly written by someone
else (a bureau hands its templates to its schools). So templates cannot:
- read files outside their folders: `..` and absolute names are refused, and so is a file
  that is a link to somewhere outside (_RootedLoader);
- reach Python internals: the sandbox refuses `_` attributes (`__class__`, `__globals__`);
  besides, of a pydantic model only its fields and our properties may be read, because its
  inherited class methods reach files and pickle (`Facts.parse_file`, `parse_raw`);
- exhaust memory or time: `"x" * 10**10`, `10 ** 10 ** 10`, `'x'.ljust(10**9)`,
  `'{:>999999999}'.format(1)`, `%` formatting, doubling with `~` or `+`, nested range loops,
  a billion characters of output (limits.py; the sandbox's calls and operators go through it).
Every such refusal, and every other template problem, is a TemplateError naming the file and
line, in Chinese.
"""
from __future__ import annotations

import decimal
import inspect
import os
import re
import stat
import traceback
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, TemplateError as JinjaError
from jinja2.exceptions import SecurityError, TemplateNotFound, TemplateSyntaxError
from jinja2.sandbox import MAX_RANGE, SandboxedEnvironment
from markupsafe import Markup
from pydantic import BaseModel

from houqin_report.outline import limits, wording
from houqin_report.errors import TemplateError
from houqin_report.resources import resource_path
from houqin_report.text.chars import one_line, writable
from houqin_report.text.punctuation import full_width, tidy_item

# Escaped wherever they are: what starts inline Markdown (code, emphasis, links, autolinks,
# a table cell's border), a backslash before punctuation or at the end (it would escape what
# the template writes next), and & before what reads as an entity (&amp;).
_INLINE = re.compile(r"[`*_\[\]<|]|\\(?=[!-/:-@\[-`{-~]|$)|&(?=#?\w+;)")
# Escaped at the start of a value (a template may print it at the start of a line): what
# starts a block there (a heading, a quote, a list item, a rule, a fence, a ::: container).
_BLOCK = re.compile(r"^(\s*)(?:([#>=+~-])|(\d{1,9})([.)])(?=[ \t]|$)|(:)(?=::))")
# A heading's closing #s: "#### 问题 #" would lose its "#".
_CLOSING = re.compile(r"(?<=[ \t])#(?=#*[ \t]*$)")


def md_escape(value: object) -> Markup:
    """value as outline text that reads back as exactly that text, escaped only where it
    would otherwise mean something to the outline's Markdown: 9.19万元 and 50% stay as they
    are, *, [ and | get a backslash."""
    if isinstance(value, Markup):
        limits.wrote(value)
        return value
    text = one_line(str(limits.printable(value)))  # one entry is one paragraph, one table cell
    text = full_width(text)  # GB/T 15834: (，；：) inside Chinese text
    # The loader removes these from the facts with a warning (facts/read.py); the last guard.
    text = writable(text)
    text = _INLINE.sub(lambda m: "\\" + m.group(0), text)
    text = _BLOCK.sub(lambda m: m.group(1) + (m.group(3) or "") + "\\" + (m.group(2) or m.group(4) or m.group(5)), text, count=1)
    text = _CLOSING.sub(r"\\#", text)
    limits.wrote(text)
    return Markup(text)


class _Sandbox(SandboxedEnvironment):
    """Jinja's sandbox, plus: pydantic models show only their data; no giant results, loops
    or outputs (limits.py: every template's tree is guarded as it is parsed)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, type):
            return not issubclass(obj, BaseModel)
        if isinstance(obj, BaseModel):
            cls = type(obj)
            return (attr in cls.model_fields or attr in (obj.model_extra or {})
                    or isinstance(inspect.getattr_static(cls, attr, None), property))
        return True

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:  # noqa: ANN001
        if operator == "**" and isinstance(right, (int, float, decimal.Decimal)) and abs(right) > 100:
            raise SecurityError(f"模板中的乘方 ** {right} 过大（指数最多为 100）")
        limits.binop(operator, left, right)
        return super().call_binop(context, operator, left, right)

    def call(__self, __context, __obj, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN001, N805 - Jinja's signature
        limits.step(limits.CALL_COST)
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        args, kwargs = limits.method_call(owner, name, args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(owner, (list, dict, set)):
            limits.sized(owner, f"{name}()")  # list.extend(list) doubles in place
        return limits.sized(result, f"{name}()" if name else "这一步")

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner, name = value.__self__, value.__name__

        def bounded(*args: Any, **kwargs: Any) -> str:
            limits.method_call(owner, name, args, kwargs)
            return wrapped(*args, **kwargs)

        return bounded

    def _parse(self, source: str, name: str | None, filename: str | None):  # noqa: ANN202 - Jinja's
        return limits.guard_tree(super()._parse(source, name, filename))


def _inside(path: str, root: str) -> bool:
    real, root = os.path.realpath(path), os.path.realpath(root)
    try:
        return os.path.commonpath([real, root]) == root
    except ValueError:  # different drives on Windows
        return False


class _RootedLoader(FileSystemLoader):
    """A template folder whose templates can only be files inside it."""

    def get_source(self, environment, template: str):  # noqa: ANN001
        pieces = template.replace("\\", "/").split("/")
        if ".." in pieces or template.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", template):
            raise SecurityError(f"模板名“{template}”指向模板文件夹以外，只能引用模板文件夹中的文件")
        source, filename, uptodate = self._read(environment, template)
        if not any(_inside(filename, root) for root in self.searchpath):
            raise SecurityError(f"模板 {filename} 是指向模板文件夹以外的链接，拒绝读取")
        return source, filename, uptodate

    def _read(self, environment, template: str):  # noqa: ANN001
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError:
            raise SecurityError(f"模板“{template}”不是 UTF-8 编码的文本文件，请用 UTF-8 另存") from None


# Bump when the options of the environment below change: they shape the compiled code, and
# Jinja's cache only checks the template's source.
_CODE_VERSION = "2"  # 2: the guarded tree (limits.py)


class _BytecodeCache(FileSystemBytecodeCache):
    """Compiled templates kept between runs (compiling summary.md.j2 and its macros takes
    about 50 ms, loading them a millisecond), in the user's cache folder beside jieba's
    (houqin_report.cache), in a folder per Jinja version. Jinja checks each entry against the
    template's source. An entry someone else could have written is never read (it is code),
    and a cache that cannot be read or written only costs the compiling."""

    def load_bytecode(self, bucket) -> None:  # noqa: ANN001
        try:
            st = os.lstat(self._get_cache_filename(bucket))
            if not stat.S_ISREG(st.st_mode) or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
                return
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a missing or broken entry: compile again
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:  # noqa: ANN001
        try:
            os.makedirs(self.directory, mode=0o700, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def _bytecode_cache() -> _BytecodeCache | None:
    import jinja2

    from houqin_report.cache import cache_dir

    folder = cache_dir()
    if folder is None:
        return None
    return _BytecodeCache(str(folder / f"jinja-{jinja2.__version__}-{_CODE_VERSION}"))


def build_environment(user_dir: Path | None = None, old_style_date: bool = False) -> SandboxedEnvironment:
    """Templates from user_dir first (if given), then the built-in templates/."""
    loaders = []
    if user_dir is not None:
        if not Path(user_dir).is_dir():
            raise TemplateError(f"模板文件夹 {user_dir} 不存在")
        loaders.append(_RootedLoader(str(user_dir)))
    loaders.append(_RootedLoader(str(resource_path("templates"))))
    env = _Sandbox(
        loader=ChoiceLoader(loaders),
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=md_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        yuan=wording.yuan,
        yuan_column=wording.yuan_column,
        money=wording.prose_yuan,
        percent=wording.percent,
        cn=wording.chinese_number,
        month_name=wording.month_name,
        date=lambda d: wording.cn_date(d, old_style_date),
        plain=wording.plain,
        change=wording.change,
        quantity=wording.quantity,
        clause=wording.clause,
        item=tidy_item,
        raw=lambda v: Markup(str(v)),  # for template authors' own literal Markdown only
    )
    env.globals["pick"] = _pick
    limits.install(env)
    return env


def _pick(variant: int, *options: str) -> str:
    """A wording variant, the same for the same school on every run."""
    return options[variant % len(options)]


def render_template(env: SandboxedEnvironment, name: str, budget_scale: float = 1.0, **context: object) -> str:
    """Render a template; any template problem becomes a TemplateError naming file and line.
    budget_scale: the template's limits in proportion to its input (limits.scale_for)."""
    try:
        with limits.budget(budget_scale):
            return env.get_template(name).render(**context)
    except JinjaError as exc:
        where = _template_location(exc)
        raise TemplateError(f"模板错误（{where}）：{_reason(exc)}") from exc
    except Exception as exc:  # sandbox refusals and errors raised inside filters
        where = _template_location(exc)
        if where == name:
            raise
        raise TemplateError(f"模板错误（{where}）：{_runtime_reason(exc)}") from exc


def _template_location(exc: BaseException) -> str:
    filename = getattr(exc, "filename", None)
    lineno = getattr(exc, "lineno", None)
    if filename and lineno:
        return f"{filename}:{lineno}"
    # Jinja rewrites runtime tracebacks so that template frames carry the template's file.
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".j2", ".jinja", ".md")) or "/templates/" in frame.filename:
            return f"{frame.filename}:{frame.lineno}"
    return getattr(exc, "name", None) or "模板"


def _reason(exc: JinjaError) -> str:
    text = exc.message or str(exc)
    m = re.match(r"'(.+)' is undefined", text)
    if m:
        return f"未定义的名称“{m.group(1)}”"
    m = re.match(r"access to attribute '(.+?)' of '(.+?)' object is unsafe", text)
    if m:
        return (f"模板不允许访问 {m.group(2)} 的“{m.group(1)}”：出于安全考虑，模板只能读取报告中的数据，"
                "不能使用以下划线开头的属性或 Python 的内部对象和方法")
    m = re.match(r"'(.+?)(?: object)?' has no attribute '(.+)'", text)
    if m:
        return f"{m.group(1).rsplit('.', 1)[-1]} 没有名为“{m.group(2)}”的项"
    if isinstance(exc, TemplateNotFound):
        return f"找不到模板 {exc.name}"
    if isinstance(exc, TemplateSyntaxError):
        return f"模板语法错误：{text}"
    if isinstance(exc, SecurityError):
        return text if re.search(r"[\u4e00-\u9fff]", text) else f"模板不允许这样做（{text}）"
    return text


def _runtime_reason(exc: Exception) -> str:
    """Errors Python raises while a template runs, in words a template author understands."""
    if isinstance(exc, RecursionError):
        return "模板引用了自身（extends 或 include 形成循环，或宏无限递归）"
    if isinstance(exc, OverflowError) and "range" in str(exc).lower():
        return f"range() 过大：模板中的 range 最多 {MAX_RANGE} 项"
    if isinstance(exc, ZeroDivisionError):
        return "除数为零"
    if isinstance(exc, decimal.DecimalException):
        return "数字无法计算或格式化（过滤器的参数应为数字）"
    if isinstance(exc, MemoryError):
        return "内存不足（模板生成的内容过多）"
    return f"{type(exc).__name__}: {exc}"


__all__ = ["build_environment", "render_template", "md_escape"]
