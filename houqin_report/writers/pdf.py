"""Optional PDF next to a .docx, through LibreOffice when it is installed; and which of the
document's fonts this machine lacks (LibreOffice would print them in its fallback face)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from houqin_report.errors import OutputError
from houqin_report.writers.files import write_output

INSTALL_HINT = "未找到 LibreOffice，无法生成 PDF（.docx 已写好）。Debian/Ubuntu 可用 apt-get install libreoffice-writer-nogui 安装。"


FONT_HINT = ("本机缺少文档所用的字体：{fonts}。PDF 中这些字体由 LibreOffice 的默认字体代替，"
             "标题、正文可能显示成同一种字体，与 Word/WPS 中看到的不同。请安装这些字体，"
             "或在 Linux 上运行 templates/fontconfig/install.sh 配置替代字体（见 README“字体”一节）。")


def document_fonts(docx: Path) -> list[str]:
    """The East Asian fonts the styles and text of a .docx name (w:eastAsia), in order."""
    names: list[str] = []
    try:
        with zipfile.ZipFile(docx) as package:
            for part in ("word/styles.xml", "word/document.xml"):
                if part in package.namelist():
                    xml = package.read(part).decode("utf-8", "replace")
                    names.extend(re.findall(r'w:eastAsia="([^"]+)"', xml[: 1 << 22]))
    except (OSError, zipfile.BadZipFile):
        return []
    return list(dict.fromkeys(n for n in names if not n.startswith(("zh-", "en-", "ja-", "ko-"))))


def missing_fonts(families: Sequence[str]) -> list[str]:
    """The families fontconfig can only answer with its general fallback: neither installed
    nor given a substitute (templates/fontconfig/houqin-fonts.conf). Empty where fontconfig is
    not there to ask (Windows, macOS: LibreOffice uses the system's own font matching)."""
    if shutil.which("fc-match") is None:
        return []
    fallback = _fc_match("houqin-report-no-such-font")
    if fallback is None:
        return []
    return [f for f in families if _fc_match(f) in (fallback, None) and not _installed(f)]


@lru_cache(maxsize=64)
def _fc_match(family: str) -> str | None:
    try:
        run = subprocess.run(["fc-match", "-f", "%{family[0]}", family], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return run.stdout.strip() or None if run.returncode == 0 else None


def _installed(family: str) -> bool:
    try:
        run = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return bool(run.stdout.strip())


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
