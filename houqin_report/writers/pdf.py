"""Optional PDF next to a .docx, through LibreOffice when it is installed."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Sequence

from houqin_report.writers.atomic import write_bytes_atomic
from houqin_report.errors import OutputError

INSTALL_HINT = "未找到 LibreOffice，无法生成 PDF（.docx 已写好）。Debian/Ubuntu 可用 apt-get install libreoffice-writer-nogui 安装。"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, pdf: Path, timeout: int = 300) -> None:
    """Convert with a private LibreOffice profile (a running LibreOffice would block a shared one)."""
    docs_to_pdf([(docx, pdf)], timeout)


def docs_to_pdf(pairs: Sequence[tuple[Path, Path]], timeout: int = 300) -> None:
    """Convert several .docx files (source, target .pdf) in one LibreOffice run: starting
    LibreOffice costs seconds, converting a document a fraction of one. Each PDF is written
    atomically; if any conversion fails, OutputError names the files without a PDF."""
    program = soffice()
    if program is None:
        raise OutputError(INSTALL_HINT)
    if not pairs:
        return
    with tempfile.TemporaryDirectory(prefix="houqin-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        # Copies under plain, distinct names: two sources may share a name, and LibreOffice
        # names each PDF after its source.
        sources = []
        for i, (docx, _) in enumerate(pairs):
            source = Path(tmp, f"in{i}.docx")
            try:
                shutil.copyfile(docx, source)
            except OSError as exc:
                raise OutputError(f"无法读取 {docx}：{exc.strerror or exc}") from None
            sources.append(source)
        try:
            subprocess.run(
                [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp, *map(str, sources)],
                check=True, capture_output=True, timeout=timeout * len(pairs), env={**os.environ, "HOME": tmp},
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise OutputError(f"LibreOffice 转换 PDF 失败：{exc}") from None
        missing = []
        for source, (docx, pdf) in zip(sources, pairs):
            result = source.with_suffix(".pdf")
            if result.exists():
                try:
                    write_bytes_atomic(pdf, result.read_bytes())
                except OSError as exc:
                    raise OutputError(f"无法写入 {pdf}：{exc.strerror or exc}。原文件未改动。") from None
            else:
                missing.append(str(docx))
        if missing:
            raise OutputError("LibreOffice 没有生成 PDF：" + "、".join(missing))
