"""The bureau's pages: the board (who is where), its schools' accounts, a school's document to
read and return, and the one-click compile of the submitted schools with its downloads.

Only the bureau's administrator reaches them (bureau_account); a school, or a store without
accounts, is answered "no such page", as for any address that does not exist.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException

from . import core
from .accounts import AccountError
from .app import csrf_form, page
from .collection import STATES, Refused
from .pins import term_choices
from .routes import download, message_page, outcome_of, redirect, store_of, the_document
from .school_names import names_from_text, names_from_upload

router = APIRouter(dependencies=[Depends(csrf_form)])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def bureau_account(request: Request):
    account = request.state.account if request.app.state.bureau else None
    if account is None or not account.is_bureau:
        raise HTTPException(404)
    return account


def collection_of(request: Request):
    return request.app.state.collection


# --------------------------------------------------------------------------- the board


@router.get("/bureau")
def board(request: Request, period: str | None = None, state: str | None = None, compiled: int | None = None):
    account = bureau_account(request)
    collection = collection_of(request)
    terms = collection.terms(account.bureau_id)
    period = period if period in terms else (terms[0] if terms else None)
    rows = collection.board(account.bureau_id, period) if period else []
    counts = Counter(r.state for r in rows)
    shown = [r for r in rows if r.state == state] if state in STATES else rows
    return page(request, "bureau.html", {
        "title": f"{account.bureau_name} · 征集情况", "who": account, "terms": terms, "period": period,
        "choices": [t for t in term_choices(dt.date.today()) if t not in terms], "rows": shown, "total": len(rows),
        "counts": counts, "states": STATES, "state": state if state in STATES else None,
        "compilations": collection.compilations(account.bureau_id, period) if period else [],
        "compiled": compiled,
    })


@router.post("/bureau/term")
def open_term(request: Request, form: FormData = Depends(csrf_form)):
    account = bureau_account(request)
    period = str(form.get("period") or "")
    if period not in term_choices(dt.date.today()):
        return message_page(request, "未开始征集", "请从列表中选择学期。", 422, back="/bureau")
    collection_of(request).open_term(account.bureau_id, period, account.username)
    return redirect(f"/bureau?period={quote(period)}")


@router.post("/bureau/compile")
def compile_submitted(request: Request, form: FormData = Depends(csrf_form)):
    """汇总: the submitted schools' current versions, through the same compile as the CLI's;
    the report names the schools that did not submit. The result is kept, to download."""
    account = bureau_account(request)
    collection = collection_of(request)
    period = str(form.get("period") or "")
    if period not in collection.terms(account.bureau_id):
        raise HTTPException(404)
    texts, missing = collection.submitted(account.bureau_id, period)
    back = f"/bureau?period={quote(period)}"
    if not texts:
        return message_page(request, "未汇总", f"{period}还没有学校提交。", 422, back=back)
    sources = [core.Source(f"{school}（第{number}版）", text) for school, number, text in texts]
    try:
        compiled = core.compile_texts(sources, missing=missing, bureau=account.bureau_name)
    except core.HouqinError as exc:
        return message_page(request, "未汇总", exc.message, 422, back=back)
    report = compiled.report
    kept = collection.keep_compilation(account.bureau_id, period, account.username, report.title, report.school_count,
                                       missing, len(report.skipped), compiled.docx, compiled.xlsx)
    return redirect(f"{back}&compiled={kept}")


@router.get("/bureau/compilations/{compilation_id}.{fmt}")
def compilation(request: Request, compilation_id: int, fmt: str):
    account = bureau_account(request)
    if fmt not in ("docx", "xlsx"):
        raise HTTPException(404)
    found = collection_of(request).compilation_file(account.bureau_id, compilation_id, fmt)
    if found is None:
        raise HTTPException(404)
    title, data = found
    return download(data, f"{title}.{fmt}" if fmt == "docx" else f"{title}（数据）.xlsx", DOCX if fmt == "docx" else XLSX)


# --------------------------------------------------------------------------- schools' accounts


@router.get("/bureau/schools")
def schools(request: Request):
    account = bureau_account(request)
    return page(request, "schools.html", {"title": "学校账号", "who": account,
                                          "schools": request.app.state.accounts.schools(account.bureau_id)})


@router.post("/bureau/schools")
def add_schools(request: Request, form: FormData = Depends(csrf_form)):
    account = bureau_account(request)
    upload = form.get("file")
    try:
        names = names_from_text(str(form.get("names") or ""))
        if isinstance(upload, UploadFile) and upload.filename:
            raw = upload.file.read(core.MAX_BYTES + 1)
            if len(raw) > core.MAX_BYTES:
                raise AccountError(f"名单文件过大（应在 {core.MAX_BYTES // 1024 // 1024} MB 以内）。")
            names += names_from_upload(upload.filename, raw)
        created = request.app.state.accounts.add_schools(account.bureau_id, names)
    except AccountError as exc:
        return message_page(request, "未添加", str(exc), 422, back="/bureau/schools")
    return page(request, "new_accounts.html", {"title": "新的学校账号", "who": account, "created": created})


@router.post("/bureau/schools/{unit_id}/password")
def reset_password(request: Request, unit_id: int):
    account = bureau_account(request)
    try:
        username, password = request.app.state.accounts.reset_password(account.bureau_id, unit_id)
    except LookupError:
        raise HTTPException(404) from None
    from .accounts import NewSchool

    return page(request, "new_accounts.html", {"title": "重设的密码", "who": account,
                                               "created": [NewSchool(username, username, password, unit_id)]})


# --------------------------------------------------------------------------- a school's document


def review_page(request: Request, doc):  # noqa: ANN001 - store.DocumentInfo
    """A school's document as its bureau reads it: where it is, its check, the preview, its
    versions (who saved each and when), its 提交 and 退回, and 退回 with a comment."""
    from .collection import state_of

    outcome = outcome_of(request, doc)
    state = state_of(doc.status, doc.version_no, doc.current.errors if doc.current else 0)
    return page(request, "review.html", {
        "title": doc.school or "学校文档", "doc": doc, "outcome": outcome, "state": state,
        "versions": store_of(request).versions(doc.id), "reviews": collection_of(request).reviews(doc.id),
    })


@router.post("/doc/{doc_id}/return")
def give_back(request: Request, doc_id: int, form: FormData = Depends(csrf_form)):
    account = bureau_account(request)
    the_document(request, doc_id)
    try:
        collection_of(request).give_back(doc_id, str(form.get("comment") or ""), account.username)
    except Refused as exc:
        return message_page(request, "未退回", str(exc), 422, back=f"/doc/{doc_id}")
    return redirect(f"/doc/{doc_id}")
