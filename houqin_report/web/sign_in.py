"""Signing in and out, and changing one's password (a bureau's store; accounts.py)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from .accounts import AccountError, SignInRefused
from .app import LOGIN_COOKIE, csrf_form, page

router = APIRouter(dependencies=[Depends(csrf_form)])


def safe_next(target: object) -> str:
    """Where to go after signing in: a path of this site only (never //other.site)."""
    text = str(target or "")
    return text if text.startswith("/") and not text.startswith("//") and "\\" not in text else "/"


@router.get("/login")
def login_page(request: Request, next: str = "/"):
    if not request.app.state.bureau:
        return RedirectResponse("/", status_code=303)
    if request.state.account is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return page(request, "login.html", {"title": "登录", "next": safe_next(next), "error": None, "username": ""})


@router.post("/login")
def login(request: Request, form: FormData = Depends(csrf_form)):
    if not request.app.state.bureau:
        raise HTTPException(404)
    username, password = str(form.get("username") or ""), str(form.get("password") or "")
    target = safe_next(form.get("next"))
    address = request.client.host if request.client else ""
    try:
        token = request.app.state.accounts.sign_in(username, password, address)
    except SignInRefused as exc:
        status = 429 if "过多" in str(exc) else 401
        return page(request, "login.html", {"title": "登录", "next": target, "error": str(exc), "username": username}, status)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict", path="/")
    return response


@router.post("/logout")
def logout(request: Request):
    request.app.state.accounts.sign_out(request.cookies.get(LOGIN_COOKIE))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(LOGIN_COOKIE, path="/")
    return response


def _account(request: Request):
    account = request.state.account
    if account is None:
        raise HTTPException(404)
    return account


@router.get("/account")
def account_page(request: Request, m: str | None = None):
    account = _account(request)
    notice = "密码已修改；其他电脑上的登录已退出。" if m == "changed" else None
    return page(request, "account.html", {"title": "修改密码", "who": account, "error": None, "notice": notice})


@router.post("/account")
def change_password(request: Request, form: FormData = Depends(csrf_form)):
    account = _account(request)
    old, new, again = (str(form.get(k) or "") for k in ("old", "new", "again"))
    error = "两次输入的新密码不一样。" if new != again else None
    if error is None:
        try:
            request.app.state.accounts.change_password(account, old, new, keep_token=request.cookies.get(LOGIN_COOKIE))
        except AccountError as exc:
            error = str(exc)
    if error:
        return page(request, "account.html", {"title": "修改密码", "who": account, "error": error, "notice": None}, 422)
    return RedirectResponse("/account?m=changed", status_code=303)
