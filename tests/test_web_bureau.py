"""houqin serve for a bureau (issue 18), through Starlette's TestClient on SQLite and on
PostgreSQL: accounts and sign-in, the isolation of schools, 提交 and 退回, the board, the
one-click compile, and versions with who and when. The browser is in test_web_bureau_browser.py,
a server under load and a server killed mid-save in test_web_bureau_process.py."""
from __future__ import annotations

import io
import re

import docx
import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text as sql

from bureau_helpers import (ADMIN, ADMIN_PASSWORD, BUREAU, TERM, make_bureau, open_term_document, save_fields, sign_in,
                            submit, token)
from houqin_report.web.accounts import IDLE, LONGEST, MAX_FAILURES
from houqin_report.web.app import create_app
from houqin_report.web.store import LoginAttempt, LoginSession, User
from web_helpers import BASE, csrf_of

SCHOOLS = ["第一小学", "第二小学", "第三小学"]


@pytest.fixture
def bureau(store_url):
    made = make_bureau(store_url, SCHOOLS)
    yield made
    made.store.close()


def client_of(bureau) -> TestClient:
    return TestClient(create_app(bureau.store), base_url=BASE)


@pytest.fixture
def admin(bureau):
    with client_of(bureau) as client:
        assert sign_in(client, ADMIN, ADMIN_PASSWORD).status_code == 303
        yield client


def school_client(bureau, school: str) -> TestClient:
    client = client_of(bureau)
    assert sign_in(client, school, bureau.passwords[school]).status_code == 303
    return client


def shift(bureau, model, column: str, delta) -> None:
    """Move a time column of every row back by delta (in Python: SQLite keeps times as text)."""
    with bureau.store.writing() as session:
        for row in session.query(model).all():
            setattr(row, column, getattr(row, column) - delta)


def text_of(docx_bytes: bytes) -> str:
    document = docx.Document(io.BytesIO(docx_bytes))
    return "\n".join(p.text for p in document.paragraphs)


# --------------------------------------------------------------------------- signing in


def test_signed_out_every_page_asks_to_sign_in_and_every_change_is_refused(bureau):
    from test_web import post_routes

    with client_of(bureau) as client:
        for url in ("/", "/doc/1", "/doc/1/history", "/bureau", "/bureau/schools", "/doc/1/summary.docx", "/account"):
            response = client.get(url, follow_redirects=False)
            assert response.status_code == 303 and response.headers["location"].startswith("/login?next="), url
        csrf = csrf_of(client.get("/login").text)
        for path in post_routes():
            if path == "/login":
                continue
            url = path.replace("{doc_id}", "1").replace("{number}", "1").replace("{unit_id}", "1")
            response = client.post(url, data={"_csrf": csrf, "_base": "0", "period": TERM}, follow_redirects=False)
            assert response.status_code == 401, url
            assert "请先登录" in response.text
        assert bureau.store.documents() == []
        assert client.get("/static/app.css").status_code == 200


def test_passwords_are_kept_as_argon2_hashes_only(bureau):
    with bureau.store.reading() as session:
        rows = session.query(User).all()
    assert len(rows) == 1 + len(SCHOOLS)
    for row in rows:
        assert row.password_hash.startswith("$argon2id$")
        password = bureau.passwords.get(row.username, ADMIN_PASSWORD)
        assert password not in row.password_hash


def test_sign_in_is_rate_limited_per_user_name(bureau):
    school = SCHOOLS[0]
    with client_of(bureau) as client:
        for _ in range(MAX_FAILURES):
            response = sign_in(client, school, "wrong-password")
            assert response.status_code == 401 and "用户名或密码不对" in response.text
        # Now even the right password is refused, with a message that says to wait.
        response = sign_in(client, school, bureau.passwords[school])
        assert response.status_code == 429 and "登录失败次数过多，请 15 分钟后再试" in response.text
        assert client.get("/", follow_redirects=False).status_code == 303  # not signed in
        # Another school is not affected.
        assert sign_in(client, SCHOOLS[1], bureau.passwords[SCHOOLS[1]]).status_code == 303
    # Once the failures are older than the window, the school may sign in again.
    shift(bureau, LoginAttempt, "at", LONGEST)
    with client_of(bureau) as client:
        assert sign_in(client, school, bureau.passwords[school]).status_code == 303


def test_a_wrong_user_name_and_a_wrong_password_get_the_same_answer(bureau):
    with client_of(bureau) as client:
        unknown = sign_in(client, "没有这个学校", "whatever-1")
        wrong = sign_in(client, SCHOOLS[0], "whatever-1")
    strip = lambda html: re.sub(r'content="[0-9a-f]+"|value="[0-9a-f]{64}"|value="[^"]*" autocomplete="username"', "", html)  # noqa: E731
    assert unknown.status_code == wrong.status_code == 401
    assert strip(unknown.text) == strip(wrong.text)


def test_sessions_expire_when_idle_and_after_the_longest_time(bureau):
    school = SCHOOLS[0]
    with school_client(bureau, school) as client:
        assert client.get("/", follow_redirects=False).status_code == 200
        shift(bureau, LoginSession, "seen_at", IDLE + IDLE / 60)
        response = client.get("/", follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/login")
        assert sign_in(client, school, bureau.passwords[school]).status_code == 303
        assert client.get("/", follow_redirects=False).status_code == 200
        # Active all along (seen a moment ago), but signed in longer ago than LONGEST.
        shift(bureau, LoginSession, "created_at", LONGEST)
        assert client.get("/", follow_redirects=False).status_code == 303


def test_a_new_login_cookie_at_each_sign_in_and_none_after_signing_out(bureau):
    school = SCHOOLS[0]
    with client_of(bureau) as client:
        sign_in(client, school, bureau.passwords[school])
        first = client.cookies.get("houqin_login")
        sign_in(client, school, bureau.passwords[school])
        second = client.cookies.get("houqin_login")
        assert first and second and first != second
        client.post("/logout", data={"_csrf": token(client)})
        assert client.get("/", follow_redirects=False).status_code == 303
    with client_of(bureau) as thief:  # the cookie of the signed-out session opens nothing
        thief.cookies.set("houqin_login", second)
        assert thief.get("/", follow_redirects=False).status_code == 303


def test_changing_ones_password(bureau):
    school = SCHOOLS[0]
    with school_client(bureau, school) as client, school_client(bureau, school) as elsewhere:
        form = {"_csrf": token(client), "old": bureau.passwords[school], "new": "short", "again": "short"}
        assert "密码至少 8 个字符" in client.post("/account", data=form).text
        form.update(new="a-new-password", again="a-new-password")
        assert "密码已修改" in client.post("/account", data=form).text
        assert client.get("/", follow_redirects=False).status_code == 200  # this browser stays signed in
        assert elsewhere.get("/", follow_redirects=False).status_code == 303  # the other is signed out
    with client_of(bureau) as client:
        assert sign_in(client, school, bureau.passwords[school]).status_code == 401
        assert sign_in(client, school, "a-new-password").status_code == 303


# --------------------------------------------------------------------------- isolation


def every_route():
    """(method, path) of every page with an id in its address."""
    from fastapi.routing import APIRoute

    from test_web import ROUTERS
    import importlib

    out = []
    for name in ROUTERS:
        for route in importlib.import_module(f"houqin_report.web.{name}").router.routes:
            if isinstance(route, APIRoute) and "{" in route.path:
                out += [(method, route.path) for method in sorted(route.methods)]
    return out


SECRET = "甲校的秘密隐患描述"


def test_a_school_can_never_read_or_change_another_schools_documents_nor_the_bureaus(bureau, admin):
    a, b = SCHOOLS[0], SCHOOLS[1]
    with school_client(bureau, a) as school_a:
        doc = open_term_document(school_a)
        assert save_fields(school_a, doc, {("存在问题", 0, "内容"): SECRET}).status_code == 200
        submit(school_a, doc)
    admin.post("/bureau/compile", data={"_csrf": token(admin), "period": TERM})
    compilation = bureau.store.reading().execute(sql("select max(id) from compilations")).scalar()
    before = bureau.store.document(doc)
    ids = {"doc_id": doc, "number": 1, "kind": "summary", "fmt": "docx", "unit_id": bureau.units[a], "compilation_id": compilation}
    missing = {"doc_id": 999999, "number": 1, "kind": "summary", "fmt": "docx", "unit_id": 999999, "compilation_id": 999999}
    covered = set()
    with school_client(bureau, b) as other:
        csrf = token(other)
        for method, path in every_route():
            answers = []
            for values in (ids, missing):
                url = re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), path)
                if method == "GET":
                    answers.append(other.get(url, follow_redirects=False))
                else:
                    answers.append(other.post(url, data={"_csrf": csrf, "_base": "1", "comment": "x"}, follow_redirects=False))
            theirs, nobody = answers
            assert theirs.status_code == 404, (method, path, theirs.status_code)
            assert a not in theirs.text and SECRET not in theirs.text
            assert theirs.text == nobody.text, (method, path)  # the same as for an id that does not exist
            covered.add(path)
        # The bureau's pages without an id are not a school's either.
        for url in ("/bureau", "/bureau/schools"):
            assert other.get(url).status_code == 404
        for url in ("/bureau/term", "/bureau/compile", "/bureau/schools"):
            assert other.post(url, data={"_csrf": csrf, "period": TERM, "names": "乙校新加的学校"}).status_code == 404
        # Its own list shows only its own documents.
        assert a not in other.get("/").text.replace(BUREAU, "")
    assert covered == {p for _, p in every_route()}
    after = bureau.store.document(doc)
    assert (after.version_no, after.status, after.current.text) == (before.version_no, before.status, before.current.text)
    assert [s for _, s in bureau.store.reading().execute(sql("select id, name from units order by id")).all()] \
        == [BUREAU, *SCHOOLS]


def test_the_bureau_reads_its_schools_documents_and_changes_none(bureau, admin):
    with school_client(bureau, SCHOOLS[0]) as school:
        doc = open_term_document(school)
        save_fields(school, doc, {("存在问题", 0, "内容"): SECRET})
    page = admin.get(f"/doc/{doc}").text
    assert SECRET in page and 'id="facts-form"' not in page  # read, not a form to change
    assert admin.get(f"/doc/{doc}/history").status_code == 200
    assert admin.get(f"/doc/{doc}/export").status_code == 200
    csrf = token(admin)
    for url in (f"/doc/{doc}", f"/doc/{doc}/v/1/restore", f"/doc/{doc}/next-term", f"/doc/{doc}/submit"):
        response = admin.post(url, data={"_csrf": csrf, "_base": "1"})
        assert response.status_code == 403 and "教育局的账号只能查看和退回学校的文档" in response.text, url
    for url in ("/new", "/import"):
        assert admin.post(url, data={"_csrf": csrf, "period": TERM}).status_code == 403
    assert bureau.store.document(doc).version_no == 1


def test_another_bureau_sees_nothing_of_this_ones(bureau):
    from houqin_report.web.accounts import Accounts

    with school_client(bureau, SCHOOLS[0]) as school:
        doc = open_term_document(school)
        save_fields(school, doc, {("存在问题", 0, "内容"): SECRET})
    Accounts(bureau.store).create_bureau("夷陵区教育局", "夷陵管理员", "other-bureau-1")
    with client_of(bureau) as other:
        sign_in(other, "夷陵管理员", "other-bureau-1")
        for url in (f"/doc/{doc}", f"/doc/{doc}/history", f"/doc/{doc}/v/1", f"/doc/{doc}/export"):
            response = other.get(url)
            assert response.status_code == 404 and SECRET not in response.text and SCHOOLS[0] not in response.text
        board = other.get("/bureau").text
        assert SCHOOLS[0] not in board


# --------------------------------------------------------------------------- the collection


def test_a_schools_document_is_pinned_to_its_school_and_term(bureau):
    with school_client(bureau, SCHOOLS[0]) as school:
        doc = open_term_document(school)
        assert open_term_document(school) == doc  # the same document, not a second one
        page = save_fields(school, doc, {("学校",): "别的学校", ("学期",): "第一学期"}).text
        assert "应填“第一小学”（本账号的学校，现在是“别的学校”）" in page
        assert "这份文档是2023—2024学年第二学期的，现在填的是2023—2024学年第一学期" in page
        info = bureau.store.document(doc)
        assert (info.school, info.period, info.current.errors) == ("第一小学", TERM, 2)
        assert submit(school, doc).status_code == 422


def test_submit_locks_the_document_until_the_bureau_returns_it(bureau, admin):
    school_name = SCHOOLS[0]
    with school_client(bureau, school_name) as school:
        doc = open_term_document(school)
        assert submit(school, doc).status_code == 422  # nothing saved yet
        save_fields(school, doc, {("存在问题", 0, "内容"): "××"})
        refused = submit(school, doc, follow=True)
        assert refused.status_code == 422 and "个错误，改正并保存后才能提交" in refused.text
        save_fields(school, doc, {("存在问题", 0, "内容"): "食堂排烟管道老化"})
        assert "已提交给教育局" in submit(school, doc, follow=True).text
        # A save now (another tab still open) is refused, and what was typed stays on the page.
        refused = save_fields(school, doc, {("存在问题", 0, "内容"): "提交后又改的内容"})
        assert refused.status_code == 409 and "已提交给教育局，不能再修改" in refused.text and "提交后又改的内容" in refused.text
        assert bureau.store.document(doc).version_no == 2
    # The bureau returns it with a comment; the school sees the comment and may change it again.
    csrf = token(admin)
    assert "请写明退回的原因" in admin.post(f"/doc/{doc}/return", data={"_csrf": csrf, "comment": " "}).text
    admin.post(f"/doc/{doc}/return", data={"_csrf": csrf, "comment": "请补充排烟管道的整改时间"})
    review = admin.get(f"/doc/{doc}").text
    assert "退回</strong> 第 2 版：请补充排烟管道的整改时间" in review and "提交</strong> 第 2 版" in review
    with school_client(bureau, school_name) as school:
        page = school.get(f"/doc/{doc}").text
        assert "教育局退回了这份文档" in page and "请补充排烟管道的整改时间" in page
        assert "已保存为第 3 版" in save_fields(school, doc, {("存在问题", 0, "内容"): "食堂排烟管道老化，7月底前更换"}).text
        assert "已提交给教育局" in submit(school, doc, follow=True).text


def test_the_board_shows_where_each_school_is(bureau, admin):
    with school_client(bureau, SCHOOLS[0]) as school:
        doc = open_term_document(school)
        save_fields(school, doc, {})
        submit(school, doc)
    with school_client(bureau, SCHOOLS[1]) as school:
        doc = open_term_document(school)
        save_fields(school, doc, {("存在问题", 0, "内容"): "××"})
    page = admin.get("/bureau").text
    rows = re.findall(r'<td data-label="学校">([^<]+)</td>\s*<td data-label="状态"><span class="state state-(\S+)">', page)
    assert rows == [("第一小学", "已提交"), ("第二小学", "有错误"), ("第三小学", "未开始")]
    assert "汇总2023—2024学年第二学期已提交的 1 所学校（未提交的 2 所在报告中列出）" in page
    only = admin.get("/bureau", params={"period": TERM, "state": "有错误"}).text
    assert re.findall(r'<td data-label="学校">([^<]+)</td>', only) == ["第二小学"]
    # Who saved each version, and when, is in the history the bureau sees.
    history = admin.get(f"/doc/{doc}/history").text
    assert '<td data-label="保存人">第二小学</td>' in history


def test_one_click_compile_of_the_submitted_schools_names_the_missing(bureau, admin):
    for n, school_name in enumerate(SCHOOLS[:2]):
        with school_client(bureau, school_name) as school:
            doc = open_term_document(school)
            save_fields(school, doc, {("概况", "学生人数"): str(100 * (n + 1)), ("存在问题", 0, "内容"): f"{school_name}的食堂排烟管道老化"})
            submit(school, doc)
    page = admin.post("/bureau/compile", data={"_csrf": token(admin), "period": TERM}, follow_redirects=True).text
    assert "刚刚汇总" in page and "1 所：第三小学" in page
    link = re.search(r'href="(/bureau/compilations/\d+\.docx)"', page).group(1)
    response = admin.get(link)
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = text_of(response.content)
    assert "全区共有学校2所" in text and "截至汇总时，尚有1所学校未提交：第三小学。" in text
    assert "第一小学" in text and "第二小学" in text
    book = openpyxl.load_workbook(io.BytesIO(admin.get(link.replace(".docx", ".xlsx")).content))
    sources = [row[1:3] for row in book["来源"].iter_rows(min_row=2, values_only=True) if row[1]]
    assert sources == [("第一小学", "第一小学（第1版）"), ("第二小学", "第二小学（第1版）")]
    # A school cannot download it.
    with school_client(bureau, SCHOOLS[0]) as school:
        assert school.get(link).status_code == 404


def test_schools_are_added_from_lines_a_list_file_and_a_workbook(bureau, admin):
    book = openpyxl.Workbook()
    for value in ("学校名称", "第五小学", None, "第六中学", "第一小学"):
        book.active.append([value])
    raw = io.BytesIO()
    book.save(raw)
    csrf = token(admin)
    page = admin.post("/bureau/schools", data={"_csrf": csrf, "names": "第四小学\n\n第一小学\n"},
                      files={"file": ("名单.xlsx", raw.getvalue(), "application/octet-stream")}).text
    rows = re.findall(r'<td data-label="学校">([^<]+)</td>\s*<td data-label="用户名">[^<]+</td>\s*<td data-label="初始密码">([^<]+)</td>', page)
    assert [r[0] for r in rows] == ["第四小学", "第一小学", "第五小学", "第六中学"]
    assert rows[1][1] == "（已有账号，未改动）"
    password = rows[0][1]
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
    page = admin.post("/bureau/schools", data={"_csrf": csrf}, files={"file": ("名单.csv", "学校\n第七小学,备注\n".encode("gb18030"), "text/csv")}).text
    assert "第七小学" in page
    with client_of(bureau) as client:
        assert sign_in(client, "第四小学", password).status_code == 303
    assert "名单应是 .xlsx 工作簿" in admin.post("/bureau/schools", data={"_csrf": csrf}, files={"file": ("名单.doc", b"x", "x")}).text
    assert "无法读取这个工作簿" in admin.post("/bureau/schools", data={"_csrf": csrf}, files={"file": ("坏.xlsx", b"PK\x03\x04bad", "x")}).text


def test_a_reset_password_signs_the_school_out(bureau, admin):
    school = SCHOOLS[0]
    with school_client(bureau, school) as client:
        page = admin.post(f"/bureau/schools/{bureau.units[school]}/password", data={"_csrf": token(admin)}).text
        new = re.search(r'<td data-label="初始密码">([^<]+)</td>', page).group(1)
        assert client.get("/", follow_redirects=False).status_code == 303
        assert sign_in(client, school, new).status_code == 303
