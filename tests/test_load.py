"""Reading facts files: every kind of bad input gives its exact message, line and key path."""
from decimal import Decimal

import pytest

from houqin_report.errors import FactsError
from houqin_report.facts.load import load_facts
from houqin_report.facts.values import FuzzyDate


def problems_of(path):
    with pytest.raises(FactsError) as info:
        load_facts(path)
    return [(p.line, p.path, p.message, p.hint) for p in info.value.problems]


def test_samples_are_valid(samples):
    assert len(samples) == 3
    for path in samples:
        facts = load_facts(path)
        assert facts.school and facts.school_year == 2023 and facts.semester == "第二学期"


def test_minimal_file_and_defaults(fixtures):
    facts = load_facts(fixtures / "minimal.yaml")
    assert facts.department == "总务处"
    assert facts.projects == [] and facts.hazards == [] and facts.plan is None


def test_annual_file_defaults(fixtures):
    facts = load_facts(fixtures / "annual.yaml")
    assert facts.year == 2024 and facts.school_year is None and facts.semester is None
    assert [h.status for h in facts.hazards].count("已整改") >= 1
    assert any(p.channel is None for p in facts.purchases)  # 渠道 not given: 未注明, never 自行采购
    assert any(p.amount == Decimal("56000") for p in facts.purchases)


def test_utf8_bom_is_fine(fixtures):
    assert load_facts(fixtures / "utf8-bom.yaml").school == "带BOM的小学"


def test_gbk_file_is_read_correctly(fixtures):
    # The file is GBK-encoded: its Chinese values decoded right prove it.
    facts = load_facts(fixtures / "gbk-encoded.yaml")
    assert [(p.item, p.amount) for p in facts.purchases][1] == ("打印机", Decimal("50000"))  # 金额: 五万


def test_binary_file_is_refused_with_advice(fixtures):
    assert problems_of(fixtures / "invalid" / "not-text.yaml") == [
        (1, "", "文件编码无法识别", "请用 UTF-8 编码另存此文件：在 WPS 或记事本中“另存为”，编码选 UTF-8"),
    ]


def test_unknown_keys_with_suggestion(fixtures):
    assert problems_of(fixtures / "invalid" / "unknown-key.yaml") == [
        (7, "采购[1].名字", "未知的键“名字”", "这一层可用的键：物品、数量、单位、金额、渠道、类别、日期、说明"),
        (9, "项目建设[1].名字", "未知的键“名字”", "是不是要写“名称”？"),
        (9, "项目建设[1].名称", "缺少必填项“名称”", ""),
    ]


def test_duplicate_key_names_both_lines(fixtures):
    assert problems_of(fixtures / "invalid" / "duplicate-key.yaml") == [
        (7, "学校", "键“学校”重复：第 1 行和第 7 行都写了它", "同一层级的键只能出现一次，请合并或删除其中一处"),
    ]


def test_all_bad_values_reported_at_once(fixtures):
    assert problems_of(fixtures / "invalid" / "bad-values.yaml") == [
        (8, "采购[2].金额", "金额“五万三”有歧义（末尾的“三”是三千还是三？），请写明，如 五万三千", ""),
        (10, "采购[3].金额", "金额不能为负数", ""),
        (13, "培训[1].人数", "“若干”没有写出数字，请填写实际的数字或约数（如 400、约400）", ""),
    ]


def test_fix_date_before_found_date(fixtures):
    assert problems_of(fixtures / "invalid" / "fixed-before-found.yaml") == [
        (9, "隐患排查.隐患[1].整改日期", "整改日期 2024年4月1日 早于发现日期 2024年4月15日", ""),
    ]


def test_more_fixed_than_found(fixtures):
    assert problems_of(fixtures / "invalid" / "fixed-more-than-found.yaml") == [
        (6, "隐患排查.整改数", "整改数 7 大于发现数 5", ""),
    ]


def test_given_totals_must_agree_with_list(fixtures):
    assert problems_of(fixtures / "invalid" / "totals-disagree.yaml") == [
        (5, "隐患排查.发现数", "发现数写的是 3，但隐患清单列了 2 处；只列了重点隐患时请加“清单: 重点”", ""),
    ]


def test_missing_period_reported_with_other_problems(fixtures):
    assert problems_of(fixtures / "invalid" / "missing-required.yaml") == [
        (1, "学年", "缺少时段：请填写学年（如 2023-2024）和学期，或填写年度（如 2024）", ""),
        (3, "项目建设[1].名称", "缺少必填项“名称”", ""),
    ]


def test_yaml_syntax_error_has_line(fixtures):
    assert problems_of(fixtures / "invalid" / "yaml-syntax.yaml") == [
        (6, "", "YAML 格式错误：缩进不一致", "检查这一行的缩进、冒号后的空格和引号是否成对"),
    ]


def write(tmp_path, text, name="f.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_semester_synonyms_and_school_year_forms(tmp_path):
    facts = load_facts(write(tmp_path, "学校: 甲\n学年: 2023—2024\n学期: 秋季\n"))
    assert facts.school_year == 2023 and facts.semester == "第一学期"
    assert problems_of(write(tmp_path, "学校: 甲\n学年: 2023-2025\n学期: 秋季\n")) == [
        (2, "学年", "学年的两个年份应相差一年，如 2023-2024", ""),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("学校: 甲\n学年: 2023-2024\n年度: 2024\n", (2, "年度", "学年和年度只能填一个：按学期总结填学年和学期，按自然年总结填年度", "")),
        ("学校: 甲\n学年: 2023-2024\n", (2, "学期", "填写了学年，还要填写学期：第一学期（秋季）、第二学期（春季）或全学年", "")),
        ("学校: 甲\n年度: 2024\n学期: 春季\n", (2, "学期", "按年度总结时不填学期", "")),
        ("学校: 甲\n学年: 2023-2024\n学期: 夏季\n", (3, "学期", "应为以下之一：第一学期、第二学期、全学年，不能是“夏季”", "")),
        ("- 学校: 甲\n", (1, "", "文件的最上层应为一组“键: 值”（学校: …、学年: …）", "可用 houqin init 生成一份待填写的事实文件")),
        ("", (1, "", "文件是空的", "可用 houqin init 生成一份待填写的事实文件")),
        ("学校: 甲\n年度: 2024\n采购: 电脑\n", (3, "采购", "应为列表（每一项另起一行，以“- ”开头）", "")),
        ("学校: 甲\n年度: 2024\n荣誉:\n  - [a, b]\n", (4, "荣誉[1]", "应为一段文字，不能是列表或映射", "")),
        ("学校: 甲\n年度: 2024\n指标:\n  - 名称: 用电量\n    本期: 很多\n", (5, "指标[1].本期", "应为数字，如 12345.6，不能写“很多”", "")),
        ("学校: 甲\n年度: 2024\n计划:\n  重点工作:\n    - 内容: 校产清查\n      月份: 13月\n", (6, "计划.重点工作[1].月份", "月份应在 1 到 12 之间，不能是 13", "")),
        ("学校: 甲\n年度: 2024\n项目建设:\n  - 名称: 围墙\n    开工日期: 2024-05\n    完工日期: 2024-04-30\n", (6, "项目建设[1].完工日期", "完工日期 2024年4月30日 早于开工日期 2024年5月", "")),
        ("学校: 甲\n年度: 2024\n隐患排查:\n  整改数: 2\n", (3, "隐患排查.发现数", "填写了整改数 2，却没有发现数", "")),
        ("学校: 请填写学校全称\n年度: 2024\n", (1, "学校", "还没有填写（仍是模板里的提示“请填写学校全称”）", "")),
    ],
)
def test_single_problems(tmp_path, text, expected):
    assert problems_of(write(tmp_path, text)) == [expected]


def test_floats_are_exact(tmp_path):
    facts = load_facts(write(tmp_path, "学校: 甲\n年度: 2024\n采购:\n  - 物品: 口罩\n    金额: 0.1\n  - 物品: 手套\n    金额: 0.2\n"))
    assert sum(p.amount for p in facts.purchases) == Decimal("0.3")


def test_template_syntax_kept_literally(tmp_path):
    facts = load_facts(write(tmp_path, "学校: '{{ 7*7 }}小学'\n年度: 2024\n"))
    assert facts.school == "{{ 7*7 }}小学"


def test_work_items_bare_strings_and_hazard_status_default(tmp_path):
    facts = load_facts(write(tmp_path, "学校: 甲\n年度: 2024\n工作:\n  - 完成校产清查\n  - 内容: 绿化养护\n    栏目: 校园环境\n隐患排查:\n  隐患:\n    - 位置: 甲\n      描述: 乙\n      整改日期: 2024-05\n    - 位置: 丙\n      描述: 丁\n"))
    assert [(w.text, w.section) for w in facts.work] == [("完成校产清查", None), ("绿化养护", "校园环境")]
    assert [h.status for h in facts.hazards] == ["已整改", "未整改"]
    assert facts.inspection.found_count == 2 and facts.inspection.fixed_count == 1
    assert facts.hazards[0].fixed == FuzzyDate(2024, 5)


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    lines.append("学校: *a8")
    found = problems_of(write(tmp_path, "\n".join(lines) + "\n"))
    assert len(found) == 1 and "锚点/别名引用过多" in found[0][2]
