"""Which of the paths given to `houqin check` are documents and which facts files, folders
searched: apart from the checks themselves, so that a check of facts files alone never loads
the document checker."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from . import core
from .reader import DOCUMENT_SUFFIXES

__all__ = ["FACTS_SUFFIXES", "gather"]

FACTS_SUFFIXES = (".yaml", ".yml")


def gather(inputs: Iterable[str | Path]) -> list[tuple[Path, str]]:
    """(path, kind) of each file to check, kind "document" or "facts", in the order given; a
    folder gives its documents and facts files (sub-folders too), sorted by path. A file that
    is neither by its suffix is left to the facts reader, as before, which says what is wrong."""
    out: list[tuple[Path, str]] = []
    for path in map(Path, inputs):
        if path.is_dir():
            found = [p for p in sorted(path.rglob("*")) if p.is_file() and not _hidden(p, path)
                     and p.suffix.lower() in DOCUMENT_SUFFIXES + FACTS_SUFFIXES]
            if not found:
                raise core.HouqinError(f"文件夹 {path} 中没有可检查的文件（.docx、.txt、.md 文档或 .yaml 事实文件）")
            out.extend((p, _kind(p)) for p in found)
        else:
            out.append((path, _kind(path)))
    return out


def _kind(path: Path) -> str:
    return "document" if path.suffix.lower() in DOCUMENT_SUFFIXES else "facts"


def _hidden(path: Path, root: Path) -> bool:
    """Hidden files and folders, and Word's lock files (~$总结.docx) while a file is open."""
    return any(part.startswith((".", "~$")) for part in path.relative_to(root).parts)
