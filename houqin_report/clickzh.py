"""click, in Chinese: its own usage errors (an unknown option, a missing argument, a bad
choice, a missing value, extra arguments, an unknown command), the usage line and the help
headings. cli.py builds its commands on these classes; click itself is not patched.

click's messages are English, and click only wraps them for gettext; so each error is said
again here from what the exception carries (the option's name, the parameter, the choices),
and the parameter types say what is wrong with a value in Chinese to begin with.
"""
from __future__ import annotations

import os
import re
import sys
from typing import Any

import click
from click.formatting import wrap_text

from houqin_report.text.chars import cell_width

HELP = "显示本帮助并退出。"
VERSION_HELP = "显示版本并退出。"
_HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}
_EXTRAS = (("[default: ", "[默认："), ("default: ", "默认："), ("[required]", "[必填]"), ("env var: ", "环境变量："))


class Formatter(click.HelpFormatter):
    """Chinese headings and labels, and columns aligned by how wide characters are on screen
    (a Chinese character takes two columns; click counts it as one)."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_HEADINGS.get(heading, heading)}：\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = [(term, _chinese(help_text)) for term, help_text in rows]
        first_col = min(max((cell_width(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, help_text in rows:
            self.write(f"{indent}{term}")
            if not help_text:
                self.write("\n")
                continue
            if cell_width(term) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_width(term)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap_text(help_text, max(self.width - first_col - 2, 10), preserve_paragraphs=True).splitlines() or [""]
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first_col + self.current_indent) + line + "\n")


def _chinese(text: str) -> str:
    for english, ours in _EXTRAS:
        text = text.replace(english, ours)
    return text


class Context(click.Context):
    formatter_class = Formatter


class _Chinese:
    """What a command and the group share: the Chinese context, options metavar, help option."""

    context_class = Context

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP
        return option


class Command(_Chinese, click.Command):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class Group(_Chinese, click.Group):
    """The group: its commands are Commands; main() says click's usage errors in Chinese."""

    command_class = Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as exc:
            if not standalone_mode:
                raise
            show(exc)
            sys.exit(exc.exit_code)
        except click.Abort:
            if not standalone_mode:
                raise
            click.echo("已中断。", err=True)
            sys.exit(1)
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)


def show(exc: click.ClickException) -> None:
    """The error as click would show it (the usage line, the help hint, the message), in Chinese."""
    ctx = getattr(exc, "ctx", None)
    lines = []
    if ctx is not None and isinstance(exc, click.UsageError):
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(f"运行“{ctx.command_path} -h”查看帮助。\n")
    lines.append(f"错误：{message(exc)}")
    click.echo("\n".join(lines), err=True, color=ctx.color if ctx is not None else None)


def _name(param: click.Parameter | None, ctx: click.Context | None) -> str:
    if param is None:
        return ""
    if isinstance(param, click.Argument):
        return param.make_metavar(ctx) if ctx is not None else (param.name or "").upper()
    return "/".join(param.opts)


_EXTRA = re.compile(r"Got unexpected extra arguments? \((.*)\)")
_WANTS_VALUE = re.compile(r"Option '(.+?)' requires (?:an argument|(\d+) arguments)")
_NO_VALUE = re.compile(r"Option '(.+?)' does not take a value")
_NO_COMMAND = re.compile(r"No such command '(.+?)'")


def message(exc: click.ClickException) -> str:
    """What click's exception says, in Chinese (our own messages are Chinese already)."""
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click.NoSuchOption):
        text = f"没有这个选项：{exc.option_name}"
        return text + (f"（是不是要写 {'、'.join(exc.possibilities)}？）" if exc.possibilities else "")
    if isinstance(exc, click.MissingParameter):
        param = exc.param
        kind = "参数" if isinstance(param, click.Argument) else "选项"
        return f"缺少{kind}“{_name(param, ctx)}”" if param is not None else "缺少参数"
    if isinstance(exc, click.BadParameter):
        param = exc.param
        kind = "参数" if isinstance(param, click.Argument) else "选项"
        return f"{kind} {_name(param, ctx)} 的值不对：{exc.message}" if param is not None else f"值不对：{exc.message}"
    text = exc.format_message()
    m = _EXTRA.match(text)
    if m:
        return f"多余的参数：{m.group(1)}"
    m = _WANTS_VALUE.match(text)
    if m:
        return f"选项 {m.group(1)} 后面要跟{m.group(2) or '一'}个值"
    m = _NO_VALUE.match(text)
    if m:
        return f"选项 {m.group(1)} 后面不能跟值"
    m = _NO_COMMAND.match(text)
    if m:
        known = "、".join(ctx.command.list_commands(ctx)) if ctx is not None and isinstance(ctx.command, click.Group) else ""
        return f"没有这个命令：{m.group(1)}" + (f"（可用的命令：{known}）" if known else "")
    if text.startswith("Missing command"):
        return "缺少命令"
    return text


# ---------------------------------------------------------------------------- parameter types


class Choice(click.Choice):
    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"“{value}”不是可选的值，可选：{'、'.join(map(str, self.choices))}", param, ctx)


class IntRange(click.IntRange):
    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "整数"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            self.fail(f"应为 {self.min} 到 {self.max} 之间的整数，不能是“{value}”", param, ctx)


class Path(click.Path):
    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "文件夹" if not self.file_okay else "文件" if not self.dir_okay else "路径"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            path = os.fsdecode(value)
            if not os.path.exists(path):
                reason = f"{path} 不存在"
            elif os.path.isdir(path) and not self.dir_okay:
                reason = f"{path} 是文件夹，这里要给一个文件"
            elif not os.path.isdir(path) and not self.file_okay:
                reason = f"{path} 是文件，这里要给一个文件夹"
            else:
                reason = f"无法使用 {path}"
            self.fail(reason, param, ctx)


__all__ = ["Group", "Command", "Context", "Formatter", "Choice", "IntRange", "Path", "show", "message", "HELP", "VERSION_HELP"]
