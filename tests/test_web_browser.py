"""houqin serve in a real browser: Debian's chromium, driven by Playwright, against a real
`houqin serve` process on 127.0.0.1.

What a member of staff does: fill a school's facts from an empty form, see an error beside
its field, fix it, look at the preview, download the summary and read it back; import a
sample and export it; move and remove list items; restore an earlier version; two tabs
saving the same facts; hostile text shown as text; a phone's width.
"""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

import docx
import pytest

from conftest import SAMPLES
from houqin_report.facts.load import load_facts
from houqin_report.facts.read import parse_text
from test_web import HOSTILE, SCRIPT
from web_helpers import CHROMIUM, CHROMIUM_ARGS, needs_chromium, serve, stop

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    proc, address = serve(tmp_path_factory.mktemp("web") / "web.db")
    yield address
    stop(proc)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory(prefix="houqin-chromium-") as profile:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1366, "height": 900}, accept_downloads=True, locale="zh-CN")
        context.set_default_timeout(15000)
        yield context
        context.close()


@pytest.fixture
def page(browser, server):
    page = browser.new_page()
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.accept()))
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(server)
    yield page
    assert not page.errors  # no script error on any page
    page.close()


def field(page, path: str):
    """The element of the form for a key path, as `houqin check` prints it."""
    return page.locator(f'[data-path="{path}"]')


def value_input(page, path: str):
    return page.locator(f'[id="v:{path}"]')


def fill(page, values: dict[str, str]) -> None:
    """Type each value into the input of its key path (or choose it, in a choice)."""
    for path, value in values.items():
        element = value_input(page, path)
        if element.evaluate("e => e.tagName") == "SELECT":
            element.select_option(value)
        else:
            element.fill(value)


def save(page, number: int) -> None:
    page.get_by_role("button", name="保存", exact=True).click()
    page.locator(".save-status").get_by_text(f"已保存为第 {number} 版。").wait_for()  # beside the button


def download(page, link_text: str) -> tuple[Path, str]:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_text).click()
    return Path(info.value.path()), info.value.suggested_filename


def new_document(page) -> None:
    page.get_by_role("button", name="新建：从空白表单开始").click()
    page.wait_for_url(re.compile(r"/doc/\d+$"))


def import_file(page, server: str, path: Path) -> None:
    page.goto(server)
    page.set_input_files("#import-file", str(path))
    page.get_by_role("button", name="导入", exact=True).click()
    page.wait_for_url(re.compile(r"/doc/\d+\?m=(imported|unchanged)$"))  # unchanged: imported before


def test_fill_a_school_from_an_empty_form_fix_an_error_preview_and_download(page):
    new_document(page)
    fill(page, {"学校": "伍家岗区测试小学", "上级单位": "伍家岗区教育局", "学年": "2023-2024", "学期": "第二学期",
                "落款日期": "2024年7月5日", "概况.学生数": "968"})
    page.get_by_role("button", name="＋ 添加项目建设").click()
    fill(page, {"项目建设[1].名称": "校园视频监控系统扩容", "项目建设[1].状态": "完工", "项目建设[1].金额": "5万6千元"})
    page.get_by_role("button", name="＋ 添加隐患").click()
    fill(page, {"隐患排查.隐患[1].位置": "东侧围墙", "隐患排查.隐患[1].描述": "挡土墙开裂",
                "隐患排查.隐患[1].发现日期": "2024-03-12", "隐患排查.隐患[1].整改日期": "2024年3月1日"})
    page.get_by_role("button", name="＋ 添加存在问题").click()
    fill(page, {"存在问题[1].内容": "校舍老化，部分功能室设施陈旧", "存在问题[1].措施": "申请专项经费更新功能室设施"})
    save(page, 1)

    # The error is beside its field; the draft is saved; no document can be downloaded yet.
    message = "整改日期 2024年3月1日 早于发现日期 2024年3月12日"
    assert message in field(page, "隐患排查.隐患[1].整改日期").inner_text()
    assert value_input(page, "隐患排查.隐患[1].整改日期").get_attribute("aria-invalid") == "true"
    assert page.get_by_text("1 个错误").first.is_visible()
    assert page.locator(".doc-actions .button.disabled", has_text="下载工作总结 .docx").is_visible()
    assert value_input(page, "项目建设[1].金额").input_value() == "5万6千元"  # as typed
    # The list at the top leads to the field.
    page.locator("#summary-box").get_by_role("link", name="隐患排查.隐患[1].整改日期").click()
    assert page.evaluate("(() => { const r = document.getElementById('v:隐患排查.隐患[1].整改日期').getBoundingClientRect();"
                         " return r.top > -1 && r.bottom <= innerHeight; })()")  # scrolled to (fractions of a pixel)

    value_input(page, "隐患排查.隐患[1].整改日期").fill("2024年3月20日")
    save(page, 2)
    assert page.get_by_text("检查通过：没有错误和提示。").is_visible()
    assert message not in page.content()
    preview = page.locator("#preview article.doc").first
    text = preview.inner_text()
    assert "伍家岗区测试小学2023—2024学年第二学期后勤工作总结" in text.replace("\n", "")
    assert "整改率为100%" in text and "投资5.6万元" in text
    assert preview.locator("h2").all_inner_texts() == ["一、主要工作及成效", "二、存在的问题"]  # numbered in the outline

    path, name = download(page, "下载工作总结 .docx")
    assert name == "伍家岗区测试小学2023—2024学年第二学期后勤工作总结.docx"
    written = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "伍家岗区测试小学" in written and "整改率为100%" in written and "校园视频监控系统扩容" in written
    assert "校舍老化，部分功能室设施陈旧" in written and "2024年7月5日" in written


def test_import_a_sample_and_export_it(page, server):
    sample = SAMPLES / "九年一贯制学校.yaml"
    import_file(page, server, sample)
    assert page.locator(".notice").get_by_text("已导入。").is_visible()
    assert value_input(page, "学校").input_value() == load_facts(sample).school
    path, name = download(page, "导出事实文件")
    assert name.endswith(".yaml")
    assert path.read_bytes() == sample.read_bytes()
    assert load_facts(path) == load_facts(sample)


def test_items_are_moved_and_removed_and_saved_in_their_new_order(page):
    new_document(page)
    value_input(page, "学校").fill("甲小学")
    value_input(page, "年度").fill("2024")
    for text in ("第一条打算", "第二条打算", "第三条打算"):
        page.get_by_role("button", name="＋ 添加下一步").click()
        page.locator('[data-path="下一步"] .item').last.locator("textarea").fill(text)
    items = page.locator('[data-path="下一步"] > .items > .item')
    items.nth(2).get_by_role("button", name="上移").click()  # 一 三 二
    items.nth(0).get_by_role("button", name="删除下一步").click()  # 三 二 (it has text: confirmed)
    assert page.dialogs == ["删除这一项？（保存后才生效；之前保存的各版仍在历史中）"]
    assert value_input(page, "下一步[1]").input_value() == "第三条打算"  # names follow the order
    save(page, 1)
    path, _ = download(page, "导出事实文件")
    assert parse_text(path.read_text(encoding="utf-8"), "x").data["下一步"] == ["第三条打算", "第二条打算"]


def test_restore_an_earlier_version(page, server):
    import_file(page, server, SAMPLES / "实验中学.yaml")
    value_input(page, "学校").fill("改过名字的中学")
    save(page, 2)
    page.get_by_role("link", name="历史版本").click()
    rows = page.locator("table.versions tbody tr")
    assert rows.count() == 2
    rows.filter(has_text="第 1 版").get_by_role("button", name="恢复此版").click()
    page.locator(".save-status").get_by_text("已恢复为新的一版。").wait_for()
    assert value_input(page, "学校").input_value() == "伍家岗区实验中学"
    page.get_by_role("link", name="历史版本").click()
    assert rows.count() == 3
    assert "恢复第 1 版" in rows.first.inner_text() and "当前" in rows.first.inner_text()


def test_two_tabs_the_second_save_is_refused_and_its_text_kept(page, browser, server):
    new_document(page)
    value_input(page, "学校").fill("甲小学")
    value_input(page, "年度").fill("2024")
    save(page, 1)
    other = browser.new_page()
    other.goto(page.url.split("?")[0])
    value_input(other, "学校").fill("乙小学")
    save(other, 2)
    value_input(page, "学校").fill("丙小学")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("已在别处保存过（现在是第 2 版）").wait_for()
    assert value_input(page, "学校").input_value() == "丙小学"  # what was typed is still there
    save(page, 3)  # saving again takes it, as the message says
    other.close()


def test_hostile_text_appears_as_text(page, server, tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE, encoding="utf-8")
    import_file(page, server, path)
    assert page.dialogs == [] and page.evaluate("window.__pwned") is None
    school = SCRIPT + "小学"
    assert value_input(page, "学校").input_value() == school
    assert page.locator(".doc-title h1").inner_text() == school
    assert value_input(page, "存在问题[1].内容").input_value() == "</textarea><script>alert(2)</script>"
    preview = page.locator("#preview").inner_text()
    assert "<img src=x onerror=alert(1)>教育局" in preview and "{{ 7*7 }}打算" in preview
    page.get_by_role("link", name="历史版本").click()
    page.get_by_role("link", name="查看").first.click()
    assert SCRIPT in page.locator("pre.yaml").inner_text()
    assert page.dialogs == [] and page.evaluate("window.__pwned") is None


@pytest.mark.parametrize("width", [360, 390, 1366])
def test_pages_fit_the_width_of_a_phone(page, server, width):
    import_file(page, server, SAMPLES / "中南路小学.yaml")
    editor = page.url.split("?")[0]
    page.set_viewport_size({"width": width, "height": 800})
    for url in (editor, editor + "/history", editor + "/v/1", server):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, url
