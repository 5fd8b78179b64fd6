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


def _document_options(func):
    """Options shared by the commands that write a document."""
    options = [
        click.option("-o", "--output", type=click.Path(path_type=Path), help="输出的 .docx 文件（--format md 时可省略，打印到屏幕）。"),
        click.option("--format", "fmt", type=click.Choice(["docx", "md"]), default="docx", show_default=True, help="md：只输出大纲文本，不生成 .docx。"),
        click.option("--templates", type=click.Path(path_type=Path, file_okay=False), help="自己的模板文件夹，优先于内置模板。"),
        click.option("--profile", type=click.Choice(["公文", "校内"]), default="公文", show_default=True, help="样式：公文（GB/T 9704）或 校内（Windows 常用字体）。"),
        click.option("--reference", type=click.Path(path_type=Path, dir_okay=False, exists=True), help="用自己的 .docx 作样式参考（如带红头的模板）。"),
        click.option("--old-date", is_flag=True, help="落款日期用汉字：二〇二四年七月五日。"),
        click.option("--pdf", is_flag=True, help="同时生成 PDF（需要安装 LibreOffice）。"),
        click.option("--dry-run", is_flag=True, help="只检查和生成，不写文件。"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _emit(ctx: click.Context, outline: str, output: Path | None, fmt: str, opts, pdf: bool, dry_run: bool, sources: tuple[Path, ...]) -> None:
    """Write the outline as Markdown or .docx (and PDF), or just say what would be written."""
    from .atomic import write_bytes_atomic
    from .documents import write_docx
    from .errors import OutputError

    if fmt == "md":
        if output is None:
            click.echo(outline, nl=False)
        elif not dry_run:
            write_bytes_atomic(output, outline.encode("utf-8"))
            status(ctx, f"写入 {output}")
        return
    if output is None:
        raise click.UsageError("请用 -o 指定输出的 .docx 文件，例如 -o out/总结.docx")
    if output.suffix.lower() != ".docx":
        raise OutputError(f"输出文件 {output} 应以 .docx 结尾")
    if dry_run:
        status(ctx, f"将写入 {output}（--dry-run，未写）")
        return
    write_docx(outline, output, opts, sources)
    status(ctx, f"写入 {output}")
    if pdf:
        from .pdf import docx_to_pdf, soffice

        if soffice() is None:
            from .pdf import INSTALL_HINT

            click.secho(INSTALL_HINT, fg="yellow", err=True)
            ctx.exit(1)
        docx_to_pdf(output, output.with_suffix(".pdf"))
        status(ctx, f"写入 {output.with_suffix('.pdf')}")


@main.command(context_settings=CONTEXT)
@click.argument("facts_file", type=click.Path(path_type=Path))
@_document_options
@click.pass_context
def summary(ctx: click.Context, facts_file: Path, output, fmt, templates, profile, reference, old_date, pdf, dry_run) -> None:
    """由事实文件生成本学期的后勤工作总结（.docx，GB/T 9704 格式）。

    \b
    例：houqin summary 事实.yaml -o out/工作总结.docx
        houqin summary 事实.yaml --format md      # 只看大纲文本
    """
    from .documents import Options, summary_outline
    from .load import load_facts

    opts = Options(templates=templates, old_style_date=old_date, profile=profile, reference=reference)
    facts = load_facts(facts_file)
    _emit(ctx, summary_outline(facts, opts), output, fmt, opts, pdf, dry_run, (facts_file,))


@main.command(context_settings=CONTEXT)
@click.argument("facts_file", type=click.Path(path_type=Path))
@_document_options
@click.option("--routine", type=click.Path(path_type=Path, dir_okay=False, exists=True), help="自己的常规工作行事历（格式同 data/routine.yaml）。")
@click.pass_context
def plan(ctx: click.Context, facts_file: Path, output, fmt, templates, profile, reference, old_date, pdf, dry_run, routine) -> None:
    """由本学期事实文件生成下学期的后勤工作计划（.docx）。

    未整改的隐患、未完工的项目、存在问题和下一步打算自动结转；工作安排按月列出。

    \b
    例：houqin plan 事实.yaml -o out/工作计划.docx
    """
    from .documents import Options, plan_outline
    from .load import load_facts

    opts = Options(templates=templates, old_style_date=old_date, profile=profile, reference=reference)
    facts = load_facts(facts_file)
    _emit(ctx, plan_outline(facts, opts, routine), output, fmt, opts, pdf, dry_run, (facts_file,))


if __name__ == "__main__":  # pragma: no cover
    main()
