"""houqin serve without a browser: the app through Starlette's TestClient, on a fresh store.

The form is read back from the page as a browser would submit it (web_helpers.form_pairs),
so these tests go through the real form generation, the real parsing of what is posted and
the real store. The browser itself is in test_web_browser.py; a real server process, killed
in the middle of a save, in test_web_process.py.
"""
from __future__ import annotations

import io
import re
from decimal import Decimal

import docx
import pytest
import yaml
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from pydantic import Field

from conftest import SAMPLES
from facts_strategies import facts as drawn_facts
from houqin_report.facts.load import load_facts, validate
from houqin_report.web import core, forms
from houqin_report.web.app import create_app
from houqin_report.web.store import Store
from houqin_report.facts.read import MAX_BYTES, parse_text
from test_hostile import TEMPLATE_SYNTAX, XML, laughs
from web_helpers import BASE, csrf_of, form_pairs

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))
SCRIPT = '<script>window.__pwned = 1; alert("x")</script>'


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'web.db'}")
    yield store
    store.close()


@pytest.fixture
def client(store):
    with TestClient(create_app(store), base_url=BASE) as client:
        yield client


def token(client: TestClient) -> str:
    return csrf_of(client.get("/").text)


def new_document(client: TestClient) -> int:
    response = client.post("/new", data={"_csrf": token(client)}, follow_redirects=False)
    assert response.status_code == 303
    return int(response.headers["location"].rsplit("/", 1)[1])


def import_text(client: TestClient, text: str | bytes, name: str = "事实.yaml"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post("/import", data={"_csrf": token(client)}, files={"file": (name, data, "application/x-yaml")}, follow_redirects=False)


def imported(client: TestClient, text: str, name: str = "事实.yaml") -> int:
    response = import_text(client, text, name)
    assert response.status_code == 303, response.text
    return int(re.search(r"/doc/(\d+)", response.headers["location"]).group(1))


def save_form(client: TestClient, doc: int, pairs: list[tuple[str, str]], follow: bool = False):
    """Post the editor's form as it is on the page, with `pairs` changed or added."""
    page = client.get(f"/doc/{doc}").text
    fields = dict(form_pairs(page))
    fields.update(dict(pairs))
    return client.post(f"/doc/{doc}", data=fields, follow_redirects=follow)


def name(*loc) -> str:
    return forms.input_name("v", loc)


def exported(client: TestClient, doc: int, version: int | None = None) -> str:
    response = client.get(f"/doc/{doc}/export" + (f"?v={version}" if version else ""))
    assert response.status_code == 200
    return response.content.decode("utf-8")


def facts_of(text: str):
    return validate(parse_text(text, "导出.yaml"), "导出.yaml")


# --------------------------------------------------------------------------- the form from the model


def aliases(model, seen=None) -> set[str]:
    """Every Chinese key of a model and its sub-models, found independently of forms.py."""
    import typing

    out = set()
    for info in model.model_fields.values():
        out.add(info.alias)
        stack = [info.annotation]
        while stack:
            t = stack.pop()
            if isinstance(t, type) and hasattr(t, "model_fields"):
                out |= aliases(t)
            stack.extend(typing.get_args(t))
    return out


def test_the_empty_form_has_a_labelled_input_for_every_key_of_the_model(client):
    doc = new_document(client)
    page = client.get(f"/doc/{doc}").text
    labels = set(re.findall(r'<label for="[^"]*">(?:未知的键：)?([^<]+)', page)) | set(re.findall(r'<p class="sub-label">([^<]+)', page)) \
        | set(re.findall(r"<h2>([^<\s]+)", page)) | set(re.findall(r'<span class="item-title">([^<\s]+)', page))
    missing = aliases(core.Facts) - labels
    assert not missing
    # Choices are the model's Literal values; descriptions are the help.
    assert '<option>九年一贯制</option>' in page and "学校全称，如 伍家岗区中南路小学" in page


def test_a_field_added_to_the_model_appears_in_the_form_and_is_saved(client, monkeypatch):
    from typing import Literal

    from houqin_report.facts import model as m

    class Visit(m._Model):
        who: m.Text = Field(alias="来访单位", description="如 区安监局")
        when: m.Date | None = Field(None, alias="来访日期")

    class Wider(core.Facts):
        canteen: m.Money | None = Field(None, alias="食堂收入", description="本学期食堂收入")
        rating: Literal["优", "良", "中"] | None = Field(None, alias="考核等级", description="上级考核等级")
        visits: m.listed(Visit) = Field(default_factory=list, alias="检查来访")

    monkeypatch.setattr(core, "Facts", Wider)
    doc = new_document(client)
    page = client.get(f"/doc/{doc}").text
    assert '<label for="v:食堂收入">食堂收入</label>' in page
    assert "本学期食堂收入" in page and 'placeholder="如 56000 或 3万～5万元"' in page  # a money input's hint
    assert re.search(r'<select id="v:考核等级"[^>]*>\s*<option value="">（不填）</option>\s*<option>优</option><option>良</option><option>中</option>', page)
    assert "＋ 添加检查来访" in page and "<template>" in page and "来访单位" in page and "如 区安监局" in page
    response = save_form(client, doc, [(name("学校"), "甲小学"), (name("年度"), "2024"), (name("食堂收入"), "5.6万元"),
                                       (name("考核等级"), "良"), (name("检查来访", 0, "来访单位"), "区安监局"),
                                       (name("检查来访", 0, "来访日期"), "2024年4月")])
    assert response.status_code == 303
    text = exported(client, doc)
    assert yaml.safe_load(text) == {"学校": "甲小学", "年度": "2024", "食堂收入": "5.6万元", "考核等级": "良",
                                    "检查来访": [{"来访单位": "区安监局", "来访日期": "2024年4月"}]}


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_import_then_export_gives_the_same_file_and_the_same_facts_after_the_form(client, sample):
    text = sample.read_text(encoding="utf-8")
    doc = imported(client, text, sample.name)
    assert exported(client, doc) == text  # the file as imported, comments and all
    response = save_form(client, doc, [])  # the form as shown, saved unchanged
    assert response.status_code == 303 and response.headers["location"] == f"/doc/{doc}?saved=2"
    again = exported(client, doc)
    assert again != text  # written anew from the form (no comments) …
    assert facts_of(again) == load_facts(sample)  # … with the same facts
    assert [v["number"] for v in versions(client, doc)] == [2, 1]
    assert exported(client, doc, 1) == text


def versions(client, doc) -> list[dict]:
    page = client.get(f"/doc/{doc}/history").text
    return [{"number": int(n), "note": note} for n, note in re.findall(r'<td data-label="版本">第 (\d+) 版.*?<td data-label="说明">([^<]*)</td>', page, re.S)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(drawn=drawn_facts())
def test_any_valid_facts_survive_the_form(client, drawn):
    """Facts drawn with every form a value may be written in (money as 5万6千元, dates as
    2024/4/5, text with Markdown, XML and template syntax, full-width and odd spaces):
    imported, shown in the form, saved from it and exported, they are the same facts."""
    text = yaml.safe_dump(drawn.data, allow_unicode=True, sort_keys=False)
    doc = imported(client, text)
    save_form(client, doc, [])
    assert facts_of(exported(client, doc)) == facts_of(text)


def test_values_are_kept_as_typed():
    spec = forms.form_spec(core.Facts)
    data = forms.parse_form([
        (name("学校"), " 甲小学 "), (name("学年"), "2023-2024"), (name("学期"), "第二学期"),
        (name("概况", "学生数"), "968"), (name("概况", "班级数"), "0123"), (name("落款日期"), "2024-07-05"),
        (name("项目建设", 0, "名称"), "true"), (name("项目建设", 0, "金额"), "5万6千元"),
        (name("项目建设", 1, "名称"), "1:20"), (name("项目建设", 1, "金额"), "92.5"),
        (name("荣誉", 0), "第一行\r\n第二行"), (name("荣誉", 1), "   "), (name("下一步", 0), ""),
        ("k" + '["概况",0]', "绿化面积"), ("x" + '["概况",0]', "3200平方米"),
    ])
    from houqin_report.web.facts_yaml import dump_facts

    text = dump_facts(data, spec)
    assert "学生数: 968\n" in text and "落款日期: 2024-07-05\n" in text and "金额: 92.5\n" in text  # bare, as written
    assert "班级数: '0123'" in text and "名称: 'true'" in text and "名称: '1:20'" in text  # YAML would read these otherwise
    read = parse_text(text, "x").data
    assert read["学校"] == " 甲小学 " and read["项目建设"][0]["名称"] == "true" and read["项目建设"][1]["名称"] == "1:20"
    assert read["概况"] == {"学生数": 968, "班级数": "0123", "绿化面积": "3200平方米"}
    assert read["荣誉"] == ["第一行\n第二行"] and "下一步" not in read  # empty rows are left out
    assert validate(parse_text(text, "x"), "x").projects[0].amount == Decimal("56000")


# --------------------------------------------------------------------------- checks beside their fields


def field_html(page: str, element_id: str) -> str:
    """The element with this id and what follows it up to the next field."""
    start = page.index(f'id="{element_id}"')
    end = page.find('data-field', start + 1)
    return page[start:end if end > 0 else None]


def test_an_invalid_draft_is_saved_and_each_message_is_beside_its_field(client):
    doc = new_document(client)
    hazard = ("隐患排查", "隐患", 0)
    response = save_form(client, doc, [(name("学校"), "甲小学"), (name("学年"), "2023-2024"), (name("学期"), "第二学期"),
                                       (name(*hazard, "位置"), "东侧围墙"), (name(*hazard, "描述"), "挡土墙开裂"),
                                       (name(*hazard, "发现日期"), "2024-03-12"), (name(*hazard, "整改日期"), "2024-03-01"),
                                       (name("采购", 0, "物品"), "电脑"), (name("采购", 0, "金额"), "五万三"),
                                       (name("工作", 0, "内容"), "整改x处，完成围墙加固")], follow=True)
    assert response.status_code == 200
    page = response.text
    assert "已保存为第 1 版" in page and "3 个错误" in page
    assert "整改日期 2024年3月1日 早于发现日期 2024年3月12日" in field_html(page, "v:隐患排查.隐患[1].整改日期")
    assert "金额“五万三”有歧义" in field_html(page, "v:采购[1].金额")
    assert "仍是占位符，请填写实际的数字或名称「x处」" in field_html(page, "v:工作[1].内容")
    assert 'value="五万三"' in page  # kept as typed
    text = exported(client, doc)
    assert "金额: 五万三" in text and "整改日期: 2024-03-01" in text


def test_messages_no_field_can_take_are_shown_at_the_top():
    view, unplaced = forms.bind(forms.form_spec(core.Facts), {"学校": "甲"}, [
        forms.Message("学校", core.ERROR, "一"), forms.Message("", core.ERROR, "二"), forms.Message("隐患排查.隐患[3].位置", core.ERROR, "三")])
    assert [m.text for m in unplaced] == ["二"]
    by_path = {v.path: [m.text for m in v.messages] for v in view.walk() if v.messages}
    assert by_path == {"学校": ["一"], "隐患排查.隐患": ["三"]}  # the nearest element there is


def test_what_the_form_cannot_show_is_kept_as_written(client):
    text = "学校: 甲小学\n年度: 2024\n名字: 乙\n荣誉: 一项荣誉\n项目建设:\n  - 名称: 围墙\n    资金: {来源: 区财政}\n概况:\n  绿化面积: 3200平方米\n工作:\n  - 完成校产清查\n"
    doc = imported(client, text)
    page = client.get(f"/doc/{doc}").text
    assert '<label for="v:名字">未知的键：名字</label>' in page
    assert "未知的键“名字”（这一层可用的键：学校、上级单位" in field_html(page, "v:名字")
    assert "应为列表" in field_html(page, "y:荣誉")  # a text where a list belongs: shown as written
    save_form(client, doc, [])
    again = yaml.safe_load(exported(client, doc))
    assert again["名字"] == "乙" and again["荣誉"] == "一项荣誉" and again["项目建设"][0]["资金"] == {"来源": "区财政"}
    assert again["概况"] == {"绿化面积": "3200平方米"} and again["工作"] == [{"内容": "完成校产清查"}]


# --------------------------------------------------------------------------- security


ROUTERS = ("routes", "sign_in", "bureau_routes")  # every page is in one of these (the app has no other routes but its static files)
POST_ROUTES = ["/account", "/bureau/compile", "/bureau/schools", "/bureau/schools/{unit_id}/password", "/bureau/term",
               "/doc/{doc_id}", "/doc/{doc_id}/next-term", "/doc/{doc_id}/return", "/doc/{doc_id}/submit",
               "/doc/{doc_id}/v/{number}/restore", "/import", "/login", "/logout", "/new"]


def post_routes() -> list[str]:
    """The POST routes of the routers that hold every page, each guarded by app.csrf_form."""
    import importlib

    from fastapi.routing import APIRoute

    paths = []
    for name in ROUTERS:
        router = importlib.import_module(f"houqin_report.web.{name}").router
        assert router.dependencies and router.dependencies[0].dependency.__name__ == "csrf_form"
        paths += [route.path for route in router.routes if isinstance(route, APIRoute) and "POST" in route.methods]
    return paths


def test_every_state_changing_request_needs_the_csrf_token(client, store):
    from starlette.routing import Mount

    assert [type(r).__name__ for r in client.app.routes] == ["Mount"] + ["_IncludedRouter"] * len(ROUTERS)  # static files, the routers
    assert isinstance(client.app.routes[0], Mount) and client.app.routes[0].path == "/static"
    doc = imported(client, SAMPLE_FILES[0].read_text(encoding="utf-8"))
    routes = post_routes()
    assert sorted(routes) == POST_ROUTES
    good = token(client)
    for path in routes:
        url = path.replace("{doc_id}", str(doc)).replace("{number}", "1").replace("{unit_id}", "1")
        before = [(d.id, d.version_no, d.status) for d in store.documents()]
        for data, headers in (({}, {}), ({"_csrf": "0" * 64}, {}), ({"_csrf": good}, {"origin": "http://evil.example"})):
            response = client.post(url, data={**data, "_base": "1"}, headers=headers, follow_redirects=False)
            assert response.status_code == 403, (url, data, headers)
            assert "安全校验未通过" in response.text
        assert [(d.id, d.version_no, d.status) for d in store.documents()] == before, url
    # The token belongs to the browser's session: another browser's is refused.
    with TestClient(client.app, base_url=BASE) as other:
        other.get("/")
        assert other.post("/new", data={"_csrf": good}, follow_redirects=False).status_code == 403
    assert client.post("/new", data={"_csrf": good}, follow_redirects=False).status_code == 303
    assert client.post("/new", headers={"x-csrf-token": good}, follow_redirects=False).status_code == 303


def test_a_store_without_accounts_has_no_bureau_pages_and_no_sign_in(client):
    for url in ("/bureau", "/bureau/schools", "/account", "/bureau/compilations/1.docx"):
        assert client.get(url, follow_redirects=False).status_code == 404, url
    assert client.get("/login", follow_redirects=False).headers["location"] == "/"


def test_a_malformed_address_is_a_page_that_does_not_exist(client):
    for path in ("/doc/abc", "/doc/1/export?v=x", "/doc/999", "/doc/1/v/1", "/doc/1/memo.docx"):
        response = client.get(path)
        assert response.status_code == 404 and "没有这个页面或文档。" in response.text, path


def test_only_the_local_host_names_are_answered(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_pages_send_a_strict_content_security_policy(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"] and "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    cookie = headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


HOSTILE = (
    f"学校: '{SCRIPT}小学'\n"
    "年度: 2024\n"
    '上级单位: "<img src=x onerror=alert(1)>教育局"\n'
    "存在问题:\n"
    '  - "</textarea><script>alert(2)</script>"\n'
    '  - "\\" onmouseover=\\"alert(3)"\n'
    "下一步:\n"
    '  - "{{ 7*7 }}打算"\n'
)


def test_user_text_is_escaped_on_every_page(client):
    doc = imported(client, HOSTILE, '"><img src=x onerror=alert(4)>.yaml')
    pages = {path: client.get(path).text for path in ("/", f"/doc/{doc}", f"/doc/{doc}/history", f"/doc/{doc}/v/1")}
    for path, page in pages.items():
        assert "<script>window" not in page and "<img src=x" not in page and "<script>alert" not in page, path
    assert "&lt;script&gt;window.__pwned = 1; alert(&#34;x&#34;)&lt;/script&gt;小学" in pages[f"/doc/{doc}"]
    assert "&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in pages[f"/doc/{doc}"]
    assert "&gt;&lt;img src=x onerror=alert(4)&gt;.yaml" in pages[f"/doc/{doc}/history"]  # the client sends " as %22
    preview = pages[f"/doc/{doc}"].split('id="preview"', 1)[1]
    assert "&lt;img src=x onerror=alert(1)&gt;教育局" in preview and "{{ 7*7 }}打算" in preview and "49打算" not in preview
    # Saved from the form, the same text comes back exactly.
    save_form(client, doc, [])
    assert facts_of(exported(client, doc)) == facts_of(HOSTILE)


@pytest.mark.parametrize("text", [XML, TEMPLATE_SYNTAX], ids=["xml", "template-syntax"])
def test_the_suites_hostile_text_survives_the_form(client, text):
    doc = imported(client, text)
    save_form(client, doc, [])
    assert facts_of(exported(client, doc)) == facts_of(text)


# --------------------------------------------------------------------------- limits


def test_an_upload_over_the_loaders_limit_is_refused(client):
    response = import_text(client, b"# " + b"x" * MAX_BYTES + b"\n")
    assert response.status_code == 413
    assert f"文件过大（超过 {MAX_BYTES // 1024} KB），事实文件应在 5 MB 以内" in response.text
    assert "已有的文档" not in client.get("/").text


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(client):
    from houqin_report.web.app import MAX_BODY

    response = client.post("/new", content=b"x" * (MAX_BODY + 1), headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 413 and "提交的内容过大" in response.text


@pytest.mark.parametrize("raw, message", [
    (laughs().encode("utf-8"), "文件展开后超过 20000 个值（锚点/别名引用过多），拒绝读取"),
    (b"\xff\xfe\x00\x01binary", "文件编码无法识别"),
    ("学校: [甲\n".encode("utf-8"), "YAML 格式错误"),
    ("- 学校: 甲\n".encode("utf-8"), "文件的最上层应为一组“键: 值”"),
], ids=["alias-bomb", "binary", "yaml-error", "not-a-mapping"])
def test_an_unreadable_file_is_refused_with_the_loaders_message(client, raw, message):
    response = import_text(client, raw, "坏.yaml")
    assert response.status_code == 422
    assert message in response.text
    assert "已有的文档" not in client.get("/").text


def test_a_save_over_the_limit_is_refused_and_the_text_stays_in_the_form(client):
    doc = new_document(client)
    long = "长" * (MAX_BYTES // 3 + 10)  # more than MAX_BYTES in UTF-8, within the body limit
    response = save_form(client, doc, [(name("学校"), "甲小学"), (name("下一步", 0), long)])
    assert response.status_code == 413
    assert "未保存" in response.text and long in response.text
    assert versions(client, doc) == []


# --------------------------------------------------------------------------- versions


def test_every_save_is_a_version_and_restore_makes_a_new_one(client):
    doc = new_document(client)
    save_form(client, doc, [(name("学校"), "甲小学"), (name("年度"), "2024")])
    first = exported(client, doc)
    save_form(client, doc, [(name("学校"), "乙小学")])
    assert "乙小学" in exported(client, doc)
    unchanged = save_form(client, doc, [])
    assert unchanged.headers["location"] == f"/doc/{doc}?m=unchanged"
    page = client.get(f"/doc/{doc}/history").text
    response = client.post(f"/doc/{doc}/v/1/restore", data={"_csrf": csrf_of(page), "_base": "2"}, follow_redirects=False)
    assert response.status_code == 303
    assert exported(client, doc) == first
    assert versions(client, doc) == [{"number": 3, "note": "恢复第 1 版"}, {"number": 2, "note": "保存"}, {"number": 1, "note": "保存"}]
    assert exported(client, doc, 2) != first  # the others as they were


def test_a_save_from_an_outdated_form_is_refused_and_the_text_kept(client):
    doc = new_document(client)
    stale = dict(form_pairs(client.get(f"/doc/{doc}").text))
    save_form(client, doc, [(name("学校"), "甲小学"), (name("年度"), "2024")])  # another tab
    response = client.post(f"/doc/{doc}", data={**stale, name("学校"): "丙小学"}, follow_redirects=False)
    assert response.status_code == 409
    assert "已在别处保存过（现在是第 1 版）" in response.text and 'value="丙小学"' in response.text
    assert len(versions(client, doc)) == 1 and "甲小学" in exported(client, doc)
    again = dict(form_pairs(response.text))  # the page shown: its form now carries version 1
    assert client.post(f"/doc/{doc}", data=again, follow_redirects=False).status_code == 303
    assert "丙小学" in exported(client, doc)


# --------------------------------------------------------------------------- 新学期


def test_a_new_term_carries_what_is_still_open(client):
    sample = SAMPLES / "中南路小学.yaml"
    doc = imported(client, sample.read_text(encoding="utf-8"))
    page = client.get(f"/doc/{doc}").text
    response = client.post(f"/doc/{doc}/next-term", data={"_csrf": csrf_of(page)}, follow_redirects=False)
    assert response.status_code == 303
    new = int(re.search(r"/doc/(\d+)", response.headers["location"]).group(1))
    assert new != doc
    data = parse_text(exported(client, new), "新学期.yaml").data  # the facts reader: figures exact
    facts = load_facts(sample)
    assert (data["学年"], data["学期"]) == ("2024-2025", "第一学期")
    assert data["学校"] == facts.school and data["概况"]["学生数"] == 968
    unfixed = [h.place for h in facts.hazards if h.status != "已整改"]
    assert [h["位置"] for h in data["隐患排查"]["隐患"]] == unfixed == ["校门口中南一路", "1号教学楼屋面"]
    assert data["隐患排查"]["隐患"][0]["状态"] == "整改中"
    assert [(p["名称"], p["金额"]) for p in data["项目建设"]] == [("1号教学楼加固及改造", 1280000), ("校园文化建设设计", "18.5万元")]
    assert [(i["名称"], i["上期"]) for i in data["指标"]] == [("用电量", 86420), ("用水量", 9360), ("食堂满意度", Decimal("92.6"))]
    for key in ("采购", "培训", "工作", "荣誉", "存在问题", "下一步", "计划", "落款日期"):
        assert key not in data
    assert "排查次数" not in data["隐患排查"] and "发现数" not in data["隐患排查"]
    page = client.get(response.headers["location"]).text
    assert "已开始新学期" in page and "缺少必填项“本期”" in field_html(page, "v:指标[1].本期")
    assert versions(client, new)[0]["note"] == "新学期：由上学期结转未整改隐患 2 处、未完工项目 2 项"
    again = client.post(f"/doc/{doc}/next-term", data={"_csrf": csrf_of(page)}, follow_redirects=False)
    assert again.headers["location"] == f"/doc/{new}?m=exists"


def test_lint_compares_a_new_term_with_the_last(client):
    doc = imported(client, "学校: 甲小学\n年度: 2023\n工作:\n  - 组织后勤人员定期为花坛草坪除草修剪并防治白蚁，校园绿化保持整洁美观\n")
    page = client.get(f"/doc/{doc}").text
    new = client.post(f"/doc/{doc}/next-term", data={"_csrf": csrf_of(page)}, follow_redirects=False).headers["location"]
    new_id = int(re.search(r"/doc/(\d+)", new).group(1))
    response = save_form(client, new_id, [(name("工作", 0, "内容"), "组织后勤人员定期为花坛草坪除草修剪并防治白蚁，校园绿化保持整洁美观")], follow=True)
    assert "与上期文本雷同" in field_html(response.text, "v:工作[1].内容")


# --------------------------------------------------------------------------- documents


def test_the_documents_download_and_read_back(client):
    sample = SAMPLES / "中南路小学.yaml"
    doc = imported(client, sample.read_text(encoding="utf-8"))
    facts = load_facts(sample)
    summary = client.get(f"/doc/{doc}/summary.docx")
    assert summary.status_code == 200
    assert "filename*=UTF-8''" in summary.headers["content-disposition"]
    from urllib.parse import unquote

    assert unquote(summary.headers["content-disposition"].split("''", 1)[1]) == "伍家岗区中南路小学2023—2024学年第二学期后勤工作总结.docx"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(summary.content)).paragraphs)
    assert facts.school in text and "整改率为81.8%" in text
    plan = client.get(f"/doc/{doc}/plan.docx")
    text = "".join(p.text.replace("\n", "") for p in docx.Document(io.BytesIO(plan.content)).paragraphs)  # the title breaks between words
    assert "伍家岗区中南路小学2024—2025学年第一学期后勤工作计划" in text


def test_no_document_from_invalid_facts_and_none_from_bad_prose_unless_forced(client):
    doc = imported(client, "学校: 甲小学\n")
    response = client.get(f"/doc/{doc}/summary.docx")
    assert response.status_code == 422 and "改正并保存后才能生成工作总结" in response.text
    doc = imported(client, "学校: 乙小学\n年度: 2024\n工作:\n  - 整改x处\n")
    response = client.get(f"/doc/{doc}/summary.docx")
    assert response.status_code == 422 and f"/doc/{doc}/summary.docx?force=1" in response.text
    forced = client.get(f"/doc/{doc}/summary.docx?force=1")
    assert forced.status_code == 200 and "整改x处" in "\n".join(p.text for p in docx.Document(io.BytesIO(forced.content)).paragraphs)


def test_pdf_without_libreoffice_says_so(client, monkeypatch):
    doc = imported(client, (SAMPLES / "中南路小学.yaml").read_text(encoding="utf-8"))
    monkeypatch.setattr(core, "pdf_available", lambda: False)
    response = client.get(f"/doc/{doc}/summary.pdf")
    assert response.status_code == 503 and "未找到 LibreOffice，无法生成 PDF" in response.text
    assert "生成 PDF 需要安装 LibreOffice" in client.get(f"/doc/{doc}").text


@pytest.mark.skipif(not core.pdf_available(), reason="LibreOffice not installed")
def test_pdf_with_libreoffice(client):
    doc = imported(client, (SAMPLES / "中南路小学.yaml").read_text(encoding="utf-8"))
    response = client.get(f"/doc/{doc}/plan.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


# --------------------------------------------------------------------------- the store itself


# The store's own tests, on SQLite and PostgreSQL, are in test_web_store.py.


def test_the_database_is_a_file_a_url_or_the_users_data_folder(tmp_path, monkeypatch):
    import sys

    from houqin_report.web.store import database_url

    if sys.platform.startswith("linux"):
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
        assert database_url(None) == f"sqlite:///{tmp_path / 'share' / 'houqin-report' / 'houqin.db'}"
    assert database_url("postgresql://u@localhost/houqin") == "postgresql://u@localhost/houqin"
    assert database_url(str(tmp_path / "a" / "我的.db")) == f"sqlite:///{tmp_path / 'a' / '我的.db'}"
    assert (tmp_path / "a").is_dir()
    assert database_url(None, data_dir=tmp_path / "data") == f"sqlite:///{tmp_path / 'data' / 'houqin.db'}"
