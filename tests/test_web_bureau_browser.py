"""A bureau's collection in a real browser (Debian's chromium through Playwright) against a
real `houqin serve` process: the administrator creates three schools and opens the term, two
schools fill in and submit, one has an error, the board shows it, one click compiles, the
report downloads and reads back with two schools and the third named as missing. Each user
has a browser context of its own (its own cookies).

With HOUQIN_SCREENSHOTS=folder, every page on the way is also saved there as a PNG at a
desktop's and a phone's width (to look at; the test asserts nothing of them)."""
from __future__ import annotations

import os
import re
from pathlib import Path

import docx
import pytest

from bureau_helpers import ADMIN, ADMIN_PASSWORD, make_bureau
from web_helpers import CHROMIUM, CHROMIUM_ARGS, needs_chromium, serve, stop

pytestmark = needs_chromium
SHOTS = os.environ.get("HOUQIN_SCREENSHOTS")
SCHOOLS = ["伍家岗区第一小学", "伍家岗区实验初级中学", "伍家岗区桃花岭小学"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('bureau') / 'web.db'}"
    make_bureau(url, [], term=None).store.close()  # the bureau and its administrator only (houqin admin)
    proc, address = serve(url)
    yield address
    stop(proc)


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class User:
    """One person's browser: a context of its own."""

    def __init__(self, chromium, server: str, who: str):
        self.context = chromium.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True, locale="zh-CN")
        self.context.set_default_timeout(20000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.server, self.who = server, who

    def sign_in(self, username: str, password: str) -> None:
        self.page.goto(self.server)
        self.page.wait_for_url(re.compile(r"/login"))
        self.shot("登录")
        self.page.fill("#username", username)
        self.page.fill("#password", password)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_load_state()

    def shot(self, name: str) -> None:
        if not SHOTS:
            return
        folder = Path(SHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        for width, height in ((1366, 900), (390, 844)):
            self.page.set_viewport_size({"width": width, "height": height})
            tall = min(self.page.evaluate("document.documentElement.scrollHeight"), 2 * height)  # the top of a long form
            self.page.screenshot(path=str(folder / f"{self.who}-{name}-{width}.png"), full_page=True,
                                 clip={"x": 0, "y": 0, "width": width, "height": tall})
        self.page.set_viewport_size({"width": 1366, "height": 900})

    def close(self) -> None:
        assert not self.errors  # no script error on any page
        self.context.close()


def value_input(page, path: str):
    return page.locator(f'[id="v:{path}"]')


def fill_and_save(page, values: dict[str, str], number: int) -> None:
    if not page.locator('[data-path="存在问题"] .item').count():
        page.get_by_role("button", name="＋ 添加存在问题").click()
    for path, value in values.items():
        value_input(page, path).fill(value)
    page.get_by_role("button", name="保存", exact=True).click()
    page.locator(".save-status").get_by_text(f"已保存为第 {number} 版。").wait_for()


def test_the_whole_collection_in_a_browser(chromium, server):
    admin = User(chromium, server, "教育局")
    admin.sign_in(ADMIN, ADMIN_PASSWORD)
    admin.page.wait_for_url(re.compile(r"/bureau$"))
    admin.shot("征集情况-空")
    admin.page.get_by_role("link", name="学校账号").first.click()
    admin.page.fill("#names", "\n".join(SCHOOLS))
    admin.shot("学校账号-添加")
    admin.page.get_by_role("button", name="添加学校").click()
    rows = admin.page.locator("table.passwords tbody tr")
    rows.first.wait_for()
    passwords = {}
    for n in range(rows.count()):
        cells = rows.nth(n).locator("td").all_inner_texts()
        passwords[cells[1]] = cells[3]
    assert list(passwords) == SCHOOLS and all(re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", p) for p in passwords.values())
    admin.shot("新的学校账号")
    admin.page.get_by_role("link", name="征集情况").first.click()
    term = admin.page.locator("#term option").first.get_attribute("value")  # this school year's first term
    assert re.fullmatch(r"\d{4}—\d{4}学年第一学期", term)
    admin.page.select_option("#term", term)
    admin.page.get_by_role("button", name="开始征集").click()
    admin.page.get_by_text(f"{term} · 3 所学校").wait_for()

    docs = {}
    for n, school in enumerate(SCHOOLS):
        user = User(chromium, server, f"学校{n + 1}")
        user.sign_in(school, passwords[school])
        user.shot("本校")
        user.page.get_by_role("button", name=f"填写{term}的事实").click()
        user.page.wait_for_url(re.compile(r"/doc/\d+$"))
        docs[school] = user.page.url
        assert value_input(user.page, "学校").input_value() == school  # started with its own name and term
        assert value_input(user.page, "学期").input_value() == "第一学期"
        students = "很多" if n == 2 else str(800 + n)
        fill_and_save(user.page, {"概况.学生数": students, "存在问题[1].内容": f"{school}的教学楼屋面渗水"}, 1)
        if n < 2:
            user.page.get_by_role("button", name=re.compile("提交给教育局")).click()
            user.page.locator(".submit-box").get_by_text("教育局退回之前不能修改").wait_for()
            assert user.page.get_by_role("button", name="保存", exact=True).is_disabled()
            user.shot("已提交")
        else:
            # The error is beside its field, and the document cannot be submitted.
            assert "“很多”" in user.page.locator('[data-path="概况.学生数"] .msgs li.err').inner_text()
            assert user.page.locator('[data-path="概况.学生数"] .msgs li.err').count() == 1
            assert user.page.locator(".submit-box .button.disabled").is_visible()
            user.shot("有错误")
            # Another school's document is no page at all for it.
            user.page.goto(docs[SCHOOLS[0]])
            assert user.page.locator(".error-message").inner_text() == "没有这个页面或文档。"
            assert SCHOOLS[0] not in user.page.content()
            user.shot("别校的文档")
        user.close()

    admin.page.reload()
    states = admin.page.locator("table.board tbody tr").all_inner_texts()
    assert [re.sub(r"\s+", " ", s).split(" ")[1:3] for s in states] == [
        [SCHOOLS[0], "已提交"], [SCHOOLS[1], "已提交"], [SCHOOLS[2], "有错误"]]
    admin.shot("征集情况")
    admin.page.get_by_role("button", name="一键汇总").click()
    admin.page.get_by_text("刚刚汇总").wait_for()
    assert f"1 所：{SCHOOLS[2]}" in admin.page.locator("table.versions").first.inner_text()
    admin.shot("汇总结果")
    with admin.page.expect_download() as info:
        admin.page.get_by_role("link", name="汇总报告 .docx").click()
    assert info.value.suggested_filename.endswith(".docx")
    text = "\n".join(p.text for p in docx.Document(info.value.path()).paragraphs)
    tables = "\n".join(c.text for t in docx.Document(info.value.path()).tables for r in t.rows for c in r.cells)
    assert "全区共有学校2所" in text
    assert f"截至汇总时，尚有1所学校未提交：{SCHOOLS[2]}。" in text
    assert SCHOOLS[0] in tables and SCHOOLS[1] in tables and SCHOOLS[2] not in tables
    with admin.page.expect_download() as info:
        admin.page.get_by_role("link", name="数据 .xlsx").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    # The bureau reads a school's document, with who saved each version and when.
    admin.page.goto(docs[SCHOOLS[2]])
    assert admin.page.locator(".state").first.inner_text() == "有错误"
    admin.shot("学校文档")
    admin.page.goto(docs[SCHOOLS[0]] + "/history")
    assert SCHOOLS[0] in admin.page.locator('td[data-label="保存人"]').first.inner_text()
    admin.shot("历史版本")
    admin.close()
