"""Generate many valid, varied facts files with known totals (for tests and the benchmark).

    python bench/generate.py 1000 /tmp/schools --seed 1

writes 1000 facts files (in one sub-folder per school type) for one bureau and one term and
prints their totals. `generate(n, out_dir, seed)` returns what was written as plain records
(exact Decimal amounts, counts), so a test can add them up itself, independently of the
code under test. The same n and seed always give the same files.

Variety, on purpose: money written as 56000, 56000元, 5.6万, 5.6万元, ¥56,000, 5万6千元 and with
fen; hazards as a list or as totals only, or none; some schools with hazards found and none
fixed; optional 概况 and 排查次数; problems and next steps drawn from themes with variant
wordings (so that grouping has something to find) plus a few of a school's own.
"""
from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml

BUREAU = "示范区教育局"
SCHOOL_YEAR = "2023-2024"
SEMESTER = "第二学期"
TYPES = ("小学", "初中", "九年一贯制", "高中", "幼儿园")
PLACES = (
    "长江路", "黄河路", "东山", "西湖", "南湖", "北城", "桃花岭", "金桥", "文昌", "新华", "胜利", "解放路", "人民路",
    "光明", "幸福", "和平", "建设路", "朝阳", "红星", "青山", "白鹭", "翠屏", "枫林", "柳州路", "梅岭", "兰亭",
    "竹园", "松林", "杏花", "樱桃湾", "滨江", "沿河", "望江", "观澜", "临湖", "映山", "凤凰", "卧龙", "麒麟",
    "天元", "紫阳", "青云", "石门", "铁路", "机场路", "高新", "开发区", "港湾", "花园", "实验",
)
CHANNELS = ("政府采购", "政府采购", "自行采购", "自行采购", "捐赠", "其他")
STATES = ("完工", "在建", "已批复", "申报", "规划")
HAZARD_CATEGORIES = ("校舍", "消防", "用电", "食堂", "周边", "设备", "其他")
TRAINING_TYPES = ("培训", "演练", "安全教育", "会议", "其他")

PROJECTS = ("教学楼加固改造", "运动场改造", "食堂明厨亮灶工程", "视频监控系统升级", "厕所改造", "围墙重建",
            "实验室改造", "宿舍楼维修", "校园绿化提升", "供水管网改造", "消防设施改造", "图书室改造")
HAZARDS = (("教学楼走廊", "栏杆锈蚀松动"), ("配电房", "堆放杂物"), ("食堂操作间", "插座未加防溅盖"),
           ("楼梯间", "应急照明灯不亮"), ("图书室", "灭火器过期"), ("校门口", "无减速带和警示标志"),
           ("操场", "篮球架螺栓松动"), ("学生厕所", "地面瓷砖破损湿滑"), ("屋面", "防水层老化漏水"), ("围墙", "墙体开裂"))
PURCHASES = (("台式电脑", "台", "办公设备"), ("打印机", "台", "办公设备"), ("课桌椅", "套", "教学设备"),
             ("图书", "册", "图书"), ("消毒液等防疫物资", None, "防疫物资"), ("水电维修材料", None, "维修材料"),
             ("多媒体一体机", "台", "教学设备"), ("学生床铺", "张", "其他"))
TRAININGS = (("消防疏散演练", "演练", "全体师生"), ("防溺水安全教育", "安全教育", "全体学生"),
             ("食品安全知识培训", "培训", "食堂从业人员"), ("后勤安全工作会议", "会议", "全体教职工"),
             ("安保人员业务培训", "培训", "门卫及安保人员"), ("防震减灾演练", "演练", "全体师生"), ("校车安全会议", "其他", "驾驶员"))
WORK = (
    ("开学前对全校水电线路、门窗和课桌椅进行了全面检修。", None),
    ("对全校固定资产进行清查，分类录入校产管理系统。", "校产管理"),
    ("推进食堂明厨亮灶建设，坚持食品留样和索证索票制度。", "食堂管理"),
    ("组织后勤人员定期为花坛、草坪除草修剪，校园绿化保持整洁。", None),
    ("加强节水节电管理，教室和办公室落实人走灯灭。", None),
    ("维修工作实行报修登记和维修回访，小修当天完成。", None),
    ("加强住校生管理，宿管人员实行夜间值班巡查。", None),
    ("严格执行政府采购制度，物品采购一律经过审批、验收和入库登记。", None),
    ("开展垃圾分类进校园活动，各班设立分类垃圾桶。", "校园环境"),
    ("组织后勤人员参加业务学习，提升服务水平。", None),
)
HONOURS = ("市级绿色学校", "区级平安校园", "湖北省平安校园", "市级食堂食品安全示范单位", "区后勤管理工作先进单位", "全国文明校园")
PROBLEM_THEMES = (
    ("校舍建成年代早，部分教学楼老化严重，维修任务重、经费压力大。", "部分校舍老化严重，维修任务重，经费压力大。", "教学楼建成年代早，老化严重，维修经费压力大。"),
    ("校门口交通隐患尚未根本解决，需要协调交警部门。", "校门口上下学时段交通拥堵，交通隐患需要协调交警部门解决。"),
    ("后勤人员少，缺少系统的业务培训。", "后勤人员数量少，业务培训不够系统。"),
    ("食堂设施设备陈旧，部分设备需要更新。", "食堂设备陈旧老化，需要更新。"),
    ("宿舍用电负荷上升，电力线路需要扩容。", "宿舍和食堂用电负荷上升，电力线路需要扩容改造。"),
    ("运动场塑胶跑道破损，存在安全隐患。", "运动场跑道破损老化，存在安全隐患。"),
)
NEXT_THEMES = (
    ("积极争取教学楼加固改造项目早日批复实施。", "争取教学楼加固改造项目尽快批复实施。"),
    ("健全后勤人员培训制度，提高维修和服务水平。", "完善后勤人员培训制度，提高服务水平。"),
    ("继续落实节水节电措施，巩固节约型校园建设成果。", "落实节水节电措施，推进节约型校园建设。"),
    ("协调交警部门在校门口设置减速带和警示标志。", "协调交警部门在校门口增设减速带和交通警示标志。"),
    ("更新食堂陈旧设备，提升食堂服务水平。", "更新食堂设备，提升食堂服务质量。"),
)


@dataclass
class GeneratedSchool:
    """What one generated file says, as exact values (amounts in yuan)."""

    file: Path
    school: str
    school_type: str
    students: int | None
    found: int = 0
    fixed: int = 0
    rounds: int | None = None
    projects: list[tuple[str, Decimal | None]] = field(default_factory=list)  # (状态, 金额)
    purchases: list[tuple[str, Decimal]] = field(default_factory=list)  # (渠道, 金额)
    trainings: list[tuple[str, int | None]] = field(default_factory=list)  # (类型, 人数)
    indicators: list[tuple[str, str, Decimal, Decimal | None]] = field(default_factory=list)
    keys: tuple[str, ...] = ()  # the top-level keys written (a key left out is 未填 in a bureau's report)
    work: list[str] = field(default_factory=list)  # the texts as written, for attribution tests
    problems: list[str] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return self.found > 0 and self.fixed == 0

    def reported(self, key: str) -> bool:
        return key in self.keys


def money_text(amount: Decimal, rng: random.Random) -> object:
    """amount (yuan) written one of the ways people write money; parses back to amount exactly."""
    forms: list[object] = [f"{amount}元", f"¥{amount:,}"]
    if amount == amount.to_integral_value():
        forms.append(int(amount))
        if amount >= 10_000:
            wan = format((amount / 10_000).normalize(), "f")
            forms += [f"{wan}万", f"{wan}万元"]
            w, rest = divmod(int(amount), 10_000)
            if rest and rest % 1000 == 0:
                forms.append(f"{w}万{rest // 1000}千元")
    return rng.choice(forms)


def _amount(rng: random.Random, low: int, high: int, fen: bool = False) -> Decimal:
    value = Decimal(rng.randrange(low, high) * 100)
    if fen and rng.random() < 0.3:
        value += Decimal(rng.randrange(1, 100)) / 100
    return value


def _school_name(i: int, school_type: str) -> str:
    place = PLACES[i % len(PLACES)]
    suffix = {"九年一贯制": "九年一贯制学校", "高中": "高级中学", "初中": "中学"}.get(school_type, school_type)
    round_ = i // len(PLACES)
    return f"示范区{place}{'第' + str(round_ + 1) if round_ else ''}{suffix}"


def school_facts(i: int, seed: int) -> tuple[dict, GeneratedSchool]:
    rng = random.Random(f"{seed}-{i}")
    school_type = TYPES[i % len(TYPES)]
    name = _school_name(i, school_type)
    data: dict = {
        "学校": name,
        "上级单位": BUREAU,
        "学校类型": school_type,
        "学年": SCHOOL_YEAR,
        "学期": SEMESTER,
        "落款日期": f"2024-07-{rng.randint(1, 10):02d}",
    }
    students = None
    if rng.random() < 0.9:
        students = rng.randrange(150, 3000)
        data["概况"] = {"学生数": students, "教职工数": rng.randrange(15, 200), "班级数": rng.randrange(6, 60), "校舍面积": f"{rng.randrange(3, 30) * 1000}平方米"}
    record = GeneratedSchool(Path(), name, school_type, students)

    projects = []
    for k in range(rng.randrange(0, 5)):
        state = rng.choice(STATES)
        item: dict = {"名称": f"{rng.choice(PROJECTS)}（{k + 1}）", "状态": state, "资金来源": rng.choice(("区财政", "自筹", "社会捐助"))}
        amount = None
        if rng.random() < 0.85:
            amount = _amount(rng, 100, 20_000)
            item["金额"] = money_text(amount, rng)
        projects.append(item)
        record.projects.append((state, amount))
    if projects:
        data["项目建设"] = projects

    mode = rng.random()
    if mode < 0.6:  # a ledger of hazards
        hazards = []
        for k in range(rng.randrange(1, 12)):
            place, description = rng.choice(HAZARDS)
            day = rng.randint(1, 20)
            h: dict = {"位置": place, "描述": description, "类别": rng.choice(HAZARD_CATEGORIES), "发现日期": f"2024-0{rng.randint(3, 6)}-{day:02d}"}
            if rng.random() < 0.85:
                h["整改日期"] = h["发现日期"][:8] + f"{day + rng.randint(0, 8):02d}"
                h["状态"] = "已整改"
                h["费用"] = money_text(_amount(rng, 0, 50, fen=True), rng)
                record.fixed += 1
            else:
                h["状态"] = rng.choice(("整改中", "未整改"))
            hazards.append(h)
        record.found = len(hazards)
        data["隐患排查"] = {"隐患": hazards}
    elif mode < 0.85:  # totals only
        found = rng.randrange(0, 20)
        fixed = rng.randrange(0, found + 1) if found else 0
        record.found, record.fixed = found, fixed
        data["隐患排查"] = {"发现数": found, "整改数": fixed}
    elif mode < 0.93:  # found some, fixed none yet
        found = rng.randrange(1, 6)
        record.found = found
        data["隐患排查"] = {"发现数": found, "整改数": 0}
    if "隐患排查" in data and rng.random() < 0.8:
        record.rounds = rng.randrange(1, 15)
        data["隐患排查"]["排查次数"] = record.rounds

    purchases = []
    for _ in range(rng.randrange(0, 6)):
        item_name, unit, category = rng.choice(PURCHASES)
        amount = _amount(rng, 5, 3_000, fen=True)
        channel = rng.choice(CHANNELS)
        p: dict = {"物品": item_name, "金额": money_text(amount, rng), "渠道": channel, "类别": category, "日期": f"2024-0{rng.randint(3, 6)}-{rng.randint(1, 28):02d}"}
        if unit:
            p["数量"], p["单位"] = rng.randrange(1, 200), unit
        purchases.append(p)
        record.purchases.append((channel, amount))
    if purchases:
        data["采购"] = purchases

    trainings = []
    for _ in range(rng.randrange(0, 6)):
        title, kind, audience = rng.choice(TRAININGS)
        t: dict = {"名称": title, "类型": kind, "对象": audience, "日期": f"2024-0{rng.randint(3, 6)}-{rng.randint(1, 28):02d}"}
        people = None
        if rng.random() < 0.9:
            people = rng.randrange(5, 3000)
            t["人数"] = people
        if rng.random() < 0.7:
            t["学时"] = rng.choice((1, 2, 3, "1.5"))
        trainings.append(t)
        record.trainings.append((kind, people))
    if trainings:
        data["培训"] = trainings

    work = []
    for text, section in rng.sample(WORK, rng.randrange(2, 6)):
        work.append({"内容": text, "栏目": section} if section else text)
    data["工作"] = work

    indicators = []
    for name, unit, low, high, chance in (("用电量", "千瓦时", 20_000, 300_000, 0.9), ("用水量", "吨", 2_000, 30_000, 0.8), ("食堂满意度", "%", 80, 99, 0.7)):
        if rng.random() < chance:
            current = Decimal(rng.randrange(low, high))
            previous = Decimal(rng.randrange(low, high)) if rng.random() < 0.9 else None
            if unit == "%":
                current += Decimal(rng.randrange(0, 10)) / 10
                previous = previous + Decimal(rng.randrange(0, 10)) / 10 if previous is not None else None
            ind = {"名称": name, "本期": str(current), "单位": unit}
            if previous is not None:
                ind["上期"] = str(previous)
            indicators.append(ind)
            record.indicators.append((name, unit, current, previous))
    if indicators:
        data["指标"] = indicators

    if rng.random() < 0.4:
        data["荣誉"] = rng.sample(HONOURS, rng.randrange(1, 3))
    problems = [rng.choice(theme) for theme in rng.sample(PROBLEM_THEMES, rng.randrange(1, 4))]
    if rng.random() < 0.3:
        problems.append(f"{PLACES[(i * 7) % len(PLACES)]}片区生源增加，第{i + 1}号教室容量不足。")
    data["存在问题"] = problems
    data["下一步"] = [rng.choice(theme) for theme in rng.sample(NEXT_THEMES, rng.randrange(1, 4))]
    record.keys = tuple(data)
    record.work = [w if isinstance(w, str) else w["内容"] for w in work]
    record.problems, record.next_steps = list(problems), list(data["下一步"])
    return data, record


def generate(n: int, out_dir: Path | str, seed: int = 0) -> list[GeneratedSchool]:
    """Write n facts files under out_dir (one folder per school type) and return their records."""
    out_dir = Path(out_dir)
    records = []
    for i in range(n):
        data, record = school_facts(i, seed)
        folder = out_dir / record.school_type
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{i + 1:05d}.yaml"
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
        path.write_text(f"# 生成的测试数据（bench/generate.py，seed={seed}）\n" + text, encoding="utf-8")
        record.file = path
        records.append(record)
    return records


def totals(records: list[GeneratedSchool]) -> dict[str, object]:
    found = sum(r.found for r in records)
    fixed = sum(r.fixed for r in records)
    return {
        "学校": len(records),
        "隐患发现": found,
        "已整改": fixed,
        "采购总额": sum((a for r in records for _, a in r.purchases), Decimal(0)),
        "政府采购": sum((a for r in records for c, a in r.purchases if c == "政府采购"), Decimal(0)),
        "培训次数": sum(len(r.trainings) for r in records),
        "培训人次": sum(p or 0 for r in records for _, p in r.trainings),
        "项目数": sum(len(r.projects) for r in records),
        "项目金额": sum((a for r in records for _, a in r.projects if a is not None), Decimal(0)),
        "发现隐患未整改的学校": sum(1 for r in records if r.flagged),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成 N 个有效的事实文件（同一教育局、同一学期），并打印其合计。")
    parser.add_argument("n", type=int, help="学校数")
    parser.add_argument("out_dir", type=Path, help="输出文件夹")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    records = generate(args.n, args.out_dir, args.seed)
    for key, value in totals(records).items():
        print(f"{key}\t{value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
