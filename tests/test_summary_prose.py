"""The summary as a 后勤主任 reads it (issue 14): headings from what a section holds, no stock
claim without a fact, leads and highlights in the body, fewer and fuller sections, numbers as an
office writes them, wording that varies by school and period. One test (or a few) per rule."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import FIXTURES, SAMPLES, prose_money
from docx_text import paragraphs, tables
from houqin_report.errors import FactsError
from houqin_report.facts.load import load_facts
from houqin_report.report.period import Period
from houqin_report.report.summary import build_report, variant_of
from houqin_report.text import sections

ALL_FACTS = sorted(SAMPLES.glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml")) + sorted((FIXTURES / "offices").glob("*.yaml"))
HEAD = "学校: 甲小学\n学年: 2023-2024\n学期: 第二学期\n落款日期: 2024-07-05\n"


def md(run_cli, kind: str, path: Path) -> str:
    result = run_cli(kind, path, "--format", "md", "--force")
    assert result.exit_code == 0, result.output
    return result.stdout.replace("\\", "")


def write(tmp_path: Path, text: str, name: str = "事实.yaml") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + text, encoding="utf-8")
    return path


def headings(text: str) -> list[str]:
    return [line[4:].split("）", 1)[1] for line in text.splitlines() if line.startswith("### ")]


def section_text(text: str, heading_part: str) -> str:
    """The body of the （一） section whose heading contains heading_part."""
    parts = re.split(r"\n### ", text)
    body = next(p for p in parts if heading_part in p.splitlines()[0])
    return body.split("\n## ")[0]


# --- 1. headings from what the section holds ---------------------------------------------------


def test_no_canteen_heading_over_a_toilet_fan(run_cli, tmp_path):
    # the director's example: 严把食品安全关 over 厕所排风扇
    path = write(tmp_path, "工作:\n  - 内容: 更换厕所排风扇12台\n    栏目: 食堂与卫生\n")
    text = md(run_cli, "summary", path)
    assert headings(text) == ["做好卫生保障工作"]
    assert not any(word in text.split("## ")[1] for word in ("食堂", "食品"))
    plan = md(run_cli, "plan", path)
    assert not [line for line in plan.splitlines() if line.startswith("#") and "食堂" in line]


def test_a_canteen_heading_only_where_the_section_speaks_of_one(run_cli, tmp_path):
    text = md(run_cli, "summary", write(tmp_path, "工作:\n  - 坚持食品留样和索证索票制度，校领导每日陪餐\n  - 落实晨午检和教室通风消毒\n"))
    assert headings(text) == ["严把食品安全关，抓好卫生防疫"]
    text = md(run_cli, "summary", write(tmp_path, "工作:\n  - 落实晨午检和教室通风消毒，做好传染病防控\n"))
    assert headings(text) == ["做好卫生防疫，守护师生健康"]


def test_no_training_heading_over_overtime_work(run_cli, tmp_path):
    # "重视学习培训" over overtime work: a heading claims only what the section holds
    text = md(run_cli, "summary", write(tmp_path, "工作:\n  - 内容: 后勤人员节假日加班加点，保障校园正常运转\n    栏目: 队伍建设\n"))
    (heading,) = headings(text)
    assert "培训" not in heading and "学习" not in heading and "素质" not in heading
    text = md(run_cli, "summary", write(tmp_path, "培训:\n  - 名称: 后勤人员岗位培训\n    人数: 12\n"))
    assert headings(text) == ["抓好学习培训，提升后勤队伍素质"]


def test_a_heading_wording_without_conditions_claims_nothing(run_cli):
    """Variant picking is left only to wordings without a condition; none of those says a result
    (得到保障, 不断提高, 成效明显 …) or a topic the section may not hold (食堂, 培训)."""
    claims = re.compile(r"食堂|食品|培训|学习|素质|成效|实效|明显|不断|持续|到位|有力|顺利|规范有序|安全温馨|整洁优美|得到")
    for s in sections.load_sections():
        for h in s.headings.get("学校", ()):
            if not h.conditions:
                assert not claims.search(h.text), (s.key, h.text)


def test_a_kindergarten_heading_says_its_own_words(run_cli):
    text = md(run_cli, "summary", FIXTURES / "offices" / "kindergarten.yaml")
    assert "园所安全" in text and "校园安全" not in text


def test_conditions_in_the_table_are_checked_with_their_line(tmp_path):
    from houqin_report.resources import resource_path

    table = resource_path("data", "sections.yaml").read_text(encoding="utf-8")
    broken = table.replace("条件: [有食堂, 有卫生防疫]}", "条件: [有食堂, 有饭吃]}", 1).replace(
        "        - 做好卫生保障工作\n", "        - 做好{学校}卫生工作\n", 1).replace(
        "        - 加强学生宿舍管理\n", "        - \"加强{园区}宿舍管理\"\n", 1)
    path = tmp_path / "sections.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        sections._load_table(path)
    messages = [(p.path, p.message) for p in caught.value.problems]
    assert all(p.line for p in caught.value.problems)
    assert [m for _, m in messages] == [
        f"没有名为“有饭吃”的条件（可选：{'、'.join(sections.CONDITIONS + tuple(sections.content_conditions()))}）",
        "小标题里的“{学校}”不是可用的称呼（可用：{自称}、{单位}、{学生}、{师生}、{中心}、{园区}）",
        "汇总的小标题不能用“{园区}”：教育局报告不分学校类型",
    ]


def test_every_condition_word_can_match():
    """A condition's word counts only when the search-mode cut produces it whole."""
    from houqin_report.text.tokenizer import cut_for_search

    never = [(c.name, w) for c in sections.content_conditions().values() for w in c.words
             if w not in [t.casefold() for t in cut_for_search(w)]]
    assert never == []


# --- 1. no stock claim without a fact ------------------------------------------------------------


@pytest.mark.parametrize("path", ALL_FACTS, ids=lambda p: p.stem)
def test_no_stock_claims(run_cli, path):
    text = md(run_cli, "summary", path)
    for stock in ("所购物资均按规定验收、入库登记", "坚持定期排查与日常巡查相结合", "较好地完成了各项后勤工作任务",
                  "以上隐患已列入下一阶段整改计划"):
        assert stock not in text
    facts = load_facts(path)
    planned = "以上隐患已列入下学期工作计划" in text or "以上隐患已列入下一年度工作计划" in text or "以上隐患已列入下学年工作计划" in text
    left = [h for h in facts.hazards if h.status != "已整改"]
    assert planned == bool(left)  # said exactly when listed hazards are left open …
    if left:  # … and then the plan carries every one of them
        plan = md(run_cli, "plan", path)
        for h in left:
            assert f"完成{h.place}隐患整改" in plan


def test_hazards_counted_without_a_list_claim_no_plan(run_cli, tmp_path):
    text = md(run_cli, "summary", write(tmp_path, "隐患排查:\n  排查次数: 5\n  发现数: 8\n  整改数: 6\n"))
    assert "尚有2处隐患未完成整改。" in text and "列入" not in text


def test_how_often_is_said_only_when_the_facts_say_it(run_cli, tmp_path):
    text = md(run_cli, "summary", write(tmp_path, "隐患排查:\n  排查次数: 每周一次\n  发现数: 2\n  整改数: 2\n"))
    assert "坚持每周一次开展安全隐患排查" in text
    text = md(run_cli, "summary", write(tmp_path, "隐患排查:\n  排查次数: 6\n  发现数: 2\n  整改数: 2\n"))
    lead = next(p for p in text.split("\n\n") if "安全隐患" in p)
    assert lead.startswith("开展安全隐患排查6次，共排查出安全隐患2处") and "坚持" not in lead


# --- 2. leads and highlights ---------------------------------------------------------------------


def test_each_section_opens_with_its_figures(run_cli):
    text = md(run_cli, "summary", SAMPLES / "中南路小学.yaml")
    facts = load_facts(SAMPLES / "中南路小学.yaml")
    assert section_text(text, "项目建设").split("\n\n")[1].startswith(f"共推进建设项目{len(facts.projects)}项")
    assert section_text(text, "校园安全").split("\n\n")[1].startswith("开展安全隐患排查6次")
    assert section_text(text, "物资采购").split("\n\n")[1].startswith("共采购物资6项")


def test_notable_facts_are_told_in_the_body(run_cli):
    facts = load_facts(SAMPLES / "中南路小学.yaml")
    text = md(run_cli, "summary", SAMPLES / "中南路小学.yaml")
    body = text.split("::: 附件说明")[0]
    safety = section_text(text, "校园安全")
    # fixed 校舍 hazards, the wall first: fixed at no cost to the school
    for h in facts.hazards:
        if h.status == "已整改" and h.category == "校舍":
            assert h.place in safety and h.description.rstrip("。") in safety
    wall = next(h for h in facts.hazards if h.place == "东侧围墙及挡土墙")
    assert wall.cost == 0
    fixed = safety.split("已整改的隐患中，")[1]
    assert fixed.startswith("东侧围墙及挡土墙") and "由代建方对挡土墙和围墙进行加固重建，未花费整改费用" in fixed
    # every project in the body, finished ones first, the largest first among them
    lines = [p for p in section_text(text, "项目建设").split("\n\n")[2:] if p.strip()]
    done = sorted((p for p in facts.projects if p.status == "完工"), key=lambda p: -p.amount)
    assert [line.split("于")[0] for line in lines[:len(done)]] == [p.name for p in done]
    # the honour beside the work that earned it, not only in the closing
    greening = section_text(text, "绿化")
    assert "组织后勤人员定期为花坛、草坪除草修剪并防治白蚁" in greening and "我校被评为宜昌市绿色学校。" in greening
    assert body.count("宜昌市绿色学校") == 1


def test_items_marked_key_come_first(run_cli, tmp_path):
    text = md(run_cli, "summary", write(tmp_path, "工作:\n  - 定期修剪校园树木\n  - 内容: 完成校园东侧花坛改造和草坪补植\n    重点: 是\n"))
    (heading,) = headings(text)
    body = section_text(text, heading).split("\n\n")[1]
    assert body.startswith("完成校园东侧花坛改造和草坪补植。")


# --- 3. fewer, fuller sections -------------------------------------------------------------------


def test_lone_short_items_join_other_work(run_cli, tmp_path):
    text = md(run_cli, "summary", write(tmp_path, "工作:\n  - 完成锅炉房检修\n  - 做好期末考试考场布置\n  - 完成年度统计报表填报\n"))
    assert headings(text) == ["统筹做好其他各项工作"]
    assert "完成锅炉房检修。做好期末考试考场布置。完成年度统计报表填报。" in text


def test_a_section_the_office_named_stays(run_cli, tmp_path):
    text = md(run_cli, "summary", write(tmp_path, "工作:\n  - 内容: 完成锅炉房检修\n    栏目: 供暖\n  - 完成年度统计报表填报\n"))
    assert len(headings(text)) == 2


def test_related_items_form_paragraphs(run_cli):
    text = md(run_cli, "summary", SAMPLES / "中南路小学.yaml")
    assets = section_text(text, "物资采购")
    assert "实行分室保管、专人负责。全校推行课桌套" in assets  # two lines of one section, one paragraph


# --- 5. numbers as an office writes them ---------------------------------------------------------


def test_money_in_prose_to_two_decimals_exact_in_the_tables(run_cli, tmp_path):
    facts = load_facts(SAMPLES / "中南路小学.yaml")
    bought = [u for u in facts.purchases if u.channel != "捐赠"]
    total = sum((u.amount for u in bought), Decimal(0))
    assert total == Decimal("108410")
    out = tmp_path / "总结.docx"
    assert run_cli("summary", SAMPLES / "中南路小学.yaml", "-o", out).exit_code == 0
    prose = "\n".join(t for _, t in paragraphs(out))
    # its breakdown by category (7.56万 + 1.6万 + 4860 + 2350 + 9600 元) adds up to 10.841万元,
    # not to 10.84万元: the total and its breakdowns are printed exact
    assert "总金额10.841万元，其中政府采购7.56万元、自行采购3.281万元" in prose
    rounded = run_cli("summary", write(tmp_path, "采购:\n  - {物品: 电脑, 金额: 75600, 渠道: 政府采购}\n  - {物品: 课桌, 金额: 32810, 渠道: 自行采购}\n"), "--format", "md").stdout
    assert f"总金额{prose_money(total)}，其中政府采购7.56万元、自行采购3.28万元" in rounded and prose_money(total) == "10.84万元"
    assert "10.841万元" not in rounded
    ledger = next(t for t in tables(out) if t[0][1] == "物品")
    assert ledger[0][3].replace("\n", "") == "金额（元）" and ledger[-1][3] == f"{total}"  # the 合计 row keeps every digit
    cost = sum((h.cost for h in facts.hazards if h.cost is not None), Decimal(0))
    assert f"投入整改费用{prose_money(cost)}" in prose and prose_money(cost) == "1.1万元"


def test_people_for_one_event_person_times_for_a_total_no_hours_on_a_drill(run_cli):
    facts = load_facts(SAMPLES / "九年一贯制学校.yaml")
    text = md(run_cli, "summary", SAMPLES / "九年一贯制学校.yaml")
    drills = [t for t in facts.trainings if t.kind == "演练"]
    assert len(drills) == 2
    total = sum(t.people for t in drills)
    sentence = next(s for s in text.split("。") if "组织应急演练" in s)
    # one sentence for the drills: their total in 人次, each drill's people in 人, no 学时
    assert sentence.startswith(f"组织应急演练{len(drills)}次，共{total}人次参加：")
    for t in drills:
        assert f"{t.name}，{t.audience}{t.people}人参加" in sentence
    assert "学时" not in sentence
    assert not re.search(r"\d+人次参加[，。；]", text.replace(f"共{total}人次参加：", ""))


def test_other_is_last_in_a_breakdown(run_cli):
    text = md(run_cli, "summary", SAMPLES / "实验中学.yaml")
    hazards = re.search(r"共排查出安全隐患12处（([^）]+)）", text).group(1).split("、")
    assert hazards[-1].startswith("其他") and all(not h.startswith("其他") for h in hazards[:-1])
    categories = re.search(r"按类别分，([^。]+)。", text).group(1).split("、")
    assert categories[-1].startswith("其他")


def test_a_breakdown_by_category_adds_up_to_the_total_as_printed(run_cli, tmp_path):
    """Rounded to 0.01万元 each, 1.005万元 three times is 3.03万元 against a total of 3.02万元:
    the total and both breakdowns are then printed exact, as the channels already were."""
    items = "".join(f"  - {{物品: 设备{i}, 金额: 10050, 渠道: 政府采购, 类别: {c}}}\n" for i, c in enumerate(("教学设备", "办公设备", "图书")))
    text = md(run_cli, "summary", write(tmp_path, "采购:\n" + items))
    assert "共采购物资3项，总金额3.015万元，其中政府采购3.015万元" in text
    assert "按类别分，教学设备1.005万元、办公设备1.005万元、图书1.005万元。" in text
    rounds = "".join(f"  - {{物品: 设备{i}, 金额: 10000, 渠道: 政府采购, 类别: {c}}}\n" for i, c in enumerate(("教学设备", "办公设备", "图书")))
    text = md(run_cli, "summary", write(tmp_path, "采购:\n" + rounds))
    assert "总金额3万元，其中政府采购3万元" in text and "按类别分，教学设备1万元、办公设备1万元、图书1万元。" in text


def test_no_redundant_clauses(run_cli, tmp_path):
    text = md(run_cli, "summary", write(tmp_path, "项目建设:\n  - 名称: 围墙改造\n    状态: 完工\n    开工日期: 2024-04\n    完工日期: 2024-05\n"))
    assert "围墙改造于2024年4月开工、2024年5月完工。" in text
    assert "已完工" not in text and "其中完工1项" not in text and "共推进建设项目1项" not in text
    for path in ALL_FACTS:
        outline = md(run_cli, "summary", path)
        assert not re.search(r"项目已完工[^。]*完工", outline), path


def test_a_total_over_partial_data_says_so(run_cli, tmp_path):
    text = md(run_cli, "summary", write(tmp_path, (
        "隐患排查:\n  隐患:\n    - {位置: 东门, 描述: 门轴松动, 整改日期: 2024-03-02, 费用: 300}\n"
        "    - {位置: 西门, 描述: 门锁损坏, 整改日期: 2024-03-05}\n"
        "培训:\n  - {名称: 消防疏散演练, 类型: 演练, 人数: 900}\n  - {名称: 防震疏散演练, 类型: 演练}\n"
        "项目建设:\n  - {名称: 围墙改造, 金额: 3万元}\n  - {名称: 厕所改造}\n")))
    assert "投入整改费用300元（另有1处已整改隐患未填费用）" in text
    assert "组织应急演练2次，共900人次参加（另有1次未填人数）" in text
    assert "涉及金额3万元（另有1项未填金额）" in text


# --- 6. variety that does not repeat -------------------------------------------------------------


@pytest.mark.parametrize("school", ["伍家岗区中南路小学", "伍家岗区实验中学", "甲", "伍家岗区中心幼儿园", "某某县第二高级中学"])
def test_consecutive_terms_never_share_a_variant(school):
    terms = []
    for year in range(2019, 2026):
        terms += [Period(year, "第一学期", None), Period(year, "第二学期", None)]
    for a, b in zip(terms, terms[1:]):
        for options in (2, 3):
            assert variant_of(school, a) % options != variant_of(school, b) % options, (a, b)
    for year in range(2019, 2026):  # 年度 and 学年 reports too
        assert variant_of(school, Period(None, None, year)) % 3 != variant_of(school, Period(None, None, year + 1)) % 3
        assert variant_of(school, Period(year, "全学年", None)) % 2 != variant_of(school, Period(year + 1, "全学年", None)) % 2


def test_consecutive_terms_open_and_close_differently(run_cli, tmp_path):
    spring = (SAMPLES / "中南路小学.yaml").read_text(encoding="utf-8")
    autumn = spring.replace("学期: 第二学期", "学期: 第一学期").replace("落款日期: 2024-07-05", "落款日期: 2024-01-20")
    (tmp_path / "autumn.yaml").write_text(autumn, encoding="utf-8")
    a, b = md(run_cli, "summary", tmp_path / "autumn.yaml"), md(run_cli, "summary", SAMPLES / "中南路小学.yaml")
    assert a.split("\n\n")[1].split("。")[0] != b.split("\n\n")[1].split("。")[0]


@pytest.mark.parametrize("path", ALL_FACTS, ids=lambda p: p.stem)
def test_this_term_does_not_open_sentence_after_sentence(run_cli, path):
    text = md(run_cli, "summary", path)
    facts = load_facts(path)
    word = build_report(facts).period.this
    body = text.split("::: 附件说明")[0].split("::: 落款")[0]
    opening = [p for p in body.split("\n\n") if p.startswith(word)]
    # the opening (when generated) and the closing's honours at most
    assert len(opening) <= 2, opening
    sentences = [s for p in body.split("\n\n") for s in re.split(r"(?<=[。！？])", p) if s.startswith(word)]
    assert len(sentences) <= 2, sentences


def test_previous_compares_the_generated_frame(run_cli, tmp_path):
    sample = SAMPLES / "中南路小学.yaml"
    text = sample.read_text(encoding="utf-8")
    same = tmp_path / "同一学期.yaml"  # last term's file written for the same period: the same wording
    same.write_text(text, encoding="utf-8")
    last = tmp_path / "上学期.yaml"  # the term before: its wording differs by construction
    last.write_text(text.replace("学期: 第二学期", "学期: 第一学期").replace("落款日期: 2024-07-05", "落款日期: 2024-01-20"), encoding="utf-8")

    def frame_hints(result) -> list[str]:
        return [line.split(": [提示] ")[0].split(": ", 1)[1] for line in result.splitlines() if "逐字相同" in line]

    check = run_cli("check", sample, "--previous", same)
    assert frame_hints(check.stdout) == ["开头", "结尾", "计划.指导思想"]
    assert "生成的开头与上学期的文档逐字相同，可在“开头”中用自己的话写「本学期，在伍家岗区教育局的正确领导下" in check.stdout
    assert frame_hints(run_cli("check", sample, "--previous", last).stdout) == []
    # the documents say so too, as they are written
    summary = run_cli("summary", sample, "--format", "md", "--previous", same)
    assert summary.exit_code == 0 and frame_hints(summary.stderr) == ["开头", "结尾", "计划.指导思想"]
    # a frame the office wrote itself is the facts' own text: compared by the copied-text lint, not here
    own = tmp_path / "自己的开头.yaml"
    own.write_text(text.replace("落款日期: 2024-07-05", "落款日期: 2024-07-05\n开头: 本学期我校总务处围绕中心工作开展后勤保障。"), encoding="utf-8")
    assert frame_hints(run_cli("check", own, "--previous", same).stdout) == ["结尾", "计划.指导思想"]


def test_previous_needs_a_single_file_for_summaries(run_cli, tmp_path):
    result = run_cli("summary", SAMPLES / "中南路小学.yaml", SAMPLES / "实验中学.yaml", "-o", tmp_path, "--previous", SAMPLES / "中南路小学.yaml")
    assert result.exit_code == 2 and "--previous 只能与一个事实文件同用" in result.output
