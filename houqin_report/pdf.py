"""Optional PDF next to a .docx, through LibreOffice when it is installed."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .atomic import write_bytes_atomic
from .errors import OutputError

INSTALL_HINT = "未找到 LibreOffice，无法生成 PDF（.docx 已写好）。Debian/Ubuntu 可用 apt-get install libreoffice-writer-nogui 安装。"


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: Path, pdf: Path, timeout: int = 300) -> None:
    """Convert with a private LibreOffice profile (a running LibreOffice would block a shared one)."""
    program = soffice()
    if program is None:
        raise OutputError(INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="houqin-pdf-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        source = Path(tmp, "in.docx")
        shutil.copyfile(docx, source)
        try:
            subprocess.run(
                [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(source)],
                check=True, capture_output=True, timeout=timeout, env={**os.environ, "HOME": tmp},
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise OutputError(f"LibreOffice 转换 PDF 失败：{exc}") from None
        result = Path(tmp, "in.pdf")
        if not result.exists():
            raise OutputError("LibreOffice 没有生成 PDF")
        write_bytes_atomic(pdf, result.read_bytes())
