"""The bureau report a bureau can send (issue 16): every school's words its own, nothing dropped,
the bureau's own facts in its own voice, missing never printed as zero, approximate figures
never summed as exact. Read back from the Markdown outline, the .docx and the workbook, and
checked against what the test files say (not through report/bureau/)."""
from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from conftest import FIXTURES
from docx_text import all_text, tables

BUREAU_FILE = FIXTURES / "bureau" / "伍家岗区教育局.yaml"
HEAD = "学年: 2023-2024\n学期: 第二学期\n上级单位: 伍家岗区教育局\n落款日期: 2024-07-05\n"


def school(folder: Path, name: str, body: str = "", head: str = HEAD) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(f"学校: {name}\n{head}{body}", encoding="utf-8")
    return path


def items(key: str, texts: list[str]) -> str:
    return f"{key}:\n" + "".join(f"  - {t}\n" for t in texts)


def body_of(md: str) -> str:
    """The report's text before its attachments."""
    return md.split("::: 附件说明")[0]


def compile_md(run_cli, *args) -> str:
    result = run_cli("compile", *args, "--format", "md")
    assert result.exit_code == 0, result.output
    return result.stdout


# ------------------------------------------------------------------------ 1. own words

OVERLAPPING = {  # the same words (1号教学楼 加固 改造), different things said
    "伍家岗区甲小学": (["1号教学楼加固改造资金缺口大，维修经费压力大。"], ["完成1号教学楼加固改造工程验收。"]),
    "伍家岗区乙小学": (["1号教学楼加固改造项目尚未批复。"], ["争取1号教学楼加固改造项目早日批复。"]),
    "伍家岗区丙中学": (["1号教学楼加固改造施工影响正常教学。"], ["抓好1号教学楼暑假加固改造施工安全和质量。"]),
    "伍家岗区丁中学": ([], ["抓好1号教学楼暑假加固改造施工安全和质量"]),  # 丙中学's words, without the full stop
}


def _writers(texts_of: dict[str, list[str]]) -> dict[str, set[str]]:
    """clause (no closing mark) → the schools (short names) that wrote it."""
    out: dict[str, set[str]] = {}
    for name, texts in texts_of.items():
        for t in texts:
            out.setdefault(t.rstrip("。"), set()).add(name.removeprefix("伍家岗区"))
    return out


def _names_before(md: str, at: int) -> set[str]:
    """The school names printed right before position at: 甲小学、乙小学等3所学校[：]."""
    head = md[max(0, at - 80):at]
    head = re.sub(r"(等\d+所学校)?：?$", "", head)
    m = re.search(r"((?:[\u4e00-\u9fff\d]+?(?:小学|中学))(?:、[\u4e00-\u9fff\d]+?(?:小学|中学))*)$", head)
    names = set(m.group(1).split("、")) if m else set()
    return {n.split("。")[-1].split("；")[-1].split("（")[-1] for n in names}


def test_no_school_is_named_beside_words_it_did_not_write(run_cli, tmp_path):
    for name, (problems, plans) in OVERLAPPING.items():
        school(tmp_path, name, items("存在问题", problems) * bool(problems) + items("下一步", plans))
    md = compile_md(run_cli, tmp_path)
    body = body_of(md)
    writers = _writers({n: p + q for n, (p, q) in OVERLAPPING.items()})
    assert len(writers) == 6  # 丁中学 wrote 丙中学's words: one text
    for clause, who in writers.items():
        places = [m.start() for m in re.finditer(re.escape(clause), body)]
        assert places, clause  # every text is printed
        for at in places:
            named = _names_before(body, at)
            assert named and named <= who, (clause, named, who)
    # The same words of two schools are printed once, with both.
    assert "丁中学、丙中学：抓好1号教学楼暑假加固改造施工安全和质量" in body  # in the schools' order
    # All of them fall under one 方面, and the problems are quoted each in its own words.
    assert "一是校舍安全（2所学校）。" in body and "二是经费保障。甲小学1号教学楼加固改造资金缺口大" in body
    assert "乙小学1号教学楼加固改造项目尚未批复；" in body or "乙小学1号教学楼加固改造项目尚未批复。" in body


# ------------------------------------------------------------------ 2. nothing dropped


def test_every_item_is_in_the_attachments_in_its_schools_row(run_cli, tmp_path):
    from bench.generate import generate

    records = generate(24, tmp_path / "in", 11)
    out = tmp_path / "r.docx"
    assert run_cli("compile", tmp_path / "in", "-o", out).exit_code == 0
    found = {t[0][2]: t for t in tables(out) if t and t[0][:2] == ["序号", "学校"] and len(t[0]) == 4}
    practices, plans = found["工作做法"], found["存在问题"]
    rows = {row[1]: row for row in practices[1:]}
    plan_rows = {row[1]: row for row in plans[1:]}
    for r in records:
        for text in r.work:
            assert text in rows[r.school][2], (r.school, text)
        for text in r.problems:
            assert text.rstrip("。") in plan_rows[r.school][2], (r.school, text)
        for text in r.next_steps:
            assert text in plan_rows[r.school][3], (r.school, text)
        # and never in another school's row
        for other, row in rows.items():
            if other != r.school:
                assert not any(t in row[2] for t in r.work if all(t not in x.work for x in records if x.school == other))


def test_highlights_are_chosen_fairly(run_cli, tmp_path):
    """Backed by an honour first, then one per school before a second from the same school; the
    rest are pointed to, not dropped."""
    canteen = "    栏目: 食堂管理\n"
    school(tmp_path, "伍家岗区甲小学", "工作:\n" + "".join(f"  - 内容: {t}\n{canteen}" for t in ("食堂推行明厨亮灶。", "食堂落实陪餐制度。", "食堂每日公示食谱。")))
    school(tmp_path, "伍家岗区乙小学", "工作:\n" + f"  - 内容: 食堂完成燃气管道改造。\n{canteen}")
    school(tmp_path, "伍家岗区丙小学", "工作:\n" + f"  - 内容: 食堂坚持食品留样。\n{canteen}" + "荣誉:\n  - 宜昌市学校食堂食品安全示范单位\n")
    body = body_of(compile_md(run_cli, tmp_path))
    quoted = re.findall(r"#### \d\.(.+?)。", body)
    assert quoted == ["丙小学食堂坚持食品留样", "乙小学食堂完成燃气管道改造", "甲小学食堂推行明厨亮灶"]
    assert "各校这方面的其他做法2条见附件2。" in body


# ------------------------------------------------------------------------ 3. themes


def test_problems_by_theme_one_is_two_is(run_cli, samples):
    body = body_of(compile_md(run_cli, *samples))
    problems = body.split("## 三、存在的问题")[1].split("## 四、")[0]
    lines = [line for line in problems.splitlines() if re.match(r"[一二三四五六七八九十]+是", line)]
    assert [re.match(r"(.是[^（，。]+)", line).group(1) for line in lines] == ["一是校舍安全", "二是校门口交通", "三是后勤队伍", "四是用电扩容", "五是运动场地"]
    # The problem every school wrote about is one theme, and says so.
    assert lines[0].startswith("一是校舍安全，各校都反映了这方面的问题。")
    for name, text in (("中南路小学", "校舍建成年代早"), ("宝塔河九年一贯制学校", "小学部教学楼抗震性能不足"), ("实验中学", "2号教学楼结构隐患尚未消除")):
        assert name + text in lines[0]
    assert lines[1].startswith("二是校门口交通（2所学校）。")


def test_theme_table_is_checked_and_its_keywords_are_words(tmp_path):
    from houqin_report.errors import FactsError
    from houqin_report.text import themes
    from houqin_report.text.tokenizer import cut_for_search

    table = themes.table()
    for word in table.index:
        assert word in cut_for_search(word), word  # a keyword jieba never cuts out would never score
    bad = tmp_path / "themes.yaml"
    bad.write_text("方面:\n  校舍安全:\n    关键词:\n      抗震: 0\n  空的: {}\n判定: {最低分: 多}\n", encoding="utf-8")
    with pytest.raises(FactsError) as caught:
        themes.load_table(bad)
    assert [str(p).split(": ", 1)[1] for p in caught.value.problems] == [
        "方面.校舍安全.关键词.抗震: 关键词“抗震”的权重应为正数",
        "方面.空的: 缺少关键词",
        "判定: 最低分和领先倍数应为数字",
    ]


# -------------------------------------------------------------- 4. the bureau's own facts


def test_bureau_facts_give_its_own_work_figures_and_next_steps(run_cli, samples):
    result = run_cli("compile", *samples, "--bureau-facts", BUREAU_FILE, "--format", "md")
    assert result.exit_code == 0, result.output
    assert "提示" not in result.stderr
    md = result.stdout
    assert "本学期，全区两免一补资金326万元，惠及义务教育阶段学生1.2万人次；校舍维修改造资金480万元；营养改善计划受益学生3200人。" in md
    safety = md.split("加强校园安全管理")[1].split("### ")[0]
    assert safety.startswith("\n\n5月，对各校隐患排查整改情况开展专项督查，建立问题清单，逐项督促整改销号。")
    assert "本学期，区教育局被评为宜昌市学校安全管理工作先进单位。" in md
    plans = md.split("## 四、下一步工作打算")[1].split("::: 附件说明")[0]
    assert re.findall(r"#### \d\.(.+)", plans) == [
        "督促各校在秋季开学前完成未整改隐患的整改，逐校验收销号。",
        "协调区财政落实宝塔河九年一贯制学校小学部教学楼加固改造资金。",
        "秋季开学前会同区市场监督管理局再次开展学校食堂联合检查。",
        "积极向区财政争取校舍安全专项资金。",  # the 措施 of its own problem
    ]
    assert "| 方面 |" not in plans and "各校下学期的工作打算见附件3。" in plans
    assert "#### 1.部分学校校舍建成年代早，加固改造资金缺口较大。" in md
    assert "::: 落款\n伍家岗区教育局\n\n2024年7月10日\n:::" in md


def test_bureau_file_found_by_its_type(run_cli, samples, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in samples:
        shutil.copy(path, folder / path.name)
    shutil.copy(BUREAU_FILE, folder / "局.yaml")
    found = compile_md(run_cli, folder)
    given = compile_md(run_cli, *samples, "--bureau-facts", BUREAU_FILE)
    assert found == given
    result = run_cli("check", folder / "局.yaml")
    assert result.exit_code == 0 and result.stdout.strip() == f"✓ {folder / '局.yaml'}"


def test_without_bureau_facts_next_steps_are_the_schools_and_compile_says_so(run_cli, samples, tmp_path):
    result = run_cli("compile", *samples, "--format", "md")
    assert result.stderr.splitlines()[-1].startswith("提示：没有教育局自己的事实文件（类型: 教育局），“下一步工作打算”只列出各校的打算。")
    plans = result.stdout.split("## 四、下一步工作打算")[1].split("::: 附件说明")[0]
    assert "各校下学期的主要打算按方面归纳如下：" in plans
    assert "| 1 | 校舍安全 | 中南路小学、宝塔河九年一贯制学校、实验中学 | 中南路小学：配合施工单位做好1号教学楼加固改造的现场管理和安全监管" in plans
    own = tmp_path / "局.yaml"
    own.write_text(BUREAU_FILE.read_text(encoding="utf-8").split("下一步:")[0].replace("    措施: 积极向区财政争取校舍安全专项资金。\n", ""), encoding="utf-8")
    result = run_cli("compile", *samples, "--bureau-facts", own, "--format", "md")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1] == f"提示：{own} 中没有“下一步”，“下一步工作打算”只列出各校的打算。"


def test_bureau_facts_are_validated_like_a_schools(run_cli, samples, tmp_path):
    bad = tmp_path / "局.yaml"
    bad.write_text("类型: 教育局\n单位: 伍家岗区教育局\n学年: 2023-2024\n学期: 第二学期\n数据:\n  - 名称: 两免一补资金\n工作:\n  - 内容: 召开XX会议\n    月份: 13\n",
                   encoding="utf-8")
    result = run_cli("compile", *samples, "--bureau-facts", bad, "--format", "md")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        f"✗ {bad}（2 个问题）",
        f"  {bad}:6: 数据[1].金额: 请填写金额、数量或数值中的一项",
        f"  {bad}:9: 工作[1].月份: 月份应在 1 到 12 之间，不能是 13",
        "教育局的事实文件有问题，未生成汇总报告。请修正后重试。",
    ]
    other = tmp_path / "another.yaml"
    other.write_text(BUREAU_FILE.read_text(encoding="utf-8").replace("学期: 第二学期", "学期: 第一学期"), encoding="utf-8")
    result = run_cli("compile", *samples, "--bureau-facts", other, "--format", "md")
    assert result.exit_code == 1
    assert f"2023—2024学年第一学期（1个文件）：{other}" in result.stderr
    folder = tmp_path / "two"
    folder.mkdir()
    shutil.copy(BUREAU_FILE, folder / "a.yaml")
    shutil.copy(BUREAU_FILE, folder / "b.yaml")
    result = run_cli("compile", folder, *samples, "--format", "md")
    assert result.exit_code == 1
    assert "有2个教育局自己的事实文件（类型: 教育局）" in result.stderr
    school_cmd = run_cli("summary", BUREAU_FILE, "--format", "md")
    assert school_cmd.exit_code == 1 and "这是教育局自己的事实文件（类型: 教育局），不是学校的" in school_cmd.stderr


# ------------------------------------------------------------ 5. what matters, named


def test_largest_projects_serious_hazards_and_outliers_are_named(run_cli, samples, tmp_path):
    from houqin_report.facts.load import load_facts

    body = body_of(compile_md(run_cli, *samples))
    # Recomputed here: the three largest projects filed under 校舍建设 are the three 加固/改造 ones.
    projects = sorted(((p.investment, f.school.removeprefix("伍家岗区"), p.name) for f in map(load_facts, samples)
                       for p in f.projects if p.investment and ("加固" in p.name or "运动场" in p.name)), reverse=True)
    assert "投资较大的项目有：" + "、".join(f"{s}{n}（" for _, s, n in projects[:1]) in body
    unfixed = [(f.school.removeprefix("伍家岗区"), h.place) for f in map(load_facts, samples) for h in f.hazards
               if h.category == "校舍" and h.status != "已整改"]
    sentence = next(line for line in body.splitlines() if line.startswith("校舍类隐患尚未整改完成的有"))
    assert sentence.startswith(f"校舍类隐患尚未整改完成的有{len(unfixed)}处：")
    assert all(f"{s}{p}（" in sentence for s, p in unfixed)
    assert "与全区趋势相反的有：宝塔河九年一贯制学校（较上期增长3.4%）。" in body  # 用电量 rose there

    ledger = "隐患排查:\n  发现数: 10\n  整改数: {}\n"
    school(tmp_path, "伍家岗区甲小学", ledger.format(9))
    school(tmp_path, "伍家岗区乙小学", ledger.format(9))
    school(tmp_path, "伍家岗区丙小学", ledger.format(3))
    body = body_of(compile_md(run_cli, tmp_path))
    assert "整改率为70%" in body
    assert "整改率比全区低20个百分点以上的学校有1所：丙小学（发现10处、已整改3处，30%）。" in body


# ------------------------------------------------------- 6. missing is not zero; wording


def test_a_figure_not_reported_is_unfilled_and_names_the_school(run_cli, tmp_path):
    school(tmp_path, "伍家岗区甲小学", "概况:\n  学生数: 500\n采购:\n  - 物品: 电脑\n    金额: 1万元\n    渠道: 政府采购\n")
    school(tmp_path, "伍家岗区乙小学", "采购: []\n")  # wrote it: bought nothing
    school(tmp_path, "伍家岗区丙小学")  # did not write 采购 at all
    out = tmp_path / "r.docx"
    assert run_cli("compile", tmp_path, "-o", out).exit_code == 0
    text = all_text(out)
    assert "各校共有学生500人。丙小学、乙小学未填报学生数。" in text
    assert "丙小学未填报物资采购情况。" in text and "乙小学未填报物资采购" not in text
    table = next(t for t in tables(out) if t[0][:3] == ["序号", "学校", "类型"])
    purchases = {row[1] if row[0] != "合计" else "合计": row[8] for row in table[1:]}
    assert purchases == {"伍家岗区甲小学": "1", "伍家岗区乙小学": "0", "伍家岗区丙小学": "未填", "合计": "1"}
    assert {row[1]: row[3] for row in table[1:]}["伍家岗区丙小学"] == "未填"


def test_no_processing_language_and_no_self_reference(run_cli, samples):
    from bench.generate import BUREAU

    for md in (compile_md(run_cli, *samples), compile_md(run_cli, *samples, "--bureau-facts", BUREAU_FILE)):
        for words in ("参加汇总", "报送", "未填类型", "报来", "统筹指导", "在伍家岗区教育局", "伍家岗区教育局的", "主要有：\n\n####"):
            assert words not in md, words
    assert BUREAU  # the generated data's bureau is checked the same way in test_compile


def test_first_person_reads_in_third_person(run_cli, tmp_path):
    school(tmp_path, "伍家岗区甲小学", items("存在问题", ["我校食堂设备陈旧，我校将逐步更新。"]))
    school(tmp_path, "伍家岗区乙幼儿园", "学校类型: 幼儿园\n" + items("存在问题", ["本园食堂设备陈旧，需要更新。"]))
    md = compile_md(run_cli, tmp_path)
    assert "甲小学食堂设备陈旧，该校将逐步更新" in md
    assert "乙幼儿园食堂设备陈旧，需要更新" in md
    assert "我校" not in md and "本园" not in md


# ---------------------------------------------------------------- 7. rates and labels


def test_donations_apart_and_averages_say_how(run_cli, samples):
    md = compile_md(run_cli, *samples, FIXTURES / "offices" / "donations.yaml", "--bureau", "伍家岗区教育局")
    # 政府采购 over purchases only: 57.46万 + 6万 of 66.563万 + 8.6万 (the donations apart)
    share = (Decimal("574600") + 60000) * 100 / (Decimal("665630") + 86000)
    assert "政府采购金额占采购总金额的" + str(share.quantize(Decimal("0.1"))) + "%" in md
    assert "接受捐赠物资5项" in md and "不计入采购金额" in md
    samples_md = compile_md(run_cli, *samples)
    assert ("各校食堂满意度的平均值为92.3%（各校数值的算术平均，每校计一次；最低为宝塔河九年一贯制学校90.8%，"
            "最高为实验中学93.5%），上期平均89.9%，较上期提高2.4个百分点。") in samples_md


def test_approximate_figures_are_never_summed_as_exact(run_cli, samples, tmp_path):
    out, book = tmp_path / "r.docx", tmp_path / "r.xlsx"
    result = run_cli("compile", *samples, FIXTURES / "offices" / "approximate.yaml", "-o", out, "--xlsx", book)
    assert result.exit_code == 0, result.output
    text = all_text(out)
    assert "共排查出安全隐患62处以上" in text and "已整改约53处" in text  # 30多 + 32; 约28 + 25
    assert "整改率为" not in text.split("校园安全管理")[1].split("（三）")[0]  # a rate over 30多 is not given
    assert "涉及金额约" in text
    sheet = openpyxl.load_workbook(book)["汇总"]
    header = [c.value for c in sheet[1]]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    peach = rows["伍家岗区桃园小学"]
    assert peach[header.index("隐患发现")] == "30多" and peach[header.index("已整改")] == "约28"
    total = rows["4所学校"]
    assert isinstance(total[header.index("隐患发现")], str) and total[header.index("隐患发现")].startswith(("约", "62"))
    assert total[header.index("整改率")] is None
    assert isinstance(total[header.index("培训人次")], str)  # 约1300 inside


# -------------------------------------------------------------------- 8. up a level


def _district(folder: Path, district: str, n: int, seed: int) -> list[Path]:
    """n generated schools of one district (bench/generate.py's facts, renamed)."""
    import yaml

    from bench.generate import school_facts

    folder.mkdir(parents=True)
    paths = []
    for i in range(n):
        data, _ = school_facts(i, seed)
        data["学校"] = data["学校"].replace("示范区", district)
        data["上级单位"] = f"{district}教育局"
        path = folder / f"{i:03d}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        paths.append(path)
    return paths


def _without_districts(md: str) -> str:
    """The city's report less what only a compile of roll-ups can say (the schools of each
    district, the 所属单位 column, the attachment of districts)."""
    md = re.sub(r"（伍家岗区\d+所、点军区\d+所、西陵区\d+所）", "", md)
    md = re.sub(r"\d\.各单位学校后勤工作主要数据\n\n", "", md)
    md = re.sub(r"::: 附件\d\n# 各单位学校后勤工作主要数据\n.*?:::\n\n?", "", md, flags=re.S)
    lines, in_table = [], False
    for line in md.splitlines():
        if line.startswith("| 序号 | 学校 | 所属单位 |"):
            in_table = True
        if in_table and line.startswith("|"):
            cells = line.split("|")
            line = "|".join(cells[:3] + cells[4:])
        elif in_table:
            in_table = False
        lines.append(line)
    return "\n".join(lines)


def test_districts_roll_ups_compile_to_the_same_figures_as_all_schools(run_cli, tmp_path):
    districts = {"伍家岗区": 7, "西陵区": 6, "点军区": 5}
    folders = {}
    for seed, (district, n) in enumerate(districts.items(), start=3):
        folders[district] = tmp_path / district
        _district(folders[district], district, n, seed)
    shutil.copy(FIXTURES / "offices" / "approximate.yaml", folders["伍家岗区"] / "approximate.yaml")
    rollups = tmp_path / "汇总"
    rollups.mkdir()
    for district, folder in folders.items():
        result = run_cli("compile", folder, "--format", "md", "-o", tmp_path / f"{district}.md", "--rollup", rollups / f"{district}.json")
        assert result.exit_code == 0, result.output
    city = ["--bureau", "宜昌市教育局"]
    up, up_book = tmp_path / "up.md", tmp_path / "up.xlsx"
    at_once, at_once_book = tmp_path / "all.md", tmp_path / "all.xlsx"
    assert run_cli("compile", rollups, *city, "--format", "md", "-o", up, "--xlsx", up_book).exit_code == 0
    assert run_cli("compile", *folders.values(), *city, "--format", "md", "-o", at_once, "--xlsx", at_once_book).exit_code == 0
    up_md, all_md = up.read_text(encoding="utf-8"), at_once.read_text(encoding="utf-8")
    assert "全市共有学校19所" in up_md and "（伍家岗区8所、点军区5所、西陵区6所）" in up_md
    assert _without_districts(up_md) == all_md
    # The workbook: the same figures in every cell of 汇总, to the yuan and the 0.1%.
    a = list(openpyxl.load_workbook(up_book, data_only=True)["汇总"].iter_rows(values_only=True))
    b = list(openpyxl.load_workbook(at_once_book, data_only=True)["汇总"].iter_rows(values_only=True))
    assert [row[:2] + row[3:] for row in a] == b
    assert {row[2] for row in a[1:-1]} == {"伍家岗区教育局", "西陵区教育局", "点军区教育局"}

    # One level more: the city's roll-up compiled by the province gives the same figures again.
    (tmp_path / "市").mkdir()
    city_rollup = tmp_path / "市" / "宜昌市.json"
    assert run_cli("compile", rollups, *city, "--format", "md", "-o", tmp_path / "c.md", "--rollup", city_rollup).exit_code == 0
    province = compile_md(run_cli, city_rollup, "--bureau", "湖北省教育厅")
    figures = re.compile(r"共排查出安全隐患[^。]+。|共采购物资[^。]+。|共推进建设项目[^。]+。|\| 合计 \| \d+所 \|.*")
    assert figures.findall(province) == figures.findall(up_md)


def test_a_roll_up_says_where_it_is_wrong(run_cli, samples, tmp_path):
    (tmp_path / "r").mkdir()
    rollup = tmp_path / "r" / "区.json"
    assert run_cli("compile", *samples, "--format", "md", "-o", tmp_path / "x.md", "--rollup", rollup).exit_code == 0
    text = rollup.read_text(encoding="utf-8")
    lines = text.splitlines()
    second = next(i for i, line in enumerate(lines) if "伍家岗区宝塔河九年一贯制学校" in line and line.startswith("{"))
    lines[second] = lines[second].replace('"隐患发现":9', '"隐患发现":"九"', 1)
    rollup.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("compile", rollup, "--format", "md", "--bureau", "宜昌市教育局")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"{rollup}:{second + 1}: 学校[2].隐患发现: “九”不是数"
    rollup.write_text(text.replace('"隐患发现": 32', '"隐患发现": 33'), encoding="utf-8")
    result = run_cli("compile", rollup, "--format", "md", "--bureau", "宜昌市教育局")
    assert result.exit_code == 1 and "合计.隐患发现: 合计写的是 33，各校数据加起来是 32（文件被改动过？）" in result.stderr
    # A JSON file that is no roll-up: refused when named, left alone in a folder (a schema).
    schema = tmp_path / "r" / "facts.schema.json"
    schema.write_text('{"type": "object"}', encoding="utf-8")
    result = run_cli("compile", schema, "--format", "md")
    assert result.exit_code == 1 and f"{schema}:" in result.stderr and "缺少“格式: houqin-report 汇总”" in result.stderr
    rollup.write_text(text, encoding="utf-8")
    city = ("--bureau", "宜昌市教育局")
    assert compile_md(run_cli, rollup.parent, *city) == compile_md(run_cli, rollup, *city)
    result = run_cli("compile", rollup, *samples, *city, "--format", "md")
    assert result.exit_code == 1 and "学校“伍家岗区中南路小学”有2个文件" in result.stderr
    school = next(s for s in samples if s.name == "中南路小学.yaml")
    # the roll-up names its files from the folder the district compiled: no path of its machine
    assert f"有2个文件：{school}、{rollup}（伍家岗区教育局汇总）中的中南路小学.yaml\n" in result.stderr
    assert str(school.parent) not in text
    copy = rollup.with_name("区2.json")  # the same district's roll-up twice: which files say it
    copy.write_text(text, encoding="utf-8")
    result = run_cli("compile", rollup, copy, *city, "--format", "md")
    assert result.exit_code == 1
    assert f"{rollup}（伍家岗区教育局汇总）中的中南路小学.yaml、{copy}（伍家岗区教育局汇总）中的中南路小学.yaml" in result.stderr


def test_roll_up_keeps_the_bureaus_own_facts_and_attribution(run_cli, samples, tmp_path):
    rollup = tmp_path / "区.json"
    assert run_cli("compile", *samples, "--bureau-facts", BUREAU_FILE, "--format", "md", "-o", tmp_path / "x.md", "--rollup", rollup).exit_code == 0
    book = tmp_path / "市.xlsx"
    result = run_cli("compile", rollup, "--format", "md", "--xlsx", book)  # the city's name from the district's 上级单位
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 宜昌市教育局2023—2024学年第二学期学校后勤工作总结")
    sheet = openpyxl.load_workbook(book)["做法"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    # The district bureau's own work, under its name (not quoted as a school's in the city's text).
    assert ("伍家岗区教育局", None, "校园安全", "对各校隐患排查整改情况开展专项督查，建立问题清单，逐项督促整改销号。") in rows
    assert all(r[1] == "伍家岗区教育局" for r in rows if r[0] != "伍家岗区教育局")
    assert "伍家岗区教育局对各校隐患排查" not in result.stdout.split("::: 附件说明")[0]
    appendix = result.stdout.split("各学校工作做法和荣誉")[-1]
    assert "| 伍家岗区教育局 | （1）3月和5月两次召开全区学校后勤工作调度会" in appendix


def test_numbering_reads_the_blocks_not_the_cells(samples, monkeypatch):
    """number_outline parses a skeleton with the tables' body rows emptied (their cells say
    nothing about headings): the numbered text is the same as from parsing every cell."""
    from houqin_report.outline import numbering
    from houqin_report.outline.documents import bureau_text
    from houqin_report.pipeline.collect import collect
    from houqin_report.report.bureau import build_bureau_report

    texts = [bureau_text(build_bureau_report(collect(samples)))]
    texts.append("# 标题\n\n| a | b |\n|---|---|\n| ## 不是标题 | x |\n|---|---|\n| 1 | 2 |\n## 是标题\n\n段落\n| c |\n|---|\n| d |\n"
                 "\n| e | f |\n|---|\n| g | h |\n\n::: 附件 1\n# 附件标题\n\n| 序号 |\n|---|\n| 1 |\n:::\n\n### 小标题\n文字\n---\n"
                 "\n段落\n| x | y |\n|---|\n| z |\n---\n")  # no table (two cells over one): a setext heading
    numbered = [numbering.number_outline(t) for t in texts]
    monkeypatch.setattr(numbering, "_skeleton", lambda lines: "\n".join(lines))
    assert numbered == [numbering.number_outline(t) for t in texts]
    assert "## 一、是标题" in numbered[1] and "## 不是标题" in numbered[1] and "### （一）小标题" in numbered[1]
