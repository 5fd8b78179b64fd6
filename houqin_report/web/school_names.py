"""The school names a bureau's administrator gives at once: typed one a line, or a list file
(.txt, .csv: the first column) or a workbook (.xlsx: the first column of the first sheet). A
first row that is a column heading (学校, 学校名称, 单位…) is not a school."""
from __future__ import annotations

import csv
import io

from .accounts import AccountError

HEADINGS = {"学校", "学校名称", "名称", "单位", "单位名称", "校名", "序号"}
MAX_ROWS = 10_000


def names_from_text(text: str) -> list[str]:
    return _cleaned(line.split(",")[0].split("，")[0].split("\t")[0] for line in text.splitlines())


def names_from_upload(filename: str, raw: bytes) -> list[str]:
    lower = filename.lower()
    if lower.endswith(".xlsx"):
        return _cleaned(_workbook_column(raw))
    if lower.endswith((".csv", ".txt")):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise AccountError(f"{filename} 不是 UTF-8 或 GBK 编码的文字文件。")
        return _cleaned(row[0] if row else "" for row in csv.reader(io.StringIO(text)))
    raise AccountError("学校名单应是 .xlsx 工作簿（第一列为学校名称），或 .csv、.txt 文件（每行一所学校）。")


def _workbook_column(raw: bytes):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any damage to the file: one message
        raise AccountError("无法读取这个工作簿：请确认它是 .xlsx 文件（Excel 或 WPS 另存为 .xlsx）。") from None
    try:
        sheet = book.worksheets[0]
        for n, row in enumerate(sheet.iter_rows(max_col=1, values_only=True)):
            if n >= MAX_ROWS:
                raise AccountError(f"名单超过 {MAX_ROWS} 行，请分几次添加。")
            yield "" if row[0] is None else str(row[0])
    finally:
        book.close()


def _cleaned(values) -> list[str]:  # noqa: ANN001 - an iterable of str
    out: list[str] = []
    first = True
    for value in values:
        name = " ".join(str(value).split())
        if not name:
            continue
        if first and name in HEADINGS:
            first = False
            continue
        first = False
        if len(out) >= MAX_ROWS:
            raise AccountError(f"名单超过 {MAX_ROWS} 行，请分几次添加。")
        out.append(name)
    return out
