"""houqin_report.text (tokenizer, sections): the domain dictionary, the section table, classify, the jieba cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from houqin_report import cache
from houqin_report.text import sections, tokenizer
from houqin_report.resources import resource_path

REPO = Path(__file__).resolve().parent.parent

SECTION_KEYS = [
    ("项目建设", "校舍建设与改造"),
    ("安全管理", "校园安全"),
    ("资产与采购", "校产管理与物资采购"),
    ("经费管理", "经费预算与财务管理"),
    ("食堂与卫生", "食堂管理与卫生防疫"),
    ("宿舍管理", "学生宿舍管理"),
    ("校园环境", "校园环境建设"),
    ("节能降耗", "节能降耗"),
    ("供暖保障", "冬季供暖保障"),
    ("后勤服务", "后勤服务保障"),
    ("征订管理", "征订与代办服务"),
    ("活动保障", "重大活动保障"),
    ("创建迎检", "创建与迎检工作"),
    ("队伍建设", "后勤队伍建设"),
    ("其他工作", "其他工作"),
]


@pytest.fixture(scope="module", autouse=True)
def _private_cache(tmp_path_factory):
    """Keep the jieba cache this process may write out of the real home folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


def _dict_words() -> list[str]:
    text = resource_path("data", "dict.txt").read_text(encoding="utf-8")
    return [line.split()[0] for line in text.splitlines() if line.strip()]


# --- the domain dictionary ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, word",
    [
        ("食堂全面落实明厨亮灶，实行食品留样", "明厨亮灶"),
        ("共排查出安全隐患16处，整改11处，整改率为69%", "整改率"),
        ("校园安全人防物防技防得到全面落实", "人防物防技防"),
        ("组织开展消防疏散演练2次", "消防疏散演练"),
        ("为全体学生投保校方责任险", "校方责任险"),
        ("抓好固定资产和低值易耗品的管理", "低值易耗品"),
        ("严格执行政府采购制度", "政府采购"),
        ("我县实施营养改善计划的学校共19所", "营养改善计划"),
        ("在多媒体教室应用电子白板开展教学", "电子白板"),
        ("加强校园绿化养护", "绿化养护"),
    ],
)
def test_domain_words_stay_whole(text, word):
    assert word in tokenizer.cut(text)


def test_every_dictionary_word_cuts_whole():
    words = _dict_words()
    assert len(words) > 150
    assert len(set(words)) == len(words), "a word is listed twice in data/dict.txt"
    assert [w for w in words if tokenizer.cut(w) != [w]] == []


def test_substrings_across_words_are_not_found():
    # 学校车棚 is 学校 / 车棚: the search mode never produces 校车 from it.
    assert "校车" not in tokenizer.cut_for_search("及时加固学校车棚")
    # 应用电子白板 is 应用 / 电子白板: 用电 spans two words and is never produced.
    assert "用电" not in tokenizer.cut_for_search("在多媒体教室应用电子白板开展教学")


def test_school_shed_is_not_filed_as_school_bus_safety():
    assert sections.classify("学校车棚顶棚锈蚀漏雨，更换了彩钢瓦") != "安全管理"
    assert sections.classify("学校车棚") == sections.GENERAL
    assert sections.classify("加强校车安全管理") == "安全管理"  # the real word still counts


def test_electronic_whiteboard_is_not_electricity_saving():
    text = "在多媒体教室应用电子白板开展教学"
    assert "节能降耗" not in sections.section_scores(text)


# --- the section table -----------------------------------------------------------------------


def test_sections_are_the_standard_ones_in_order():
    table = sections.load_sections()
    assert [(s.key, s.title) for s in table] == SECTION_KEYS
    general = table[-1]
    assert general.key == sections.GENERAL and not general.keywords
    for s in table[:-1]:
        assert len(s.keywords) >= 15, s.key
        assert all(w > 0 for w in s.keywords.values())


def test_every_keyword_can_match():
    """A keyword counts only when the search-mode cut produces it as a whole token."""
    never = [
        (s.key, word)
        for s in sections.load_sections()
        for word in s.keywords
        if word not in [t.casefold() for t in tokenizer.cut_for_search(word)]
    ]
    assert never == []


def test_long_dictionary_words_do_not_hide_keywords():
    """The search mode adds only the 2- and 3-character words inside a long word, so a long
    dictionary word containing a 4+-character keyword must itself be a keyword of the same
    section (营养改善计划 inside 学生营养改善计划)."""
    owner = {w: s.key for s in sections.load_sections() for w in s.keywords}
    hidden = []
    for word in _dict_words():
        for kw, key in owner.items():
            if len(kw) >= 4 and kw != word and kw in word and owner.get(word) != key:
                hidden.append((word, kw))
    assert hidden == []


# --- section_for_name --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, key",
    [
        ("安全管理", "安全管理"),
        ("安全", "安全管理"),
        ("安全工作", "安全管理"),
        ("平安校园", "安全管理"),
        ("校园安全", "安全管理"),
        ("  安全 工作 ", "安全管理"),
        ("食堂", "食堂与卫生"),
        ("食堂管理", "食堂与卫生"),
        ("卫生", "食堂与卫生"),
        ("防疫", "食堂与卫生"),
        ("食堂管理与卫生防疫", "食堂与卫生"),
        ("采购", "资产与采购"),
        ("校产", "资产与采购"),
        ("资产管理", "资产与采购"),
        ("校产管理与物资采购", "资产与采购"),
        ("绿化", "校园环境"),
        ("环境", "校园环境"),
        ("校园环境建设", "校园环境"),
        ("校园文化建设", "校园环境"),
        ("节能", "节能降耗"),
        ("节水节电", "节能降耗"),
        ("节能降耗工作", "节能降耗"),
        ("服务", "后勤服务"),
        ("后勤服务工作", "后勤服务"),
        ("培训", "队伍建设"),
        ("队伍", "队伍建设"),
        ("后勤队伍建设", "队伍建设"),
        ("基建", "项目建设"),
        ("工程", "项目建设"),
        ("校舍建设与改造", "项目建设"),
        ("项目建设", "项目建设"),
        ("其他", "其他工作"),
        ("其他工作", "其他工作"),
    ],
)
def test_section_for_name(name, key):
    assert sections.section_for_name(name) == key


@pytest.mark.parametrize("name", ["", "   ", "后勤", "管理", "工作", "党建工作", "教学", 42, None])
def test_section_for_name_unknown(name):
    assert sections.section_for_name(name) is None


def test_every_listed_name_maps_to_its_own_section():
    for s in sections.load_sections():
        for name in (s.key, s.title, *s.aliases):
            assert sections.section_for_name(name) == s.key, name


# --- classify ------------------------------------------------------------------------------------

# (sentence, expected section). Sentences marked "seed" are from the seed documents
# (/work/shared/seeds/000, 002, 004), the others are written for this table.
SENTENCES = [
    # seed 000/002
    ("我校1号教学楼始建于1985年，年久失修，学校争取到本学期暑假校舍加固改造工作", "项目建设"),
    ("新建塑胶跑道及篮球场，竣工验收后投入使用", "项目建设"),
    ("学校多次与代建方沟通协调，促成代建方对我校挡土墙和损坏的围墙进行了加固与重建", "项目建设"),
    ("认真隐患排查，积极消除安全隐患。共排查出大小安全隐患16处，整改11，整改率为69%", "安全管理"),
    ("积极建立视频监控，技防设施落实到位，在6个重点部位安装了6个视频监控设备", "安全管理"),
    ("积极组建教师安保队伍，制定了校内安保工作制度，建立了安保人员工作日志", "安全管理"),
    ("积极开展周边环境治理，我校门前交通隐患非常突出，争取在校门口安装减速带", "安全管理"),
    ("为了保障学校的安全，我们给办公室的窗户装上了护栏", "安全管理"),
    ("组织开展消防疏散演练2次，参与师生1800人次", "安全管理"),
    ("为全体学生投保校方责任险，参保率100%", "安全管理"),
    ("资产管理电脑化，物资采购规范化，抓好学校固定资产和低值易耗品的电脑化管理", "资产与采购"),
    ("严格执行政府采购，通过政府采购渠道采购了价值5万6千元的电脑等设备", "资产与采购"),
    ("为12个班级配备了电子白板，在多媒体教室应用电子白板开展教学", "资产与采购"),
    ("甲流防控一丝不苟，每日入校体温筛查、晨午分别复查，定时消毒", "食堂与卫生"),
    ("我县实施农村义务教育学生营养改善计划的学校共19所，采用食堂供餐", "食堂与卫生"),
    ("食堂全面落实明厨亮灶，实行食品留样和校领导陪餐制度", "食堂与卫生"),
    ("我校花坛树木多，绿地面积大，定期杀白蚁，清除操场、花坛、校道周边杂草", "校园环境"),
    ("校园文化正式进入设计阶段，学校与校园文化策划公司签订了校园文化设计合同", "校园环境"),
    ("加强宣传，营造了浓厚的节能减排氛围，督促学校加强用电、用水管理", "节能降耗"),
    ("更换LED节能灯具300盏，学校用电量较上年下降12%", "节能降耗"),
    ("开学前将所有新书、办公教学用品全部购买到位，检修了水电，后勤保障到位", "后勤服务"),
    ("及时维修门窗、课桌椅和水电设施，做到随叫随到", "后勤服务"),
    ("冬季及时检修锅炉，保证教室供暖", "供暖保障"),
    ("缺少对后勤人员的培训工作，对后勤人员的培训有利于提高后勤人员的工作积极性", "队伍建设"),
    ("后勤人员参加区教育局组织的业务培训，提升服务水平", "队伍建设"),
    # no section clearly leads, or none applies: the general section
    ("完成了学校年度统计报表的填报工作", "其他工作"),
    ("按时完成工会慰问和离退休教职工走访工作", "其他工作"),
    ("配合上级做好迎接督导检查的各项材料准备", "创建迎检"),
    ("学校产生的各项费用按规定入账", "其他工作"),
    ("工作内容上对财务，基建，水电，绿化，教师伙食样样要管", "其他工作"),
    ("学校车棚", "其他工作"),
    ("", "其他工作"),
]


@pytest.mark.parametrize("text, expected", SENTENCES)
def test_classify(text, expected):
    assert sections.classify(text) == expected


def test_classify_table_accuracy():
    right = sum(sections.classify(t) == e for t, e in SENTENCES)
    assert right == len(SENTENCES)


def test_classify_is_deterministic_and_needs_a_clear_lead():
    text = "定时消毒，及时维修"  # 消毒 (食堂与卫生 2) ties with 维修 (后勤服务 2)
    scores = sections.section_scores(text)
    assert scores == {"食堂与卫生": 2.0, "后勤服务": 2.0}
    assert [sections.classify(text) for _ in range(3)] == [sections.GENERAL] * 3
    assert sections.classify("维修") == "后勤服务"  # 2.0 reaches the minimum on its own
    assert sections.classify("检查") == sections.GENERAL


def test_scores_count_repeats_and_fold_width():
    assert sections.section_scores("食堂，食堂") == {"食堂与卫生": 6.0}
    assert sections.classify("更换ＬＥＤ灯具") == "节能降耗"  # full-width letters


# --- the cache and the quiet start ----------------------------------------------------------------

_PROBE = """
import json, sys
import houqin_report.text.sections as s
import houqin_report.text.tokenizer as t
before = "jieba" in sys.modules
key = s.classify("食堂全面落实明厨亮灶")
print(json.dumps({"before": before, "key": key, "cache": str(t.cache_path()),
                  "pkg_resources": sys.modules.get("pkg_resources", "absent") is None,
                  "cut": t.cut("整改率为69%")}))
"""


def _probe(env_cache: Path | str) -> tuple[dict, str]:
    env = dict(os.environ)
    env["XDG_CACHE_HOME"] = str(env_cache)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, cwd=REPO, capture_output=True, text=True,
        encoding="utf-8", timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), proc.stderr


def test_cache_is_written_in_the_user_cache_folder(tmp_path):
    cache = tmp_path / "houqin-report" / "jieba.cache"
    out, err = _probe(tmp_path)
    assert out["before"] is False  # importing the module does not import jieba
    assert out["key"] == "食堂与卫生"
    assert out["cut"][0] == "整改率"
    assert out["cache"] == str(cache)
    assert out["pkg_resources"] is False  # the import-time block was lifted
    assert err == ""  # no jieba log lines, no warnings
    assert cache.is_file() and cache.stat().st_size > 1_000_000
    assert [p.name for p in cache.parent.iterdir()] == ["jieba.cache"]  # no temp files left

    # A second run loads the cache and leaves it as it was.
    stamp = cache.stat().st_mtime_ns
    out2, err2 = _probe(tmp_path)
    assert out2 == out and err2 == ""
    assert cache.stat().st_mtime_ns == stamp


def test_a_broken_cache_is_rebuilt_quietly(tmp_path):
    cache = tmp_path / "houqin-report" / "jieba.cache"
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not a marshal file")
    out, err = _probe(tmp_path)
    assert out["key"] == "食堂与卫生" and err == ""
    assert cache.stat().st_size > 1_000_000


def test_an_unwritable_cache_folder_only_costs_time(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go")
    out, err = _probe(blocker)
    assert out["key"] == "食堂与卫生" and out["cut"][0] == "整改率"
    assert err == ""


def test_cache_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert tokenizer.cache_path() == tmp_path / "houqin-report" / "jieba.cache"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # ignored, as the XDG spec says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if os.name != "nt":
        assert cache.cache_dir() == tmp_path / "home" / ".cache" / "houqin-report"
