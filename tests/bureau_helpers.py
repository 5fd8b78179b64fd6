"""A bureau's store for the tests: the bureau, its administrator, its schools and their
passwords, a term open; signing in through the real page."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from houqin_report.web import forms
from houqin_report.web.accounts import Accounts
from houqin_report.web.collection import Collection
from houqin_report.web.store import Store
from web_helpers import csrf_of, form_pairs

BUREAU = "伍家岗区教育局"
ADMIN, ADMIN_PASSWORD = "管理员", "bureau-pass-1"
TERM = "2023—2024学年第二学期"


@dataclass
class Bureau:
    store: Store
    bureau_id: int
    passwords: dict[str, str] = field(default_factory=dict)  # school → its first password
    units: dict[str, int] = field(default_factory=dict)


def make_bureau(url: str, schools: list[str], term: str | None = TERM) -> Bureau:
    store = Store(url)
    accounts = Accounts(store)
    admin = accounts.create_bureau(BUREAU, ADMIN, ADMIN_PASSWORD)
    made = accounts.add_schools(admin.bureau_id, schools) if schools else []
    if term:
        Collection(store).open_term(admin.bureau_id, term, ADMIN)
    return Bureau(store, admin.bureau_id, {s.name: s.password for s in made}, {s.name: s.unit_id for s in made})


def sign_in(client, username: str, password: str, follow: bool = False):
    page = client.get("/login").text
    return client.post("/login", data={"_csrf": csrf_of(page), "username": username, "password": password, "next": "/"},
                       follow_redirects=follow)


def token(client) -> str:
    return csrf_of(client.get("/account").text)


def open_term_document(client, term: str = TERM) -> int:
    response = client.post("/new", data={"_csrf": token(client), "period": term}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(re.search(r"/doc/(\d+)", response.headers["location"]).group(1))


def name(*loc) -> str:
    return forms.input_name("v", loc)


def save_fields(client, doc: int, values: dict[tuple, str], follow: bool = True):
    """Post the editor's form as the page has it, with values (key path → text) changed."""
    fields = dict(form_pairs(client.get(f"/doc/{doc}").text))
    fields.update({name(*path): value for path, value in values.items()})
    return client.post(f"/doc/{doc}", data=fields, follow_redirects=follow)


def submit(client, doc: int, follow: bool = False):
    page = client.get(f"/doc/{doc}").text
    base = re.search(r'name="_base" value="(-?\d+)"', page).group(1)
    return client.post(f"/doc/{doc}/submit", data={"_csrf": csrf_of(page), "_base": base}, follow_redirects=follow)


VALID = {("学年",): "2023-2024", ("学期",): "第二学期",
         ("工作", 0): "完成学期初校产清查，录入固定资产台账"}
