"""The command line: thin wrappers over library functions. Errors are caught once, here."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from .errors import HouqinError

log = logging.getLogger("houqin_report")

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(click.Group):
    """Every user-facing error is printed in red (Chinese) with exit 1; --debug shows the traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except HouqinError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.secho(exc.message, fg="red", err=True)
            ctx.exit(1)
        except KeyboardInterrupt:
            click.secho("已中断，未写入任何不完整的文件。", fg="red", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings=CONTEXT)
@click.option("--debug", is_flag=True, help="出错时显示完整的 Python 调用栈（开发用）。")
@click.option("-v", "--verbose", count=True, help="显示更多过程信息。")
@click.option("-q", "--quiet", is_flag=True, help="只显示错误。")
@click.version_option(package_name="houqin-report", message="houqin-report %(version)s")
@click.pass_context
def main(ctx: click.Context, debug: bool, verbose: int, quiet: bool) -> None:
    """houqin：由学期事实文件（YAML）生成后勤工作总结、工作计划和教育局汇总报告。

    \b
    常用：
      houqin init 事实.yaml            生成一份待填写的事实文件
      houqin check 事实.yaml           检查事实文件，一次列出全部问题
      houqin schema -o facts.schema.json   导出 JSON Schema，供编辑器补全和检查
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    ctx.obj["quiet"] = quiet


def status(ctx: click.Context, text: str) -> None:
    """A status line per file written, silenced by -q."""
    if not ctx.obj.get("quiet"):
        click.echo(text)


@main.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
def check(ctx: click.Context, files: tuple[Path, ...]) -> None:
    """检查一个或多个事实文件，列出每个文件的全部问题。

    全部有效时退出码为 0，否则为 1。
    """
    from .errors import FactsError
    from .load import load_facts

    failed = 0
    for path in files:
        try:
            load_facts(path)
        except FactsError as exc:
            failed += 1
            click.secho(f"✗ {path}（{len(exc.problems)} 个问题）", fg="red", err=True)
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
        else:
            status(ctx, f"✓ {path}")
    if failed:
        click.secho(f"{failed} 个文件有问题，共检查 {len(files)} 个。", fg="red", err=True)
        ctx.exit(1)


@main.command(context_settings=CONTEXT)
@click.argument("path", required=False, default="事实.yaml", type=click.Path(path_type=Path))
@click.pass_context
def init(ctx: click.Context, path: Path) -> None:
    """生成一份待填写的事实文件（默认 事实.yaml），每个键都带中文说明；不会覆盖已有文件。"""
    from .starter import write_starter

    write_starter(path)
    status(ctx, f"写入 {path}")
    status(ctx, "把其中“请填写”的地方换成本学期的实际情况，再运行 houqin check 检查。")


@main.command(context_settings=CONTEXT)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="写入文件；不给则打印到屏幕。")
@click.pass_context
def schema(ctx: click.Context, output: Path | None) -> None:
    """导出事实文件的 JSON Schema，供 VS Code 等编辑器的 YAML 插件补全和检查键名。"""
    from .schema import schema_text

    text = schema_text()
    if output is None:
        click.echo(text)
        return
    from .atomic import write_bytes_atomic

    write_bytes_atomic(output, text.encode("utf-8"))
    status(ctx, f"写入 {output}")


if __name__ == "__main__":  # pragma: no cover
    main()
