"""The documents the tool writes: facts → context → template → outline → .docx.

One function per document kind returns the outline text; `write_docx` renders any outline.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .context import build_report
from .environment import build_environment, render_template
from .errors import OutputError
from .model import Facts


@dataclass(frozen=True)
class Options:
    templates: Path | None = None  # the user's template folder, searched first
    old_style_date: bool = False  # 二〇二四年七月五日
    profile: str = "公文"
    reference: Path | None = None


def summary_outline(facts: Facts, options: Options = Options()) -> str:
    env = build_environment(options.templates, options.old_style_date)
    return render_template(env, "summary.md.j2", r=build_report(facts))


def plan_outline(facts: Facts, options: Options = Options(), routine: Path | None = None) -> str:
    from .plan import build_plan
    from .routine import load_routine

    env = build_environment(options.templates, options.old_style_date)
    return render_template(env, "plan.md.j2", p=build_plan(facts, load_routine(routine)))


def write_docx(outline: str, out: Path, options: Options = Options(), sources: tuple[Path, ...] = ()) -> None:
    """Render outline to out atomically; never over an input file."""
    from .render import render_outline  # python-docx is imported only by commands that write

    out = Path(out)
    for source in sources:
        if source.exists() and out.exists() and out.resolve() == Path(source).resolve():
            raise OutputError(f"输出文件 {out} 就是输入文件，拒绝覆盖。请换一个输出文件名。")
    try:
        render_outline(outline, out, profile=options.profile, reference=options.reference)
    except IsADirectoryError:
        raise OutputError(f"无法写入 {out}：这是一个文件夹，请给出文件名（如 out/总结.docx）") from None
    except PermissionError:
        raise OutputError(f"无法写入 {out}：没有写入权限（或文件正被 Word/WPS 打开）。原文件未改动。") from None
    except FileNotFoundError:
        raise OutputError(f"无法写入 {out}：所在文件夹不存在") from None
    except OSError as exc:
        raise OutputError(f"无法写入 {out}：{exc.strerror or exc}。原文件未改动。") from None


__all__ = ["Options", "summary_outline", "plan_outline", "write_docx"]


# ---- 教育局汇总报告 (houqin compile)


def compile_outline(report, options: Options = Options()) -> str:
    """The outline of a bureau's compiled report; report is a bureau.BureauReport."""
    env = build_environment(options.templates, options.old_style_date)
    return render_template(env, "bureau.md.j2", b=report)
