"""The one Jinja environment: sandboxed, undefined names are errors, filters for Chinese text.

Output escaping: every value a template prints ({{ … }}) is escaped for the outline's Markdown
(each ASCII punctuation mark gets a backslash), so text the user wrote can never become a
heading, a table cell border or emphasis, and template syntax in it is printed as written.
Template text itself and macro output (Markup) are not escaped. Autoescape is on only so that
macros return Markup; HTML escaping never applies because finalize already returns Markup.
"""
from __future__ import annotations

import re
import traceback
from pathlib import Path

from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined, TemplateError as JinjaError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from . import wording
from .errors import TemplateError
from .resources import resource_path

_ASCII_PUNCT = re.compile(r"([!-/:-@\[-`{-~])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def md_escape(value: object) -> Markup:
    if isinstance(value, Markup):
        return value
    text = _CONTROL.sub("", str(value))
    text = re.sub(r"\s*\n\s*", " ", text)  # one entry is one paragraph
    return Markup(_ASCII_PUNCT.sub(r"\\\1", text))


def build_environment(user_dir: Path | None = None, old_style_date: bool = False) -> SandboxedEnvironment:
    """Templates from user_dir first (if given), then the built-in templates/."""
    loaders = []
    if user_dir is not None:
        if not Path(user_dir).is_dir():
            raise TemplateError(f"模板文件夹 {user_dir} 不存在")
        loaders.append(FileSystemLoader(str(user_dir)))
    loaders.append(FileSystemLoader(str(resource_path("templates"))))
    env = SandboxedEnvironment(
        loader=ChoiceLoader(loaders),
        undefined=StrictUndefined,
        autoescape=True,
        finalize=md_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        yuan=wording.yuan,
        percent=wording.percent,
        share=wording.share,
        cn=wording.chinese_number,
        month_name=wording.month_name,
        date=lambda d: wording.cn_date(d, old_style_date),
        plain=wording.plain,
        change=wording.change,
        quantity=wording.quantity,
        clause=wording.clause,
        raw=lambda v: Markup(str(v)),  # for template authors' own literal Markdown only
    )
    env.globals["pick"] = _pick
    return env


def _pick(variant: int, *options: str) -> str:
    """A wording variant, the same for the same school on every run."""
    return options[variant % len(options)]


def render_template(env: SandboxedEnvironment, name: str, **context: object) -> str:
    """Render a template; any template problem becomes a TemplateError naming file and line."""
    try:
        return env.get_template(name).render(**context)
    except JinjaError as exc:
        where = _template_location(exc)
        raise TemplateError(f"模板错误（{where}）：{_reason(exc)}") from exc
    except Exception as exc:  # sandbox refusals and errors raised inside filters
        where = _template_location(exc)
        if where == name:
            raise
        raise TemplateError(f"模板错误（{where}）：{exc}") from exc


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
    m = re.match(r"'(.+?)(?: object)?' has no attribute '(.+)'", text)
    if m:
        return f"{m.group(1).rsplit('.', 1)[-1]} 没有名为“{m.group(2)}”的项"
    if "unsafe" in text or "access to attribute" in text:
        return f"模板不允许访问此属性（{text}）"
    if "not found" in text.lower() or type(exc).__name__ == "TemplateNotFound":
        return f"找不到模板 {text}"
    return text


__all__ = ["build_environment", "render_template", "md_escape"]
