"""The pages: a thin skin over the store and the same calls the CLI makes (core.py).

Each state-changing route is a POST guarded by app.csrf_form (the router's dependency, so no
route can be added without it) and answers with a redirect (303) to the page that shows the
result, so that reloading a page never saves twice.
"""
from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException

from . import core, forms
from .app import csrf_form, page
from .checks import Outcome, evaluate
from .facts_yaml import dump_facts
from .newterm import next_term
from .pins import Pin, first_data, pinned
from .store import RETURNED, SUBMITTED, Conflict, DocumentInfo, Locked, Saved, Store

router = APIRouter(dependencies=[Depends(csrf_form)])

NOTICES = {
    "imported": "已导入。",
    "restored": "已恢复为新的一版。",
    "unchanged": "内容没有变化，未新建版本。",
    "new-term": "已开始新学期：未整改的隐患、未完工的项目已带入，本学期的采购、培训、工作等已清空。",
    "exists": "这一学期已有文档，已打开它。",
    "submitted": "已提交给教育局。",
}
BUREAU_READS_ONLY = "教育局的账号只能查看和退回学校的文档，不能替学校修改。"
KINDS = {"summary": "工作总结", "plan": "工作计划"}
PDF_MISSING = "未找到 LibreOffice，无法生成 PDF。可先下载 .docx；Debian/Ubuntu 可用 apt-get install libreoffice-writer-nogui 安装 LibreOffice。"


def store_of(request: Request) -> Store:
    return request.app.state.store


def spec() -> forms.Group:
    return forms.form_spec(core.Facts)


def the_document(request: Request, doc_id: int, change: bool = False) -> DocumentInfo:
    """The document a route is about. The one place to decide who may see which document: on
    a bureau's store a school only its own, the bureau's administrator only its schools' (to
    read); anyone else's is "no such document", the same page as an id that does not exist.
    change: the route changes it (only its school may)."""
    doc = store_of(request).document(doc_id)
    if doc is None:
        raise HTTPException(404)
    if request.app.state.bureau:
        account = request.state.account
        if account is None:
            raise HTTPException(404)
        if account.is_bureau:
            if doc.bureau_id != account.bureau_id:
                raise HTTPException(404)
            if change:
                raise HTTPException(403, BUREAU_READS_ONLY)
        elif doc.unit_id != account.unit_id:
            raise HTTPException(404)
    return doc


def school_account(request: Request):
    """The signed-in school on a bureau's store (None on a store without accounts); the
    bureau's administrator is refused: it does not write schools' facts."""
    account = request.state.account if request.app.state.bureau else None
    if account is not None and account.is_bureau:
        raise HTTPException(403, BUREAU_READS_ONLY)
    return account


def pin_of(request: Request, doc: DocumentInfo) -> Pin | None:
    """The school and term a document is pinned to, on a bureau's store."""
    if doc.bureau_id is None or not request.app.state.bureau:
        return None
    return Pin(doc.school or "", doc.period, request.state.account.bureau_name)


def previous_text(request: Request, doc: DocumentInfo) -> str | None:
    if doc.previous_id is None:
        return None
    previous = store_of(request).document(doc.previous_id)
    return previous.current.text if previous and previous.current else None


def outcome_of(request: Request, doc: DocumentInfo) -> Outcome | None:
    if doc.current is None:
        return None
    return pinned(evaluate(doc.current.text, previous_text(request, doc)), pin_of(request, doc))


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def message_page(request: Request, title: str, message: str, status: int, problems=(), back: str | None = None):
    return page(request, "message.html", {"title": title, "message": message, "problems": list(problems), "back": back}, status)


# --------------------------------------------------------------------------- the list


@router.get("/")
def home(request: Request):
    account = request.state.account
    if account is not None and account.is_bureau:
        return redirect("/bureau")
    if account is not None:
        terms = request.app.state.collection.terms(account.bureau_id)
        return page(request, "home.html", {"title": account.unit_name, "documents": store_of(request).documents(account.unit_id),
                                           "terms": terms})
    return page(request, "home.html", {"title": "文档列表", "documents": store_of(request).documents(), "terms": []})


@router.post("/new")
def new(request: Request, form: FormData = Depends(csrf_form)):
    account = school_account(request)
    if account is None:
        return redirect(f"/doc/{store_of(request).create()}")
    period = str(form.get("period") or "")
    if period not in request.app.state.collection.terms(account.bureau_id):
        return message_page(request, "不能新建", "教育局还没有开始征集这个学期的事实。", 422)
    return redirect(f"/doc/{request.app.state.collection.document_for(account.unit_id, period)}")


@router.post("/import")
def import_file(request: Request, form: FormData = Depends(csrf_form)):
    account = school_account(request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return message_page(request, "导入失败", "请选择一个事实文件（.yaml）再导入。", 400, back="/")
    name = upload_name(upload.filename)
    raw = upload.file.read(core.MAX_BYTES + 1)
    if len(raw) > core.MAX_BYTES:
        return message_page(request, "导入失败", f"文件过大（超过 {core.MAX_BYTES // 1024} KB），事实文件应在 {core.MAX_BYTES // 1024 // 1024} MB 以内。请确认选对了文件。", 413, back="/")
    try:
        text = core.decode(raw, name)
    except core.FactsError as exc:
        return message_page(request, "导入失败", f"无法读取 {name}：", 422, [str(p) for p in exc.problems], back="/")
    outcome = evaluate(text)
    if not isinstance(outcome.data, dict):
        problems = [str(p) for p in core.check_text(text, name).problems]
        return message_page(request, "导入失败", f"{name} 不是能读取的事实文件：", 422, problems, back="/")
    store = store_of(request)
    if account is not None:  # into the school's own document for the file's term
        if outcome.period not in request.app.state.collection.terms(account.bureau_id):
            return message_page(request, "导入失败", f"{name} 的时段（{outcome.period or '没有填写'}）不是教育局征集的学期。", 422, back="/")
        existing = request.app.state.collection.document_for(account.unit_id, outcome.period)
    else:
        existing = store.find(outcome.school, outcome.period) if outcome.school and outcome.period else None
    author = account.username if account else None
    if existing is None:
        saved = Saved(text, f"导入 {name}", outcome.errors, outcome.hints, outcome.school, outcome.period, author)
        return redirect(f"/doc/{store.create(saved)}?m=imported")
    doc = the_document(request, existing, change=True)
    if doc.current is not None and doc.current.text == text:
        return redirect(f"/doc/{existing}?m=unchanged")
    checked = pinned(outcome, pin_of(request, doc))
    saved = Saved(text, f"导入 {name}", checked.errors, checked.hints, outcome.school, outcome.period, author)
    try:
        store.save(existing, saved, doc.version_no)
    except Conflict:
        return message_page(request, "导入失败", "这份文档刚在别处保存过，请再导入一次。", 409, back="/")
    except Locked as exc:
        return message_page(request, "导入失败", str(exc), 409, back=f"/doc/{existing}")
    return redirect(f"/doc/{existing}?m=imported")


def upload_name(filename: str) -> str:
    """An uploaded file's name as shown and noted: its last part, short."""
    name = re.split(r"[\\/]", filename)[-1].strip() or "事实文件"
    return name if len(name) <= 80 else name[:80] + "…"


# --------------------------------------------------------------------------- the form


def editor(request: Request, doc: DocumentInfo, data: object, outcome: Outcome | None, base: int,
           notice: str | None = None, warning: str | None = None, status: int = 200, unsaved: bool = False):
    """The editor page. unsaved: data is what was posted and not saved (a conflict, a text
    over the limit): shown with its messages, without a preview or downloads of it."""
    messages = list(outcome.messages) if outcome else []
    view, unplaced = forms.bind(spec(), data, messages)
    # Every message in the order of the form, with the element it sits beside, for the list
    # at the top (a long form's errors are then one click away).
    jumps = [(m, v.id) for v in view.walk() for m in v.messages] + [(m, None) for m in unplaced]
    reviews = request.app.state.collection.reviews(doc.id) if doc.bureau_id is not None else []
    return page(request, "editor.html", {
        "title": doc.school or "新文档", "doc": doc, "view": view, "unplaced": unplaced, "outcome": outcome,
        "base": base, "notice": notice, "warning": warning, "jumps": jumps, "unsaved": unsaved,
        "locked": doc.status == SUBMITTED, "returned": reviews[0] if reviews and doc.status == RETURNED else None,
        "collected": doc.bureau_id is not None,
    }, status)


@router.get("/doc/{doc_id}")
def edit(request: Request, doc_id: int, m: str | None = None, saved: int | None = None):
    doc = the_document(request, doc_id)
    if request.state.account is not None and request.state.account.is_bureau:
        from .bureau_routes import review_page

        return review_page(request, doc)
    outcome = outcome_of(request, doc)
    notice = NOTICES.get(m or "")
    if saved is not None:
        notice = f"已保存为第 {saved} 版。"
    pin = pin_of(request, doc)
    data = outcome.data if outcome else (first_data(pin) if pin else {})
    return editor(request, doc, data, outcome, doc.version_no, notice)


@router.post("/doc/{doc_id}")
def save(request: Request, doc_id: int, form: FormData = Depends(csrf_form)):
    doc = the_document(request, doc_id, change=True)
    pairs = [(key, value) for key, value in form.multi_items() if isinstance(value, str)]
    data = forms.parse_form(pairs)
    text = dump_facts(data, spec())
    base = _int(form.get("_base"))
    if len(text.encode("utf-8")) > core.MAX_BYTES:
        warning = f"内容超过 {core.MAX_BYTES // 1024 // 1024} MB，未保存：事实文件有这个上限。请删去过长的内容后再保存。"
        return editor(request, doc, data, None, base, warning=warning, status=413, unsaved=True)
    if doc.current is not None and doc.current.text == text:
        return redirect(f"/doc/{doc_id}?m=unchanged")
    outcome = pinned(evaluate(text, previous_text(request, doc)), pin_of(request, doc))
    author = request.state.account.username if request.state.account else None
    saved = Saved(text, "保存", outcome.errors, outcome.hints, outcome.school, outcome.period, author)
    try:
        number = store_of(request).save(doc_id, saved, base)
    except Locked as exc:
        return editor(request, doc, data, outcome, base, warning=f"{exc}你填写的内容没有保存，仍在下面。", status=409, unsaved=True)
    except Conflict as exc:
        warning = (f"这份文档在你打开之后已在别处保存过（现在是第 {exc.current} 版）。你填写的内容还没有保存，仍在下面；"
                   "再点“保存”就以它为准保存为新的一版，之前的各版都留在历史中。")
        return editor(request, doc, data, outcome, exc.current, warning=warning, status=409, unsaved=True)
    return redirect(f"/doc/{doc_id}?saved={number}")


def _int(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        return -1  # a form without its version: saved only after the conflict is shown


# --------------------------------------------------------------------------- versions


@router.get("/doc/{doc_id}/history")
def history(request: Request, doc_id: int):
    doc = the_document(request, doc_id)
    return page(request, "history.html", {"title": f"{doc.school or '新文档'} 的历史版本", "doc": doc,
                                          "versions": store_of(request).versions(doc_id)})


@router.get("/doc/{doc_id}/v/{number}")
def version(request: Request, doc_id: int, number: int):
    doc = the_document(request, doc_id)
    found = store_of(request).version(doc_id, number)
    if found is None:
        raise HTTPException(404)
    return page(request, "version.html", {"title": f"第 {number} 版", "doc": doc, "version": found})


@router.post("/doc/{doc_id}/v/{number}/restore")
def restore(request: Request, doc_id: int, number: int, form: FormData = Depends(csrf_form)):
    doc = the_document(request, doc_id, change=True)
    author = request.state.account.username if request.state.account else None
    try:
        store_of(request).restore(doc_id, number, _int(form.get("_base")), author)
    except LookupError:
        raise HTTPException(404) from None
    except Locked as exc:
        return message_page(request, "未恢复", str(exc), 409, back=f"/doc/{doc.id}/history")
    except Conflict:
        return message_page(request, "未恢复", "这份文档刚在别处保存过，请回到历史页面看一下最新的版本后再恢复。", 409, back=f"/doc/{doc.id}/history")
    return redirect(f"/doc/{doc_id}?m=restored")


@router.get("/doc/{doc_id}/export")
def export(request: Request, doc_id: int, v: int | None = None):
    doc = the_document(request, doc_id)
    found = store_of(request).version(doc_id, v) if v is not None else doc.current
    if found is None:
        return message_page(request, "没有内容", "这份文档还没有保存过，没有可导出的内容。", 404, back=f"/doc/{doc_id}")
    name = f"{doc.school or '事实'}{'-' + doc.period if doc.period else ''}"
    return download(found.text.encode("utf-8"), f"{name}.yaml", "application/x-yaml; charset=utf-8")


@router.post("/doc/{doc_id}/next-term")
def new_term(request: Request, doc_id: int):
    doc = the_document(request, doc_id, change=True)
    outcome = outcome_of(request, doc)
    if outcome is None or outcome.facts is None:
        return message_page(request, "还不能开始新学期", "本学期的事实还有错误（或还没有保存）。改正并保存后，才能由它开始新学期。", 422, back=f"/doc/{doc_id}")
    store = store_of(request)
    carried = next_term(outcome.data, outcome.facts)
    title = carried.period.title
    pin = pin_of(request, doc)
    existing = store.find(None, title, unit_id=doc.unit_id) if pin else store.find(outcome.school, title)
    if existing is not None:
        return redirect(f"/doc/{existing}?m=exists")
    text = dump_facts(carried.data, spec())
    checked = pinned(evaluate(text, doc.current.text), Pin(pin.school, title, pin.bureau) if pin else None)
    author = request.state.account.username if request.state.account else None
    saved = Saved(text, carried.note, checked.errors, checked.hints, outcome.school, title, author)
    created = store.create(saved, previous_id=doc_id, unit_id=doc.unit_id if pin else None, period=title if pin else None)
    return redirect(f"/doc/{created}?m=new-term")


@router.post("/doc/{doc_id}/submit")
def submit(request: Request, doc_id: int, form: FormData = Depends(csrf_form)):
    """提交 to the bureau: the version the school saw (its counter in the form)."""
    from .collection import Refused

    doc = the_document(request, doc_id, change=True)
    if doc.bureau_id is None:
        raise HTTPException(404)
    try:
        request.app.state.collection.submit(doc_id, _int(form.get("_base")), request.state.account.username)
    except Refused as exc:
        return message_page(request, "未提交", str(exc), 422, back=f"/doc/{doc_id}")
    except Conflict:
        return message_page(request, "未提交", "这份文档在你打开之后已在别处保存过。请回到文档看一下最新的内容，再提交。", 409, back=f"/doc/{doc_id}")
    return redirect(f"/doc/{doc_id}?m=submitted")


# --------------------------------------------------------------------------- documents


@router.get("/doc/{doc_id}/{kind}.{fmt}")
def document(request: Request, doc_id: int, kind: str, fmt: str, force: bool = False):
    if kind not in KINDS or fmt not in ("docx", "pdf"):
        raise HTTPException(404)
    doc = the_document(request, doc_id)
    outcome = outcome_of(request, doc)
    back = f"/doc/{doc_id}"
    if outcome is None or outcome.facts is None:
        errors = outcome.errors if outcome else 0
        return message_page(request, "未生成", f"事实还有 {errors} 个错误（见表单中的红字），改正并保存后才能生成{KINDS[kind]}。", 422, back=back)
    if outcome.lint_errors and not force:
        return page(request, "message.html", {"title": "未生成", "back": back, "problems": [],
                                              "message": f"文字检查发现 {outcome.errors} 个错误（如没填的占位符），改正后再生成{KINDS[kind]}。",
                                              "force": f"/doc/{doc_id}/{kind}.{fmt}?force=1"}, 422)
    outline = outcome.summary_md if kind == "summary" else outcome.plan_md
    data = docx_of(outline, core.document_names(outcome.facts))
    name = _title(outline) or KINDS[kind]
    if fmt == "docx":
        return download(data, f"{name}.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    if not core.pdf_available():
        return message_page(request, "未生成 PDF", PDF_MISSING, 503, back=back)
    try:
        pdf = pdf_of(data)
    except core.OutputError as exc:
        return message_page(request, "未生成 PDF", exc.message, 503, back=back)
    return download(pdf, f"{name}.pdf", "application/pdf")


@lru_cache(maxsize=16)
def docx_of(outline: str, names: tuple[str, ...]) -> bytes:
    return core.docx_bytes(outline, names)


@lru_cache(maxsize=8)
def pdf_of(docx: bytes) -> bytes:
    return core.pdf_bytes(docx)


def _title(outline: str) -> str:
    first = outline.lstrip().split("\n", 1)[0]
    return first[2:].strip() if first.startswith("# ") else ""


_UNSAFE_IN_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')


def download(data: bytes, filename: str, media_type: str) -> Response:
    """An attachment; the name is the document's title, with what no file name may hold removed."""
    name = _UNSAFE_IN_NAME.sub("", filename).strip(" .") or "文档"
    if len(name) > 120:
        stem, _, suffix = name.rpartition(".")
        name = stem[:110] + "." + suffix
    ascii_name = "houqin." + name.rpartition(".")[2]
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"content-disposition": disposition})
