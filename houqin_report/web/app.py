"""The web application: its guards (hosts, body size, CSRF, headers) and its pages' renderer.

The guards hold even on 127.0.0.1: a page on any web site can make the browser post to a
local server (CSRF), or reach it under its own name (DNS rebinding), so every state-changing
request needs a token bound to this browser's session cookie, and only the server's own host
names are answered.

A bureau's store (one with accounts, issue 18) needs a signed-in account for every page but
the sign-in page and the static files: the middleware below finds the account of the login
cookie (accounts.py) before any route runs, so a route added later is guarded too. The CSRF
token stays bound to the browser's session cookie, which signing in does not change, so a
form left open while its sign-in expired still saves after signing in again in another tab;
the login cookie is new at each sign-in (no session fixation).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.responses import RedirectResponse
from fastapi.templating import Jinja2Templates
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from . import core
from .accounts import Accounts
from .collection import Collection
from .store import Store

HERE = Path(__file__).resolve().parent
SESSION_COOKIE = "houqin_session"
LOGIN_COOKIE = "houqin_login"  # a bureau's store: the signed-in account's session (accounts.py)
PUBLIC = ("/login", "/static/")  # what a bureau's store shows before sign-in
CSRF_FIELD = "_csrf"
CSRF_HEADER = "x-csrf-token"
# A form posts each value URL-encoded (a Chinese character as 9 bytes), so the largest facts
# text the loader takes (MAX_BYTES) needs a few times that; a file upload needs MAX_BYTES.
MAX_BODY = 4 * core.MAX_BYTES + 64 * 1024
MAX_FIELDS = 2 * core.MAX_NODES  # an input per value, and an extra row has two
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")

CONTENT_SECURITY = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
    "connect-src 'self'", "form-action 'self'", "frame-ancestors 'none'", "base-uri 'none'", "object-src 'none'",
])

MESSAGES = {
    400: "请求的格式不对。",
    401: "请先登录。登录已过期时，填写的内容仍在页面上：在新的标签页中登录后，回到这里再保存。",
    403: "安全校验未通过：页面可能已过期，或请求不是从本工具的页面发出的。请刷新页面后再试（刷新前可先复制填写的内容）。",
    404: "没有这个页面或文档。",
    405: "不支持这种请求。",
    413: f"提交的内容过大：事实文件应在 {core.MAX_BYTES // 1024 // 1024} MB 以内。",
    422: "内容有问题，未能处理。",
    500: "服务器内部出错，已记录。填写的内容若未保存，请先复制下来。",
}


class Csrf:
    """Tokens bound to a session cookie, signed with the store's secret."""

    def __init__(self, secret: str):
        self._key = secret.encode()

    def token(self, session: str) -> str:
        return hmac.new(self._key, session.encode(), hashlib.sha256).hexdigest()

    def valid(self, session: str | None, token: object) -> bool:
        return bool(session) and isinstance(token, str) and hmac.compare_digest(self.token(session), token)


class BodyLimit:
    """Refuse a request body larger than MAX_BODY before reading it (413), also one sent
    without a Content-Length (chunked)."""

    def __init__(self, app, limit: int = MAX_BODY):
        self.app, self.limit = app, limit

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await _too_large(scope, receive, send)
        seen = 0

        async def limited():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise HTTPException(413)
            return message

        return await self.app(scope, limited, send)


async def _too_large(scope, receive, send):
    response = HTMLResponse(f"<!doctype html><meta charset=utf-8><p class=error-message>{MESSAGES[413]}</p>", status_code=413)
    await response(scope, receive, send)


def local_time(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    return value.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%Y-%m-%d %H:%M")


def example(hint: str) -> str:
    """A placeholder from a value type's hint: 金额：56000、5.6万元、¥56,000 → 如 56000 或 ¥56,000."""
    if "：" not in hint:
        return hint
    forms = [part.strip() for part in hint.split("：", 1)[1].replace("，", "、").split("、") if part.strip()]
    if len(forms) < 2:
        return hint
    last = forms[-1].split()[-1]
    return f"如 {forms[0]} 或 {last}"


def templates() -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every value from the user is text in the page
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["localtime"] = local_time
    env.filters["example"] = example
    return Jinja2Templates(env=env)


def create_app(store: Store, host: str = "127.0.0.1") -> FastAPI:
    """The app on a store. host: the address served; on loopback only the local host names
    are answered (against DNS rebinding), elsewhere any (the user chose to share it)."""
    from .routes import router

    app = FastAPI(title="houqin serve", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.store = store
    app.state.accounts = Accounts(store)
    app.state.collection = Collection(store)
    app.state.bureau = False  # has accounts: checked until it has, then for good
    app.state.csrf = Csrf(store.setting("csrf_secret"))
    app.state.templates = templates()
    app.state.cache_key = secrets.token_hex(4)  # static files' cache breaker, per start

    @app.middleware("http")
    async def session_and_headers(request: Request, call_next):
        session = request.cookies.get(SESSION_COOKIE)
        new = not session or len(session) > 100
        request.state.session = secrets.token_urlsafe(24) if new else session
        request.state.account = None
        if not app.state.bureau:
            app.state.bureau = await run_in_threadpool(app.state.accounts.bureau_exists)
        if app.state.bureau:
            request.state.account = await run_in_threadpool(app.state.accounts.account, request.cookies.get(LOGIN_COOKIE))
            if request.state.account is None and not request.url.path.startswith(PUBLIC):
                response = await _sign_in_first(request)
                if new:
                    response.set_cookie(SESSION_COOKIE, request.state.session, httponly=True, samesite="strict", path="/")
                return response
        response = await call_next(request)
        if new:
            response.set_cookie(SESSION_COOKIE, request.state.session, httponly=True, samesite="strict", path="/")
        response.headers.setdefault("content-security-policy", CONTENT_SECURITY)
        response.headers.setdefault("x-content-type-options", "nosniff")
        response.headers.setdefault("referrer-policy", "same-origin")  # no-referrer would make a form post send Origin: null
        response.headers.setdefault("x-frame-options", "DENY")
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("cache-control", "no-store")
        return response

    app.add_exception_handler(HTTPException, _error_page)
    app.add_exception_handler(RequestValidationError, _not_found)  # /doc/abc: no such page
    app.add_exception_handler(Exception, _error_page)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(router)
    from .bureau_routes import router as bureau_router
    from .sign_in import router as sign_in_router

    app.include_router(sign_in_router)
    app.include_router(bureau_router)
    allowed = list(LOOPBACK) + ([host] if host not in LOOPBACK else [])
    if host in LOOPBACK:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed)
    app.add_middleware(BodyLimit)
    return app


async def _error_page(request: Request, exc: Exception):
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) and isinstance(exc.detail, str) and _chinese(exc.detail) else None
    message = detail or MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    if status == 500:
        import logging

        logging.getLogger("houqin_report.web").exception("服务器内部出错", exc_info=exc)
    return page(request, "message.html", {"title": "出错了", "message": message, "problems": []}, status)


async def _sign_in_first(request: Request):
    """No signed-in account: a page is sent to the sign-in page (and back after it); a change is
    refused (401) without touching anything, and the page that sent it keeps what was typed."""
    if request.method in ("GET", "HEAD"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    return page(request, "message.html", {"title": "请先登录", "message": MESSAGES[401], "problems": [], "back": "/login"}, 401)


async def _not_found(request: Request, exc: Exception):
    return await _error_page(request, HTTPException(404))


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def page(request: Request, name: str, context: dict, status: int = 200):
    """A page from its template, with what every page needs (its CSRF token)."""
    app = request.app
    # An error page can be made before the session middleware ran (a server error): no token then.
    session = getattr(request.state, "session", None)
    context = {"csrf": app.state.csrf.token(session) if session else "", "cache_key": app.state.cache_key,
               "pdf": core.pdf_available(), "account": getattr(request.state, "account", None),
               "bureau_mode": app.state.bureau, **context}
    return app.state.templates.TemplateResponse(request, name, context, status_code=status)


async def csrf_form(request: Request) -> FormData | None:
    """The posted form of a state-changing request, after checking its CSRF token (from the
    form, or the header htmx sends) and its Origin; None for a GET. Every route is guarded by
    this (routes.router's dependency), and a route that reads the form gets it from here."""
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(403)
    form = await request.form(max_files=1, max_fields=MAX_FIELDS, max_part_size=MAX_BODY)
    token = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    if not request.app.state.csrf.valid(request.cookies.get(SESSION_COOKIE), token):
        raise HTTPException(403)
    return form
