"""Optional PDF next to a .docx, through LibreOffice when it is installed."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Sequence

from houqin_report.errors import OutputError
from houqin_report.writers.files import write_output

INSTALL_HINT = "未找到 LibreOffice，无法生成 PDF（.docx 已写好）。Debian/Ubuntu 可用 apt-get install libreoffice-writer-nogui 安装。"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, pdf: Path, timeout: int = 300, sources: Sequence[Path] = ()) -> None:
    """Convert with a private LibreOffice profile (a running LibreOffice would block a shared one)."""
    docs_to_pdf([(docx, pdf)], timeout, sources)


def docs_to_pdf(pairs: Sequence[tuple[Path, Path]], timeout: int = 300, sources: Sequence[Path] = ()) -> None:
    """Convert several .docx files (source, target .pdf) in one LibreOffice run: starting
    LibreOffice costs seconds, converting a document a fraction of one. Each PDF is written
    as every output is (writers/files.py: never over one of sources, atomically); if any
    conversion fails, OutputError names the files without a PDF."""
    program = soffice()
    if program is None:
        raise OutputError(INSTALL_HINT)
    if not pairs:
        return
    with tempfile.TemporaryDirectory(prefix="houqin-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        # Copies under plain, distinct names: two sources may share a name, and LibreOffice
        # names each PDF after its source.
        copies = []
        for i, (docx, _) in enumerate(pairs):
            copy = Path(tmp, f"in{i}.docx")
            try:
                shutil.copyfile(docx, copy)
            except OSError as exc:
                raise OutputError(f"无法读取 {docx}：{exc.strerror or exc}") from None
            copies.append(copy)
        try:
            subprocess.run(
                [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp, *map(str, copies)],
                check=True, capture_output=True, timeout=timeout * len(pairs), env={**os.environ, "HOME": tmp},
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise OutputError(f"LibreOffice 转换 PDF 失败：{exc}") from None
        missing = []
        for copy, (docx, pdf) in zip(copies, pairs):
            result = copy.with_suffix(".pdf")
            if result.exists():
                write_output(pdf, result.read_bytes(), sources, "文件.pdf")
            else:
                missing.append(str(docx))
        if missing:
            raise OutputError("LibreOffice 没有生成 PDF：" + "、".join(missing))
