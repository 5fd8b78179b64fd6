"""houqin check on documents (.docx, .txt, .md): each mistake reported with its place, none
on what the tool writes itself, and --facts finding what an edit changed or removed."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from conftest import FIXTURES, ROOT, SAMPLES
from documents import handwritten_docx, remove_paragraph, replace_in_runs
from houqin_report.doccheck import check_path, check_paths, expect
from houqin_report.text.punctuation import find_half_width, to_full_width
from houqin_report.doccheck.reader import read_text

DOCUMENTS = FIXTURES / "documents"
SEEDS = ROOT.parent / "shared" / "seeds"
X = "仍是占位符，请填写实际的数字或名称"


@pytest.fixture(scope="module", autouse=True)
def _private_cache(tmp_path_factory):
    """Keep the jieba cache this process may write out of the real home folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


def rows(findings) -> list[tuple]:
    return [(f.line, f.path, f.level, f.kind, f.words, f.message) for f in findings]


# --- the seeds' kinds of mistakes, in a text file and in a .docx --------------------------


def test_text_file_every_mistake_with_its_place():
    assert rows(check_path(DOCUMENTS / "手写总结-常见错误.txt")) == [
        (1, "第1段", "错误", "placeholder", "XX小学", X),
        (4, "第4段", "错误", "date", "2024年4月30日完工", "日期先后颠倒：完工日期早于开工日期（2024年5月10日）"),
        (5, "第5段", "错误", "numbering", "（三）校园文化建设进入设计阶段。", "编号不连续：「（一）」（第4段）之后是「（三）」，缺「（二）」"),
        (7, "第7段", "错误", "arithmetic", "整改率为90%", "整改率与文中数字不符：已整改10处÷发现12处＝83.3%"),
        (7, "第7段", "提示", "arithmetic", "12处", "分项之和小于总数：5处＋4处＋2处＝11处，总数写的是12处（若只列出了一部分，可不理会）"),
        (8, "第8段", "提示", "numbering", "2、安全演练。本学期组织演练3次…", "同一级编号的写法不一致：此处为「2、」，第7段为「1.」"),
        (8, "第8段", "错误", "arithmetic", "3次", "数目与所列不符：写的是“3次”，列出的是2项"),
        (9, "第9段", "错误", "placeholder", "x次", X),
        (9, "第9段", "错误", "placeholder", "x处", X),
        (9, "第9段", "错误", "placeholder", "整改率为x%", X),
        (10, "第10段", "错误", "numbering", "四、物资采购", "编号不连续：「二、」（第6段）之后是「四、」，缺「三、」"),
        (11, "第11段", "错误", "arithmetic", "8.6万元", "分项之和大于总数：5.2万元＋3.6万元＝8.8万元，总数写的是8.6万元"),
        (11, "第11段", "错误", "arithmetic", "政府采购占62%", "占比与文中数字不符：5.2万元÷8.6万元＝60.5%"),
        (13, "第13段", "错误", "date", "2月30日", "日期不存在：2月没有30日"),
        (14, "第14段", "提示", "punctuation", "后勤人员少,缺少培训。", "中文里用了半角标点「,」，应为全角「，」"),
        (15, "第15段", "错误", "placeholder", "XX小学", X),
        (15, "第15段", "提示", "signature", "XX小学总务处", "落款没有写日期（成文日期）"),
    ]


def test_docx_every_mistake_with_its_place(tmp_path):
    path = handwritten_docx(tmp_path / "手写总结.docx")
    assert rows(check_path(path)) == [
        (None, "第1段", "错误", "placeholder", "XX中学", X),
        (None, "第3段", "错误", "arithmetic", "86人", "分项之和大于总数：60人＋30人＝90人，总数写的是86人"),
        (None, "第5段", "提示", "numbering", "(一)、加强校舍管理", "编号写法不规范：「(一)、」应写作「（一）」"),
        # the tracked change: 8 deleted, 6 inserted; the text is read as it now stands
        (None, "第6段", "错误", "arithmetic", "整改率为100%", "整改率与文中数字不符：已整改6处÷发现8处＝75%"),
        (None, "第7段", "错误", "arithmetic", "参保率达到101%", "参保率不能超过100%"),
        # 一、 and 二、 are Word's automatic numbers, 四、 is typed
        (None, "第8段", "错误", "numbering", "四、存在的问题", "编号不连续：「二、」（第4段）之后是「四、」，缺「三、」"),
        (None, "第10段", "错误", "placeholder", "XX中学", X),
        (None, "第11段", "错误", "date", "2024年13月5日", "日期不存在：没有13月"),
        (None, "表1第2行第4列", "错误", "date", "2024年3月1日", "整改日期早于发现日期（2024年3月12日）"),
        (None, "表1第4行第5列", "错误", "arithmetic", "2100元", "合计与本列之和不符：本列各行相加为2000元"),
        (None, "表2第3行第4列", "错误", "arithmetic", "75%", "整改率与本行数字不符：已整改4处÷发现5处＝80%"),
    ]
    cell = next(f for f in check_path(path) if f.table == 1 and f.kind == "arithmetic")
    assert (cell.table, cell.row, cell.column, cell.paragraph) == (1, 4, 5, None)
    assert str(cell) == f"{path}: 表1第4行第5列: [错误] 合计与本列之和不符：本列各行相加为2000元「2100元」"


def test_the_same_text_as_docx_and_as_txt_gives_the_same_findings(tmp_path):
    lines = (DOCUMENTS / "手写总结-常见错误.txt").read_text(encoding="utf-8").splitlines()
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    document.save(str(tmp_path / "同文.docx"))
    as_docx = [(f.path, f.level, f.kind, f.words, f.message) for f in check_path(tmp_path / "同文.docx")]
    as_txt = [(f.path, f.level, f.kind, f.words, f.message) for f in check_path(DOCUMENTS / "手写总结-常见错误.txt")]
    assert as_docx == as_txt


@pytest.mark.parametrize("text, found", [
    ("一、项目\n二、安全\n三、采购", []),
    ("一、项目\n（一）校舍\n（二）环境\n1.绿化\n2.保洁\n（三）食堂\n二、安全", []),
    ("一、甲\n1、乙\n2、丙\n二、丁\n1、戊", []),  # a level skipped; each list under its own heading
    ("八月：\n1、开学准备\n2、检修\n九月：\n1、清查", []),  # a short heading line restarts a list
    ("一、甲\n三、乙", [("第2段", "错误", "编号不连续：「一、」（第1段）之后是「三、」，缺「二、」")]),
    ("一、甲\n二、乙\n二、丙", [("第3段", "错误", "编号重复：第2段已是「二、」")]),
    ("一、甲\n三、乙\n二、丙", [("第2段", "错误", "编号不连续：「一、」（第1段）之后是「三、」，缺「二、」"),
                            ("第3段", "错误", "编号顺序颠倒：「三、」（第2段）之后是「二、」")]),
    ("一、甲\n2.乙", [("第2段", "错误", "编号没有从「1.」开始：这一级的第一个编号是「2.」")]),
    ("1.甲\n2.乙\n1.丙", [("第3段", "提示", "编号重新从「1.」开始（第2段已到「2.」）")]),
    ("一.甲\n二.乙", [("第1段", "提示", "编号写法不规范：「一.」应写作「一、」（本文共2处）")]),
    ("（1）甲\n1.乙", [("第2段", "提示", "层级顺序不对：「1.」一级用在了「（1）」一级之下（应依次为 一、（一）1.（1））")]),
    ("1.甲\n2.乙\n3全面提高\n4.丁", [("第3段", "提示", "编号「3」后面缺少「.」，应写作「3.」")]),
    ("一、甲\n二、存在问题\n5.甲\n6.2号楼漏水", [("第3段", "错误", "编号没有从「1.」开始：这一级的第一个编号是「5.」")]),
    ("三、乙", [("第1段", "错误", "编号没有从「一、」开始：这一级的第一个编号是「三、」")]),
    ("1.完成加固\n3.5万元用于维修", []),  # 3.5万元: a figure, item 2 being due
    ("附件：1.台账\n2.明细\n附件1\n1.说明", []),
])
def test_numbering(text, found):
    document = read_text(text, "t.txt")
    from houqin_report.doccheck.check import check_document

    got = [(f.path, f.level, f.message) for f in check_document(document) if f.kind == "numbering"]
    assert got == found


@pytest.mark.parametrize("text, found", [
    ("共排查出安全隐患11处，已整改9处，整改率为81.8%。", []),
    ("共排查出安全隐患3处，已整改2处，整改率为67%。", []),  # rounded as written
    ("共排查出安全隐患3处，已整改2处，整改率为66.6%。", ["整改率与文中数字不符：已整改2处÷发现3处＝66.7%"]),
    ("共排查出安全隐患5处，已整改6处。", ["已整改数（6处）大于发现数（5处）"]),
    ("共采购物资7批次，总金额13.841万元，其中政府采购7.56万元、自行采购3.281万元、捐赠3万元，政府采购占54.6%。", []),
    ("学校共19所，其中小学12所，初中7所。", []),
    ("学校共19所，其中小学12所，初中8所。", ["分项之和大于总数：12所＋8所＝20所，总数写的是19所"]),
    ("用电量86420千瓦时（上期93580千瓦时），较上期下降7.7%。", []),  # one figure in brackets: no breakdown
    ("投入约20万元，其中区财政12万元、自筹10万元。", []),  # an approximate total is never summed
    ("用水量较上期下降120%。", ["下降的幅度不能超过100%"]),
    ("政府采购占比105%。", ["占比超过了100%"]),
    ("完成率120%。", []),  # a 完成率 may pass 100%
    ("我们主要做了三件事：", []),  # no list follows: nothing to count
    ("主要有2处：东侧围墙、西侧车棚。", []),
    ("主要问题有3处：东侧围墙、西侧车棚。", ["数目与所列不符：写的是“3处”，列出的是2项"]),
    ("421所学校：甲校、乙校等421所学校。", []),
])
def test_arithmetic(text, found):
    from houqin_report.doccheck.check import check_document

    got = [f.message for f in check_document(read_text(text, "t.txt")) if f.kind == "arithmetic"]
    assert got == found


def test_a_sentence_of_a_thousand_characters_is_not_added_up():
    from houqin_report.doccheck.check import check_document

    wrong = "共排查出安全隐患12处（校舍5处、消防4处、用电4处），"
    short = check_document(read_text(wrong + "。", "t.txt"))
    long = check_document(read_text(wrong * 40 + "。", "t.txt"))
    assert [f.message for f in short if f.kind == "arithmetic"] == ["分项之和大于总数：5处＋4处＋4处＝13处，总数写的是12处"]
    assert [f for f in long if f.kind == "arithmetic"] == []


def test_count_before_a_colon_against_the_numbered_paragraphs_after_it():
    from houqin_report.doccheck.check import check_document

    good = "我们主要做了三件事：\n1、栽树\n2、除草\n3、修剪\n二、其他"
    bad = "下面分三个方面做以总结：\n一、主要工作\n1、甲\n二、表现\n三、问题\n四、打算"
    assert [f.message for f in check_document(read_text(good, "t.txt")) if f.kind == "arithmetic"] == []
    assert [(f.path, f.message) for f in check_document(read_text(bad, "t.txt")) if f.kind == "arithmetic"] == [
        ("第1段", "数目与所列不符：写的是“三个方面”，列出的是4项"),
    ]


@pytest.mark.parametrize("text, found", [
    ("2024年2月29日开学。", []),
    ("2023年2月29日开学。", ["日期不存在：2023年2月没有29日"]),
    ("4月31日完成。", ["日期不存在：4月没有31日"]),
    ("2024年6月至2024年3月开展。", ["日期先后颠倒：结束早于开始"]),
    ("2024年3月20日至3月5日开展。", ["日期先后颠倒：结束早于开始"]),
    ("2024年3月1日至6月30日开展。", []),
    ("2024年9月至1月开展。", []),  # into the next year
    ("12月20日发现，1月5日整改。", []),
    ("2023—2025学年第二学期", ["学年应为相邻的两年，如 2023—2024学年"]),
    ("2024年3月18日开工，2024年4月10日完工。", []),
    ("2024年4月开工，2024年4月10日完工。", []),  # a month against a day: cannot tell
    ("3月12日发现，3月1日整改。", ["日期先后颠倒：整改日期早于发现日期（3月12日）"]),
    ("二〇二四年七月五日", []),
    ("二○二四年七月五日", ["年份中的零应写作「〇」"]),
])
def test_dates(text, found):
    from houqin_report.doccheck.check import check_document

    got = [f.message for f in check_document(read_text(text, "t.txt")) if f.kind == "date"]
    assert got == found


# --- half-width punctuation, a pure module ------------------------------------------------


@pytest.mark.parametrize("text, marks, fixed", [
    ("时光飞逝,一段时间", [(4, ",")], "时光飞逝，一段时间"),
    ("共1,200元,其中", [(7, ",")], "共1,200元，其中"),
    ("8:30开会;地点:礼堂", [(6, ";"), (9, ":")], "8:30开会；地点：礼堂"),
    ("安装 Windows (64-bit) 版", [], "安装 Windows (64-bit) 版"),
    ("安装Windows(64位)版", [(9, "("), (13, ")")], "安装Windows（64位）版"),
    ("详见 http://a.cn/?q=1", [], "详见 http://a.cn/?q=1"),
    ("(一)项目", [(0, "("), (2, ")")], "（一）项目"),
    ("H1N1(甲流)防控", [(4, "("), (7, ")")], "H1N1（甲流）防控"),
    ("好, 我们 (注)", [(1, ","), (6, "("), (8, ")")], "好，我们（注）"),
    ("真的吗?是的!", [(3, "?"), (6, "!")], "真的吗？是的！"),
    ("OK! Yes?", [], "OK! Yes?"),
    ("已经全部完成，", [], "已经全部完成，"),
])
def test_half_width_punctuation(text, marks, fixed):
    found = find_half_width(text)
    assert [(m.start, m.mark) for m in found] == marks
    assert all(text[m.start] == m.mark for m in found)
    assert to_full_width(text) == fixed


def test_punctuation_module_stands_alone():
    source = (ROOT / "houqin_report" / "text" / "punctuation.py").read_text(encoding="utf-8")
    imports = re.findall(r"^\s*(?:from|import)\s+(\S+)", source, re.M)
    assert set(imports) <= {"__future__", "re", "dataclasses"}


def test_every_import_of_the_package_goes_through_core():
    folder = ROOT / "houqin_report" / "doccheck"
    for module in folder.glob("*.py"):
        source = module.read_text(encoding="utf-8")
        outside = re.findall(r"^\s*(?:from\s+(?:\.\.|houqin_report)\S*|import\s+houqin_report\S*)", source, re.M)
        if module.name == "core.py":
            assert outside
        else:
            assert outside == [], module.name


# --- reading --------------------------------------------------------------------------------


def test_markdown_blocks_lists_tables_and_signature():
    text = (
        "# 某校后勤工作总结\n\n正文第一行\n接着写，不换段\n\n## 主要工作\n\n"
        "3. 第三项\n4. 第四项\n\n| 序号 | 金额 |\n|---|---|\n| 1 | 5\\.6万元 |\n| 合计 | 5\\.6万元 |\n\n"
        "::: 落款\n某校总务处\n\n2024年7月5日\n:::\n"
    )
    document = read_text(text, "a.md", markdown=True)
    assert [(p.number, p.line, p.style, p.text) for p in document.paragraphs] == [
        (1, 1, "Title", "某校后勤工作总结"),
        (2, 3, "", "正文第一行接着写，不换段"),
        (3, 6, "Heading 1", "主要工作"),
        (4, 8, "", "3.第三项"),
        (5, 9, "", "4.第四项"),
        (6, 17, "落款", "某校总务处"),
        (7, 19, "落款", "2024年7月5日"),
    ]
    assert [(t.number, t.rows, t.after, t.lines) for t in document.tables] == [
        (1, (("序号", "金额"), ("1", "5.6万元"), ("合计", "5.6万元")), 5, (11, 13, 14)),
    ]


def test_text_tables_from_tabs_and_gbk(tmp_path):
    path = tmp_path / "总结.txt"
    path.write_bytes("一、安全\n序号\t金额\n1\t800元\n合计\t900元\n三、采购\n".encode("gbk"))
    assert rows(check_path(path)) == [
        (5, "第2段", "错误", "numbering", "三、采购", "编号不连续：「一、」（第1段）之后是「三、」，缺「二、」"),
        (4, "表1第3行第2列", "错误", "arithmetic", "900元", "合计与本列之和不符：本列各行相加为800元"),
    ]


def test_table_of_groups_each_with_its_total():
    from houqin_report.doccheck.check import check_document

    text = "校区\t金额\n东校区\t1000元\n合计\t1000元\n西校区\t500元\n西校区\t600元\n合计\t1200元\n"
    assert [(f.path, f.message) for f in check_document(read_text(text, "t.txt"))] == [
        ("表1第6行第2列", "合计与本列之和不符：本列各行相加为1100元"),
    ]


def test_a_column_header_gives_its_figures_their_unit():
    from houqin_report.doccheck.check import check_document

    # 金额（万元） over bare figures: 1.2 + 0.8 is 2万元, not the 2.1 written; 人次 is no money.
    text = "序号\t物品\t金额（万元）\t人次\n1\t电脑\t1.2\t30\n2\t桌椅\t0.8\t20\n合计\t2项\t2.1\t50\n"
    assert [(f.path, f.words, f.message) for f in check_document(read_text(text, "t.txt"))] == [
        ("表1第4行第3列", "2.1", "合计与本列之和不符：本列各行相加为2万元"),
    ]


def test_unreadable_documents_say_why(tmp_path):
    (tmp_path / "坏.docx").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "乱码.txt").write_bytes(bytes(range(128, 256)) * 8)
    results = {path.name: problems for path, _, problems in check_paths(sorted(tmp_path.iterdir()))}
    assert [p.message for p in results["坏.docx"]] == ["无法读取：不是有效的 .docx 文件"]
    assert results["坏.docx"][0].hint.startswith("如果是 .doc 或 .wps 文件")
    assert [p.message for p in results["乱码.txt"]] == ["文件编码无法识别"]


# --- the seeds (../shared/seeds), when they are there -----------------------------------


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds 不在（CI 上可能没有 ../shared）")
def test_seeds_known_placeholders_and_numbering_faults():
    def found(name: str) -> set[tuple]:
        path = next(SEEDS.glob(f"{name}_*.txt"))
        return {(f.path, f.kind, f.words, f.message) for f in check_path(path)}

    s000, s001, s002, s003, s004 = (found(n) for n in ("000", "001", "002", "003", "004"))
    assert {
        ("第26段", "placeholder", "整改x", X),
        ("第26段", "placeholder", "整改率为x%", X),
        ("第11段", "placeholder", "x月x日", X),
        ("第21段", "numbering", "(二)、甲流防控一丝不苟,成效突…", "编号写法不规范：「(二)、」应写作「（二）」"),
    } <= s000
    assert ("第3段", "placeholder", "____轮车", "有未填写的空（下划线）") in s001
    assert {
        ("第1段", "placeholder", "XX区", X),
        ("第8段", "placeholder", "*采购", "有星号，可能是被过滤掉的字词，请补全"),
        ("第6段", "numbering", "(一)、盘活土地资源项目取得关键…", "编号写法不规范：「(一)、」应写作「（一）」（本文共10处）"),
    } <= s002
    assert {
        ("第92段", "numbering", "3、学校安全工作自查。", "编号不连续：「1、」（第91段）之后是「3、」，缺「2、」"),
        ("第143段", "numbering", "3全面提高后勤人员素质,服务意识…", "编号「3」后面缺少「.」，应写作「3.」"),
        ("第7段", "numbering", "1.进一步完善校园环境管理,优化…", "层级顺序不对：「1.」一级用在了「(1)」一级之下（应依次为 一、（一）1.（1））"),
        ("第32段", "numbering", "1、加强校园管理,提高校园环境卫…", "同一级编号的写法不一致：此处为「1、」，第7段为「1.」"),
    } <= s003
    assert {
        ("第1段", "placeholder", "20xx年", "年份仍是占位符，请填写实际年份"),
        ("第82段", "date", "二00八年", "年份中的零应写作「〇」"),
    } <= s004
    errors = [f for f in (s000 | s002 | s003) if f[1] == "numbering" and "不连续" in f[3]]
    assert [f[0] for f in errors] == ["第92段"]  # the one real gap; the rest is style


# --- what the tool writes itself ---------------------------------------------------------


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, list[Path]]:
    """For each sample school: its summary and plan as the CLI writes them (and in the 校内
    profile with old-style dates), and the bureau's compiled report of all three."""
    from click.testing import CliRunner

    from houqin_report.cli import main

    out = tmp_path_factory.mktemp("generated")
    files: dict[str, list[Path]] = {}
    runner = CliRunner()
    for sample in sorted(SAMPLES.glob("*.yaml")):
        made = []
        for command, extra in (("summary", ()), ("plan", ()), ("summary", ("--old-date", "--profile", "校内"))):
            target = out / f"{sample.stem}-{command}{'-校内' if extra else ''}.docx"
            result = runner.invoke(main, [command, str(sample), "-o", str(target), *extra], catch_exceptions=False)
            assert result.exit_code == 0, result.output
            made.append(target)
        for command in ("summary", "plan"):
            target = out / f"{sample.stem}-{command}.md"
            assert runner.invoke(main, [command, str(sample), "--format", "md", "-o", str(target)]).exit_code == 0
            made.append(target)
        files[sample.stem] = made
    report = out / "汇总.docx"
    assert runner.invoke(main, ["compile", str(SAMPLES), "-o", str(report)]).exit_code == 0
    files["汇总"] = [report]
    return files


def test_no_finding_on_what_the_tool_writes(generated):
    for paths in generated.values():
        for path in paths:
            assert check_path(path) == [], path


def test_no_finding_against_the_facts_they_were_written_from(generated):
    for sample in sorted(SAMPLES.glob("*.yaml")):
        expected = expect(sample)
        for path in generated[sample.stem]:
            assert check_path(path, expected) == [], path


def test_facts_finds_a_changed_figure_and_a_removed_paragraph(generated, tmp_path):
    source = next(p for p in generated["中南路小学"] if p.name == "中南路小学-summary.docx")
    document = docx.Document(str(source))
    assert replace_in_runs(document, "投资128万元", "投资138万元") == 1
    removed = remove_paragraph(document, "多功能厅改造")
    assert replace_in_runs(document, "宜昌市绿色学校", "宜昌市文明校园") == 1
    document.tables[0].rows[2].cells[8].paragraphs[0].runs[0].text = "2800元"
    row = document.tables[1].rows[3]._tr
    row.getparent().remove(row)
    edited = tmp_path / "改过的总结.docx"
    document.save(str(edited))

    findings = check_path(edited, expect(SAMPLES / "中南路小学.yaml"))
    assert [(f.path, f.level, f.kind, f.words, f.message) for f in findings] == [
        ("第5段后", "错误", "removed", removed[:24] + "…", "删去了由事实生成的一段"),
        ("第8段", "错误", "changed", "138万元", "与事实不符：由事实生成时为「128万元」"),
        ("第23段", "错误", "changed", "宜昌市文明校园", "与事实不符：由事实生成时为「宜昌市绿色学校」"),
        ("表1第3行第9列", "错误", "changed", "2800元", "与事实不符：由事实生成时为「1800元」"),
        # the document's own arithmetic no longer adds up either
        # (the column's figures in 元, as its header 费用（元） says: 10990 is 1.099万元)
        ("表1第13行第9列", "错误", "arithmetic", "10990", "合计与本列之和不符：本列各行相加为1.199万元"),
        ("表2第3行后", "错误", "removed", "3 | 书法桌 | 20套 | 16000 | …", "删去了表中由事实生成的一行"),
        ("表2第7行第2列", "错误", "arithmetic", "6项", "合计与所列行数不符：表中列出5行"),
        ("表2第7行第4列", "错误", "arithmetic", "108410", "合计与本列之和不符：本列各行相加为9.241万元"),
    ]


def test_facts_compares_values_not_spellings(generated, tmp_path):
    source = next(p for p in generated["中南路小学"] if p.name == "中南路小学-summary.docx")
    document = docx.Document(str(source))
    replace_in_runs(document, "投资128万元", "投资1280000元")
    replace_in_runs(document, "2024年7月5日", "二〇二四年七月五日")
    # a column headed 费用（元）: its 1800 typed as 1800元 or 0.18万元 is the same figure
    assert document.tables[0].rows[2].cells[8].text == "1800"
    document.tables[0].rows[2].cells[8].paragraphs[0].runs[0].text = "0.18万元"
    document.save(str(tmp_path / "写法.docx"))
    assert check_path(tmp_path / "写法.docx", expect(SAMPLES / "中南路小学.yaml")) == []


def test_facts_on_a_hand_written_summary_lists_what_it_lacks_and_contradicts(tmp_path):
    path = tmp_path / "手写.txt"
    path.write_text("伍家岗区中南路小学后勤工作总结\n本学期共排查出安全隐患11处，已整改11处，整改率为100%。\n", encoding="utf-8")
    findings = check_path(path, expect(SAMPLES / "中南路小学.yaml"))
    assert findings[0].path == "全文" and findings[0].kind == "unmatched" and findings[0].level == "提示"
    lacking = {f.words for f in findings if f.kind == "removed"}
    assert {"1号教学楼加固及改造", "伍家岗区教育局"} <= lacking and "伍家岗区中南路小学" not in lacking
    assert [(f.path, f.words, f.message) for f in findings if f.kind == "contradiction"] == [
        ("第2段", "整改率为100%", "整改率与事实不符：应为81.8%（发现11处，已整改9处）"),
        ("第2段", "整改11处", "整改数与事实不符：已整改9处（共发现11处）"),
    ]


# --- the command ---------------------------------------------------------------------------


def test_check_a_folder_of_documents_and_facts(run_cli, tmp_path, samples):
    folder = tmp_path / "收到的总结"
    (folder / "东片").mkdir(parents=True)
    shutil.copy(DOCUMENTS / "手写总结-常见错误.txt", folder / "东片" / "甲校.txt")
    handwritten_docx(folder / "乙校.docx")
    (folder / "丙校.md").write_text("# 丙校后勤工作总结\n\n一、安全\n\n二、采购\n", encoding="utf-8")
    shutil.copy(samples[0], folder / samples[0].name)
    (folder / "~$乙校.docx").write_bytes(b"Word's lock file")
    (folder / "说明.pdf").write_bytes(b"%PDF")
    result = run_cli("check", folder)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"✓ {folder / samples[0].name}", f"✓ {folder / '丙校.md'}"]
    err = result.stderr.splitlines()
    assert [line for line in err if not line.startswith("  ")] == [
        f"✗ {folder / '东片' / '甲校.txt'}（17 处文字问题）",
        f"✗ {folder / '乙校.docx'}（11 处文字问题）",
        "2 个文件有问题，共检查 4 个。",
    ]
    assert f"  {folder / '东片' / '甲校.txt'}:10: 第10段: [错误] 编号不连续：「二、」（第6段）之后是「四、」，缺「三、」「四、物资采购」" in err


def test_check_json_for_documents(run_cli, tmp_path):
    path = handwritten_docx(tmp_path / "乙校.docx")
    result = run_cli("check", path, "--format", "json")
    assert result.exit_code == 1
    [entry] = json.loads(result.stdout)
    assert (entry["file"], entry["valid"], entry["problems"]) == (str(path), False, [])
    assert entry["findings"][-1] == {
        "level": "错误", "file": str(path), "line": None, "path": "表2第3行第4列", "kind": "arithmetic", "words": "75%",
        "message": "整改率与本行数字不符：已整改4处÷发现5处＝80%", "other": None, "hint": "",
        "paragraph": None, "table": 2, "row": 3, "column": 4,
    }


def test_check_facts_option(run_cli, generated, tmp_path):
    summary = next(p for p in generated["实验中学"] if p.name == "实验中学-summary.docx")
    ok = run_cli("check", summary, "--facts", SAMPLES / "实验中学.yaml")
    assert (ok.exit_code, ok.stdout) == (0, f"✓ {summary}\n")
    wrong = run_cli("check", summary, "--facts", SAMPLES / "中南路小学.yaml")
    assert wrong.exit_code == 1
    assert f"  {summary}: 第1段: [错误] 与事实不符：由事实生成时为「伍家岗区中南路小学」「伍家岗区实验中学」" in wrong.stderr
    alone = run_cli("check", SAMPLES / "实验中学.yaml", "--facts", SAMPLES / "实验中学.yaml")
    assert alone.exit_code == 2 and "--facts 用于核对文档" in alone.stderr


def test_check_facts_with_an_invalid_facts_file(run_cli, generated, fixtures):
    summary = generated["实验中学"][0]
    bad = fixtures / "invalid" / "bad-values.yaml"
    result = run_cli("check", summary, "--facts", bad)
    assert result.exit_code == 1
    assert f"{bad}:10: 采购[3].金额: 金额不能为负数" in result.stderr


def test_no_traceback_for_unreadable_documents(tmp_path):
    (tmp_path / "坏.docx").write_bytes(b"not a zip")
    (tmp_path / "空.docx").write_bytes(b"")
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "check", str(tmp_path), str(tmp_path / "没有.txt")],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert f"{tmp_path / '没有.txt'}: 文件不存在" in proc.stderr
    assert proc.stderr.count("无法读取：不是有效的 .docx 文件") == 2


def test_many_documents_on_all_cores_in_order(tmp_path, generated):
    source = generated["九年一贯制学校"][0]
    paths = []
    for i in range(24):  # enough for the pool (parallel.MIN_PER_WORKER per worker)
        target = tmp_path / f"{i:02d}.docx"
        shutil.copy(source, target)
        paths.append(target)
    bad = tmp_path / "10.docx"
    bad.write_bytes(b"broken")
    results = list(check_paths(paths, jobs=2))
    assert [path for path, _, _ in results] == paths
    assert [i for i, (_, findings, problems) in enumerate(results) if findings or problems] == [10]
