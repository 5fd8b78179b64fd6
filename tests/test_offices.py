"""What real offices write (issue 13), one fixture per shape in tests/fixtures/offices/, through
check, summary and plan as a user runs them. Their whole outlines are golden (test_golden.py);
here each shape's promise is asserted on its own."""
from __future__ import annotations

from decimal import Decimal

import pytest

from conftest import FIXTURES
from docx_text import all_text, tables
from houqin_report.facts.approx import Approx
from houqin_report.facts.load import load_facts

OFFICES = FIXTURES / "offices"


def outline(run_cli, kind: str, name: str) -> str:
    result = run_cli(kind, OFFICES / f"{name}.yaml", "--format", "md")
    assert result.exit_code == 0, result.output
    return result.stdout.replace("\\", "")  # the outline's Markdown escapes


def test_every_office_fixture_passes_check(run_cli):
    files = sorted(OFFICES.glob("*.yaml"))
    assert len(files) == 12
    result = run_cli("check", *files)
    assert result.exit_code == 0, result.output


def test_approximate_figures_print_as_written_and_sum_as_approximate(run_cli, tmp_path):
    facts = load_facts(OFFICES / "approximate.yaml")
    assert isinstance(facts.projects[0].total, Approx) and facts.projects[0].total.written == "近70万元"
    text = outline(run_cli, "summary", "approximate")
    for written in ("总投资近70万元", "投资5千余元", "开展安全隐患排查约20次", "共排查出安全隐患30多处", "已整改约28处",
                    "约1300人参加", "政府采购约13万元～15万元", "自行采购1千5百多元"):
        assert written in text, written
    assert "涉及金额约70.5万元" in text  # 近70万 + 5千余: a sum of approximations is approximate
    assert "总金额约13.15万元～15.15万元" in text  # a range in it keeps both ends
    assert "整改率" not in text.split("## 二")[0].split("附件")[0]  # no exact rate over 30多 and 约28
    assert "政府采购占" not in text
    out = tmp_path / "s.docx"
    assert run_cli("summary", OFFICES / "approximate.yaml", "-o", out).exit_code == 0
    purchases = next(t for t in tables(out) if t[0][1] == "物品")
    assert purchases[1][2:4] == ["约400套", "10万元左右"] and purchases[3][2:4] == ["200多只", "3万～5万元"]
    assert purchases[-1][3] == "约13.15万元～15.15万元"


def test_chinese_numerals_are_exact_figures(run_cli):
    facts = load_facts(OFFICES / "chinese-numerals.yaml")
    assert [p.amount for p in facts.purchases] == [Decimal(50000), Decimal(1200), Decimal(13000)]
    assert facts.purchases[0].quantity == 120 and facts.inspection.rounds == 12
    assert isinstance(facts.purchases[2].quantity, Approx) and facts.purchases[2].quantity.written == "三百余"
    text = outline(run_cli, "summary", "chinese-numerals")
    assert "开展安全隐患排查12次，共排查出安全隐患8处，已整改8处，整改率为100%" in text
    assert "总金额6.42万元，其中政府采购5万元、自行采购1.42万元，政府采购占77.9%" in text


def test_a_purchase_without_amount_appears_and_the_total_says_so(run_cli):
    text = outline(run_cli, "summary", "unpriced")
    assert "共采购物资3项，总金额6.26万元（另有1项未填金额）" in text
    assert "| 1 | 电子白板 | 39套 | 未填 | 未注明 |" in text
    assert "| 合计 | 3项 |  | 62600（1项未填） |" in text  # the column is in 元 (金额（元）)
    assert "按类别分" not in text  # no purchase gives a 类别: no breakdown invented


def test_work_in_time_order_with_its_figures(run_cli):
    facts = load_facts(OFFICES / "dated-work.yaml")
    assert str(facts.work[1].date) == "2024年9月2日"  # 9月2日 in the autumn of 2024—2025学年
    text = outline(run_cli, "summary", "dated-work")
    assets = text.split("### （一）")[1].split("### ")[0]
    assert assets.index("2024年9月2日，更换课桌套，数量200套，金额3600元。") < assets.index("1月，完成学期末校产清查和固定资产登记。")


def test_own_opening_closing_guidance_and_plan_date(run_cli):
    summary = outline(run_cli, "summary", "own-words")
    assert summary.split("\n\n")[1] == "一学期来，后勤处全体人员围绕“安全、服务、节约”六个字，把小事做细、把实事做实，现将本学期工作总结如下："
    assert "回顾一学期，我们有收获也有不足，下学期将继续以师生满意为标准，做好每一件小事。" in summary
    assert "今后，我们将" not in summary and "在伍家岗区教育局的正确领导下" not in summary
    plan = outline(run_cli, "plan", "own-words")
    assert "## 一、指导思想\n\n以安全为底线、以服务为宗旨，精打细算、勤俭办学，为学校教育教学提供有力保障。" in plan
    assert plan.rstrip().endswith("伍家岗区实验小学总务处\n\n2024年8月26日\n:::")


def test_kindergarten_writes_as_a_kindergarten(run_cli):
    summary = outline(run_cli, "summary", "kindergarten")
    assert "我园现有幼儿286人、教职工42人、班级10个，开园8年。" in summary
    assert "我园每天在园就餐286人" in summary and "每周一次开展安全隐患排查" in summary
    assert "我校" not in summary and "学生" not in summary
    plan = outline(run_cli, "plan", "kindergarten")
    assert "确保园所安全" in plan and "晨午检" in plan and "带量食谱" in plan
    assert "期末考试" not in plan and "新书" not in plan
    assert "寒假期间对中班、大班活动室墙面进行翻新" in plan  # the office's own measure for its problem


def test_projects_stages_and_phased_funding(run_cli):
    facts = load_facts(OFFICES / "projects.yaml")
    assert [p.status for p in facts.projects] == ["完工", "勘察设计", "招标", "完工"]  # 竣工, 已完工 are 完工
    text = outline(run_cli, "summary", "projects")
    assert "学生食堂扩建于2023年11月开工、2024年5月完工，总投资近70万元，本学期投入57万元，资金来源为区财政分期拨付，面积860平方米" in text
    assert "综合楼新建处于勘察设计阶段" in text and "校园道路硬化正在招标，投资36万元，主要工程量为硬化道路2400平方米" in text
    plan = outline(run_cli, "plan", "projects")
    assert "推进综合楼新建（项目金额1200万元，资金来源为区财政）：完成勘察设计和方案审查，做好招标准备" in plan
    assert "推进校园道路硬化（项目金额36万元）：依法完成招标，落实施工单位，做好开工准备" in plan


def test_key_hazards_listed_with_all_counted_and_date_hints(run_cli):
    text = outline(run_cli, "summary", "key-hazards")
    assert "每周一次开展安全隐患排查，共排查出安全隐患16处，已整改13处，整改率为81.3%。其中重点隐患4处，整改情况详见附件。" in text
    assert "重点隐患排查整改台账" in text
    check = run_cli("check", OFFICES / "key-hazards.yaml")
    assert check.exit_code == 0
    hints = [line.split(": ", 1)[1] for line in check.stdout.splitlines()[1:]]
    assert hints == [
        "隐患排查.隐患[3].整改日期: [提示] 整改日期2024年7月10日晚于落款日期2024年6月28日",
        "隐患排查.隐患[4].发现日期: [提示] 日期2023年12月20日不在2023—2024学年第二学期内，请核对年份或学期",
        "隐患排查.隐患[4].整改日期: [提示] 填写了整改日期2024年5月6日，状态却是未整改",
    ]


def test_donations_are_not_purchases(run_cli):
    text = outline(run_cli, "summary", "donations")
    # 6万 government of 8.6万 bought: the 3万 donated books no longer dilute the share.
    assert "共采购物资2项，总金额8.6万元，其中政府采购6万元、未注明渠道2.6万元，政府采购占69.8%" in text
    assert "接受捐赠物资2项，价值7万元，捐赠方为区慈善会" in text
    assert "自行采购" not in text


def test_new_homes_have_their_sections_and_figures(run_cli):
    text = outline(run_cli, "summary", "new-homes")
    headings = [line for line in text.splitlines() if line.startswith("### ")]
    for title_part in ("经费", "征订", "创建"):  # the sections with figures of their own
        assert any(title_part in h for h in headings), title_part
    # 宿舍, 供暖 and 活动保障 hold one short line each here: they join 其他工作 (issue 14)
    general = text.split("统筹做好其他各项工作")[1].split("\n\n", 2)[1]
    for line in ("做好期末考试考场布置和考务保障。", "完成锅炉房检修和暖气管道试压，11月15日正常供暖。", "住校生实行一周两次查寝，宿管员24小时值守。"):
        assert line in general, line
    from houqin_report.text import sections
    assert [sections.classify(line) for line in ("做好期末考试考场布置和考务保障", "完成锅炉房检修和暖气管道试压", "住校生实行一周两次查寝")] == ["活动保障", "供暖保障", "宿舍管理"]
    assert "经费预算312万元，已执行298.4万元，执行率95.6%。" in text
    assert "我校固定资产总值1.86亿元，本学期新增96万元，报废处置资产124件（18.6万元）。" in text
    assert "享受营养餐的学生420人" in text
    assert "代办征订学生装680套（20.4万元），家长自愿，签订知情同意书；作业本，按教学需要统一征订，收费公示。" in text
    assert "2023年12月，省级文明校园创建进入迎检阶段。" in text
    assert "我校现有学生2180人、教职工196人、住校生1460人。" in text


def test_unknown_section_gets_a_hint_and_own_keys_read_right(run_cli):
    check = run_cli("check", OFFICES / "sections-and-overview.yaml")
    assert "工作[1].栏目: [提示] 栏目“安全管里”不是标准栏目，是不是要写“安全管理”？照写将单独成为一栏「安全管里」" in check.stdout
    text = outline(run_cli, "summary", "sections-and-overview")
    assert "我园现有幼儿356人、住校生0人、校区2个，开园8年。" in text
    assert "### （二）园所文化" in text  # a custom 栏目 is a section of its own


def test_punctuation_and_pasted_numbering(run_cli, tmp_path):
    source = OFFICES / "punctuation.yaml"
    before = source.read_bytes()
    text = outline(run_cli, "summary", "punctuation")
    assert "完成校园绿化补植，补种桂花树20棵。" in text
    assert "更换Windows 10系统电脑（共12台），投入1,200元：维修键盘。" in text
    assert "8:30前完成校门口值守交接。" in text and "③" not in text and "1、" not in text
    assert "#### 1.部分教室灯具老化。" in text
    check = run_cli("check", source)
    assert check.exit_code == 0 and check.stdout.count("文档中将写作") == 4
    assert source.read_bytes() == before  # the facts file is never changed


@pytest.mark.parametrize("name", ["approximate", "kindergarten", "new-homes", "projects"])
def test_the_docx_shows_every_figure_the_outline_does(run_cli, tmp_path, name):
    out = tmp_path / f"{name}.docx"
    result = run_cli("summary", OFFICES / f"{name}.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    text = all_text(out)
    md = outline(run_cli, "summary", name)
    for line in md.splitlines():
        plain = line.lstrip("#").strip()
        if plain and not line.startswith(("|", ":::")) and "。" in plain:
            assert plain.split("。")[0] in text.replace("\n", ""), plain
