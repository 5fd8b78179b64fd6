"""The command line: thin wrappers over library functions. Errors are caught once, here."""
from __future__ import annotations

import contextlib
import gc
import os
import sys
from pathlib import Path

import click

from houqin_report import clickzh
from houqin_report.errors import HouqinError
from houqin_report.pipeline.options import Events, Options, Target

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class _Group(clickzh.Group):
    """Every user-facing error is printed in red (Chinese) with exit 1; --debug shows the traceback."""

    def __call__(self, *args, **kwargs):
        """The console script and `python cli.py` (tests call .main()): run the command, then
        leave without the interpreter's teardown, which frees every module and object one by
        one: about 50 ms of a summary's 350. The files written are closed and synced by then,
        and the standard streams are flushed here. A run that started worker processes leaves
        the ordinary way, so that multiprocessing's exit handlers run."""
        # No garbage collection while starting: the imports build tens of thousands of objects
        # that live as long as the process (modules, classes, the pydantic model, compiled
        # patterns, the section table) and no garbage, and each collection pass would scan
        # them all again: about 9% of a cold `summary` or `check` of one file. A command that
        # runs on for many files or serves turns it back on (_many).
        gc.disable()
        try:
            return self.main(*args, **kwargs)
        except SystemExit as exc:
            if "multiprocessing" in sys.modules or not (exc.code is None or isinstance(exc.code, int)):
                raise
            code = exc.code or 0
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):
                pass
        os._exit(code)

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
        except MemoryError:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            # Said without building anything new: what is left of memory may not hold a traceback.
            _say(_OUT_OF_MEMORY)
            ctx.exit(1)


_OUT_OF_MEMORY = "内存不足，已停止：没有写入任何不完整的文件，原有的文件未改动。请关闭其他程序后重试，或减少一次处理的文件数。\n".encode()


def _say(message: bytes) -> None:
    try:
        sys.stderr.flush()
    except (OSError, ValueError, MemoryError):
        pass
    try:
        os.write(sys.stderr.fileno(), message)
    except (OSError, ValueError, AttributeError):  # no real stderr (tests capture it)
        sys.stderr.write(message.decode())


@click.group("houqin", cls=_Group, context_settings=CONTEXT)
@click.option("--debug", is_flag=True, help="出错时显示完整的 Python 调用栈（开发用）。")
@click.option("-v", "--verbose", count=True, help="显示更多过程信息。")
@click.option("-q", "--quiet", is_flag=True, help="只显示错误。")
@click.version_option(package_name="houqin-report", message="houqin-report %(version)s", help=clickzh.VERSION_HELP)
@click.pass_context
def main(ctx: click.Context, debug: bool, verbose: int, quiet: bool) -> None:
    """houqin：由学期事实文件（YAML）生成后勤工作总结、工作计划和教育局汇总报告。

    \b
    常用：
      houqin init 事实.yaml            生成一份待填写的事实文件
      houqin check 事实.yaml           检查事实文件，一次列出全部问题
      houqin schema -o facts.schema.json   导出 JSON Schema，供编辑器补全和检查
      houqin serve                     在浏览器中填写事实、检查、预览和下载（本机网页）
      houqin admin --bureau 教育局 --user 用户名   教育局：各校在浏览器中提交，一键汇总
      houqin backup 备份.db             备份 houqin serve 的数据库（运行时也可以）
    """
    # logging is imported here, not at the top: `houqin --help` (answered before this runs) then
    # never loads it.
    import logging

    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    logging.basicConfig(level=level, format="%(message)s", stream=sys.stderr)
    ctx.obj["quiet"] = quiet


def _many() -> None:
    """Collection back on for a run over many files (or a server), after its imports: what is
    loaded by now is frozen out of every later pass (and shared with forked workers), so the
    passes only scan what the files make."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def status(ctx: click.Context, text: str) -> None:
    """A status line per file written, silenced by -q."""
    if not ctx.obj.get("quiet"):
        click.echo(text)


@main.command(context_settings=CONTEXT)
@click.argument("files", nargs=-1, required=True, metavar="文件或文件夹...", type=clickzh.Path(path_type=Path))
@click.option("--previous", type=clickzh.Path(path_type=Path, dir_okay=False, exists=True), help="上学期的事实文件：找出从上学期照抄的文字，以及与上学期文档逐字相同的开头、结尾和指导思想。")
@click.option("--facts", "facts_file", type=clickzh.Path(path_type=Path, dir_okay=False, exists=True), help="文档依据的事实文件：核对文档中的数字、名称和日期是否与它一致，有没有被改动或删去。")
@click.option("--format", "fmt", type=clickzh.Choice(["text", "json"]), default="text", show_default=True, help="json：以 JSON 输出全部问题，供其他工具使用。")
@click.pass_context
def check(ctx: click.Context, files: tuple[Path, ...], previous: Path | None, facts_file: Path | None, fmt: str) -> None:
    """检查事实文件（.yaml）和文档（.docx、.txt、.md），可以给文件夹（含子文件夹）。

    事实文件：先校验格式，再检查文字（占位符、与数据矛盾的数字、照抄上期的文字）。

    文档：占位符、标题编号、半角标点、文中数字的计算、日期和落款；加 --facts 时核对它与事实文件是否一致。

    每个文件的全部问题一次列出（事实文件在前，文档在后）。全部文件没有错误（提示不算）时退出码为 0，否则为 1。
    """
    import json
    from dataclasses import asdict

    from houqin_report.errors import has_errors
    from houqin_report.pipeline.check import check_inputs

    try:
        inputs, results = check_inputs(files, previous, facts_file)
    except ValueError as exc:  # --facts without a document to check
        raise click.UsageError(str(exc)) from None
    if len(inputs) > 1:
        _many()
    failed = 0
    report = []
    for path, findings, problems in results:
        if problems is not None:
            failed += 1
            report.append({"file": str(path), "valid": False, "problems": [asdict(p) for p in problems], "findings": []})
            if fmt == "text":
                click.secho(f"✗ {path}（{len(problems)} 个问题）", fg="red", err=True)
                for problem in problems:
                    click.echo(f"  {problem}", err=True)
            continue
        errors = has_errors(findings)
        failed += errors
        report.append({"file": str(path), "valid": not errors, "problems": [], "findings": [asdict(f) for f in findings]})
        if fmt != "text":
            continue
        if errors:
            click.secho(f"✗ {path}（{len(findings)} 处文字问题）", fg="red", err=True)
        elif findings:
            status(ctx, f"✓ {path}（{len(findings)} 条提示）")
        else:
            status(ctx, f"✓ {path}")
        for finding in findings:
            click.echo(f"  {finding}", err=errors)
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    elif failed:
        click.secho(f"{failed} 个文件有问题，共检查 {len(inputs)} 个。", fg="red", err=True)
    if failed:
        ctx.exit(1)


@main.command(context_settings=CONTEXT)
@click.argument("path", required=False, default="事实.yaml", metavar="[文件]", type=clickzh.Path(path_type=Path))
@click.pass_context
def init(ctx: click.Context, path: Path) -> None:
    """生成一份待填写的事实文件（默认 事实.yaml），每个键都带中文说明；不会覆盖已有文件。"""
    from houqin_report.pipeline import facts_file

    facts_file.init(path, _Printed(ctx))
    status(ctx, "把其中“请填写”的地方换成本学期的实际情况，再运行 houqin check 检查。")


@main.command(context_settings=CONTEXT)
@click.option("-o", "--output", type=clickzh.Path(path_type=Path), help="写入文件；不给则打印到屏幕。")
@click.pass_context
def schema(ctx: click.Context, output: Path | None) -> None:
    """导出事实文件的 JSON Schema，供 VS Code 等编辑器的 YAML 插件补全和检查键名。"""
    from houqin_report.pipeline import facts_file

    facts_file.schema(output, _Printed(ctx))


def _document_options(func):
    """Options shared by the commands that write a document."""
    options = [
        click.option("-o", "--output", type=clickzh.Path(path_type=Path), help="输出的 .docx 文件（--format md 时可省略，打印到屏幕）。"),
        click.option("--format", "fmt", type=clickzh.Choice(["docx", "md"]), default="docx", show_default=True, help="md：只输出大纲文本，不生成 .docx。"),
        click.option("--templates", type=clickzh.Path(path_type=Path, file_okay=False), help="自己的模板文件夹，优先于内置模板。"),
        click.option("--profile", type=clickzh.Choice(["公文", "校内"]), default="公文", show_default=True, help="样式：公文（GB/T 9704）或 校内（Windows 常用字体）。"),
        click.option("--reference", type=clickzh.Path(path_type=Path, dir_okay=False, exists=True), help="用自己的 .docx 作样式参考（如带红头的模板）。"),
        click.option("--old-date", is_flag=True, help="落款日期用汉字：二〇二四年七月五日。"),
        click.option("--pdf", is_flag=True, help="同时生成 PDF（需要安装 LibreOffice）。"),
        click.option("--dry-run", is_flag=True, help="只检查和生成，不写文件。"),
        click.option("--force", is_flag=True, help="文字检查有错误（如未填的占位符）时仍然生成。"),
    ]
    for option in reversed(options):
        func = option(func)
    return func


class _Printed(Events):
    """The pipeline's events on the terminal: findings and notes in yellow on stderr, a status
    line per file written (silenced by -q), the outline itself on stdout."""

    def __init__(self, ctx: click.Context) -> None:
        self.ctx = ctx

    def warning(self, problem) -> None:  # noqa: ANN001
        click.secho(f"  {problem}", fg="yellow", err=True)

    def note(self, text: str) -> None:
        click.secho(text, fg="yellow", err=True)

    def info(self, text: str) -> None:
        import logging  # loaded by main() already

        logging.getLogger("houqin_report").info(text)

    def wrote(self, path: Path) -> None:
        status(self.ctx, f"写入 {path}")

    def would_write(self, path: Path) -> None:
        status(self.ctx, f"将写入 {path}（--dry-run，未写）")

    def text(self, text: str) -> None:
        click.echo(text, nl=False)


_PREVIOUS = click.option("--previous", type=clickzh.Path(path_type=Path, dir_okay=False, exists=True),
                         help="上学期的事实文件：提示从上学期照抄的文字，以及与上学期文档逐字相同的开头、结尾和指导思想。")


def _target(output: Path | None, fmt: str, pdf: bool, dry_run: bool) -> Target:
    if fmt == "docx" and output is None:
        raise click.UsageError("请用 -o 指定输出的 .docx 文件，例如 -o out/总结.docx")
    return Target(output, fmt, pdf, dry_run)


@main.command(context_settings=CONTEXT)
@click.argument("facts_files", nargs=-1, required=True, metavar="事实文件...", type=clickzh.Path(path_type=Path))
@_document_options
@click.option("-j", "--jobs", type=clickzh.IntRange(1, 64), help="多个文件时同时处理的进程数（默认为 CPU 核数）。")
@_PREVIOUS
@click.pass_context
def summary(ctx: click.Context, facts_files: tuple[Path, ...], output, fmt, templates, profile, reference, old_date, pdf, dry_run, force, jobs,
            previous) -> None:
    """由事实文件生成本学期的后勤工作总结（.docx，GB/T 9704 格式）。

    给多个事实文件时，-o 为输出文件夹，每个文件写成“文件名-工作总结.docx”。

    \b
    例：houqin summary 事实.yaml -o out/工作总结.docx
        houqin summary 事实.yaml --format md      # 只看大纲文本
        houqin summary 各校/*.yaml -o out/         # 批量生成
    """
    from houqin_report.pipeline import school

    opts = Options(templates=templates, old_style_date=old_date, profile=profile, reference=reference)
    if len(facts_files) > 1:
        if previous is not None:
            raise click.UsageError("--previous 只能与一个事实文件同用")
        _summaries(ctx, facts_files, output, fmt, opts, pdf, dry_run, force, jobs)
        return
    school.summary(facts_files[0], _target(output, fmt, pdf, dry_run), opts, force, _Printed(ctx), previous)


def _summaries(ctx, sources, output, fmt, opts, pdf, dry_run, force, jobs) -> None:
    from houqin_report.pipeline.school import summaries

    if output is None or output.suffix.lower() == ".docx":
        raise click.UsageError("给多个事实文件时，请用 -o 指定输出文件夹，例如 -o out/")
    if fmt != "docx" or pdf or dry_run:
        raise click.UsageError("批量生成只支持 .docx（不能与 --format md、--pdf、--dry-run 同用）")
    _many()
    failed = 0
    for outcome in summaries(list(sources), output, opts, force, jobs):
        for warning in outcome.warnings:
            click.secho(f"  {warning}", fg="yellow", err=True)
        if outcome.output is None:
            failed += 1
            click.secho(outcome.error, fg="red", err=True)
        else:
            status(ctx, f"写入 {outcome.output}")
    if failed:
        click.secho(f"{failed} 个文件未生成，共 {len(sources)} 个。", fg="red", err=True)
        ctx.exit(1)


@main.command(context_settings=CONTEXT)
@click.argument("facts_file", metavar="事实文件", type=clickzh.Path(path_type=Path))
@_document_options
@click.option("--routine", type=clickzh.Path(path_type=Path, dir_okay=False, exists=True), help="自己的常规工作行事历（格式同 data/routine.yaml）。")
@_PREVIOUS
@click.pass_context
def plan(ctx: click.Context, facts_file: Path, output, fmt, templates, profile, reference, old_date, pdf, dry_run, force, routine, previous) -> None:
    """由本学期事实文件生成下学期的后勤工作计划（.docx）。

    未整改的隐患、未完工的项目、存在问题和下一步打算自动结转；工作安排按月列出。

    \b
    例：houqin plan 事实.yaml -o out/工作计划.docx
    """
    from houqin_report.pipeline import school

    opts = Options(templates=templates, old_style_date=old_date, profile=profile, reference=reference)
    school.plan(facts_file, _target(output, fmt, pdf, dry_run), opts, routine, force, _Printed(ctx), previous)


# ---- houqin compile: one bureau report across many schools' facts files


def _signed_date(ctx: click.Context, param: click.Parameter, value: str | None):
    if value is None:
        return None
    from houqin_report.facts.values import parse_date

    try:
        return parse_date(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command("compile", context_settings=CONTEXT)
@click.argument("inputs", nargs=-1, required=True, metavar="文件夹或文件...", type=clickzh.Path(path_type=Path))
@_document_options
@click.option("--xlsx", type=clickzh.Path(path_type=Path), help="同时写出 Excel 工作簿：各校数据、合计与来源。")
@click.option("--skip-invalid", is_flag=True, help="跳过有问题的事实文件（在屏幕上和报告附件中列出），其余照常汇总。")
@click.option("--bureau", help="汇总单位名称，如 伍家岗区教育局；不给时用各校共同的上级单位。")
@click.option("--signed", callback=_signed_date, help="落款日期，如 2024-07-10；不给时用各校落款日期中最晚的一个。")
@click.option("--progress/--no-progress", default=None, help="显示读取进度（默认：文件多于 5 个且在终端中运行时显示）。")
@click.option("--bureau-facts", type=click.Path(path_type=Path), help="教育局自己的事实文件（类型: 教育局）：自己的工作、数据、问题和下一步；放在输入的文件夹中也能认出。")
@click.option("--rollup", type=click.Path(path_type=Path), help="同时写出汇总文件（.json），供上一级（市、省）再汇总：houqin compile 各区汇总/ …")
@click.pass_context
def compile_(ctx: click.Context, inputs: tuple[Path, ...], xlsx: Path | None, skip_invalid: bool, bureau: str | None,
             signed, progress: bool | None, bureau_facts: Path | None, rollup: Path | None, **document) -> None:
    """汇总多所学校的事实文件，生成教育局的学校后勤工作总结（.docx）和 Excel 工作簿。

    输入可以是文件夹（其中的 *.yaml、*.yml 和下级的汇总文件 *.json，含子文件夹）或文件；各文件须为同一时段，每校一个文件。

    \b
    例：houqin compile 各校事实/ -o out/汇总报告.docx --xlsx out/汇总.xlsx
        houqin compile 各校事实/ --format md          # 只看大纲文本
    """
    from houqin_report.pipeline.bureau import compile_bureau

    _many()

    # The options shared with summary/plan (_document_options) arrive in document.
    opts = Options(templates=document["templates"], old_style_date=document["old_date"], profile=document["profile"], reference=document["reference"])
    target = _target(document["output"], document["fmt"], document["pdf"], document["dry_run"])
    with contextlib.ExitStack() as stack:
        def bar(files: list[Path]):
            show = progress if progress is not None else (len(files) > 5 and sys.stderr.isatty())
            if not show:
                return None
            return stack.enter_context(click.progressbar(length=len(files), label="读取事实文件", file=sys.stderr)).update

        compile_bureau(inputs, target, opts, xlsx, skip_invalid, bureau, signed, document["force"], _Printed(ctx), bar,
                       bureau_facts=bureau_facts, rollup=rollup)


@main.command(context_settings=CONTEXT)
@click.option("--port", type=clickzh.IntRange(0, 65535), default=8765, show_default=True, help="端口；0 表示任选一个空闲端口。")
@click.option("--host", default="127.0.0.1", show_default=True, help="监听的地址；默认只有本机能访问。")
@click.option("--db", help="数据库：SQLite 文件路径或 SQLAlchemy 网址；默认在用户数据文件夹中。")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器。")
def serve(port: int, host: str, db: str | None, no_browser: bool) -> None:
    """在浏览器中填写事实、检查、预览并下载总结和计划（本机网页，每次保存都留一版）。"""
    try:
        from .web.serve import run
    except ImportError as exc:
        raise HouqinError(f"houqin serve 需要网页组件（缺少 {exc.name}）：pip install 'houqin-report[web]'") from None
    _many()
    run(host=host, port=port, db=db, open_browser=not no_browser, echo=click.echo)


def _web(name: str):
    """A module of the web app, or the Chinese message that its packages are missing."""
    import importlib

    try:
        return importlib.import_module(f"houqin_report.web.{name}")
    except ImportError as exc:
        raise HouqinError(f"这个命令需要网页组件（缺少 {exc.name}）：pip install 'houqin-report[web]'") from None


@main.command(context_settings=CONTEXT)
@click.option("--db", help="数据库：SQLite 文件路径或 SQLAlchemy 网址（如 postgresql+psycopg://…）；默认在用户数据文件夹中。")
@click.option("--bureau", required=True, help="教育局名称，如 伍家岗区教育局。")
@click.option("--user", "username", required=True, help="管理员的用户名。")
@click.password_option("--password", prompt="管理员密码（至少 8 个字符）", confirmation_prompt="再输一次", help="不给时提示输入。")
def admin(db: str | None, bureau: str, username: str, password: str) -> None:
    """建立教育局的管理员账号：此后 houqin serve 的每个页面都要登录，管理员在网页中添加学校账号、查看各校进度并一键汇总。"""
    url = _web("maintenance").add_admin(db, bureau, username, password)
    click.echo(f"已建立 {bureau} 的管理员 {username}（数据库：{url}）。用 houqin serve 启动后登录。")


@main.command(context_settings=CONTEXT)
@click.argument("target", metavar="备份文件", type=clickzh.Path(path_type=Path))
@click.option("--db", help="数据库：SQLite 文件路径；默认在用户数据文件夹中。")
def backup(target: Path, db: str | None) -> None:
    """把 houqin serve 的数据库（SQLite）完整地复制到备份文件；服务运行时也可以，副本是某一时刻的完整数据库。"""
    url = _web("maintenance").backup(db, target)
    click.echo(f"已备份 {url} 到 {target}")


if __name__ == "__main__":  # pragma: no cover
    main()
