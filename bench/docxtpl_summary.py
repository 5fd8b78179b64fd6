"""The benchmark's anchor: the same 工作总结 written the way a Python user would pick,
with docxtpl and a Word template (bench/docxtpl_summary.docx).

    python bench/docxtpl_summary.py samples/中南路小学.yaml out.docx

The facts file is read with yaml.safe_load; the figures of `houqin summary` (project, hazard,
purchase and training totals, the 整改率, amounts in 元/万元, Chinese dates) are computed here in
plain Python; items are filed by their 栏目, or by a few keywords when it is missing. There is
no validation, no line numbers for errors and no prose lint: this is the floor a hand-written
script sets, not an equal of the tool.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml
from docxtpl import DocxTemplate

TEMPLATE = Path(__file__).resolve().parent / "docxtpl_summary.docx"
AREAS = {
    "项目建设": "项目建设稳步推进，办学条件持续改善",
    "安全管理": "扎实开展安全工作，筑牢校园安全防线",
    "资产与采购": "规范物资采购，加强校产管理",
    "食堂与卫生": "加强食堂管理，做好卫生防疫",
    "校园环境": "美化绿化校园，育人环境不断改善",
    "节能降耗": "推进节能降耗，厉行勤俭节约",
    "后勤服务": "服务师生真心实意，后勤保障及时到位",
    "队伍建设": "加强队伍建设，提升服务能力",
    "其他工作": "统筹做好其他各项工作",
}
NAMES = {"校产管理": "资产与采购", "食堂管理": "食堂与卫生", "安全工作": "安全管理", "校园环境": "校园环境"}
KEYWORDS = {
    "安全管理": ("安全", "隐患", "消防", "演练", "监控"), "资产与采购": ("采购", "资产", "校产"),
    "食堂与卫生": ("食堂", "食品", "卫生", "防疫"), "校园环境": ("绿化", "花坛", "草坪", "环境"),
    "节能降耗": ("节水", "节电", "用电", "用水"), "后勤服务": ("维修", "检修", "发放"),
    "队伍建设": ("培训", "会议", "业务"),
}
CN = "〇一二三四五六七八九"


def money(value) -> Decimal:
    """56000, 5.6万, 5万6千元, ¥56,000 → Decimal yuan."""
    text = str(value).replace(",", "").replace("¥", "").replace("元", "").strip()
    total = Decimal(0)
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)([万千百]?)", text):
        total += Decimal(number) * {"万": 10000, "千": 1000, "百": 100, "": 1}[unit]
    return total


def plain(d: Decimal) -> str:
    return str(d.quantize(Decimal(1))) if d == d.to_integral_value() else format(d.normalize(), "f")


def yuan(d: Decimal) -> str:
    return f"{plain(d / 10000)}万元" if d >= 10000 else f"{plain(d)}元"


def date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    parts = [int(p) for p in re.findall(r"\d+", str(value))]
    return f"{parts[0]}年{parts[1]}月" + (f"{parts[2]}日" if len(parts) > 2 else "")


def rate(part: int, whole: int) -> str:
    r = (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{plain(r) if r == r.to_integral_value() else r}%"


def area_of(text: str, given: str | None) -> str:
    if given:
        return NAMES.get(given, given if given in AREAS else "其他工作")
    scores = {key: sum(text.count(w) for w in words) for key, words in KEYWORDS.items()}
    best = max(scores, key=scores.get)
    return best if scores[best] else "其他工作"


def context(facts: dict) -> dict:
    this = "本学期"
    years = str(facts["学年"]).split("-")
    areas: dict[str, list[str]] = {key: [] for key in AREAS}

    projects = facts.get("项目建设") or []
    amounts = [money(p["金额"]) for p in projects if p.get("金额") is not None]
    if projects:
        states = {}
        for p in projects:
            states[p.get("状态", "在建")] = states.get(p.get("状态", "在建"), 0) + 1
        # Decimal(0) to start from: projects without an amount would sum to the int 0.
        areas["项目建设"].append(f"{this}，我校共推进建设项目{len(projects)}项，涉及金额{yuan(sum(amounts, Decimal(0)))}，其中"
                              + "、".join(f"{k}{n}项" for k, n in states.items()) + "。")
        for p in projects:
            line = f"{p['名称']}：项目{p.get('状态', '在建')}"
            if p.get("金额") is not None:
                line += f"，金额{yuan(money(p['金额']))}"
            if p.get("资金来源"):
                line += f"，资金来源为{p['资金来源']}"
            areas["项目建设"].append(line + "。" + (p.get("说明") or ""))

    inspection = facts.get("隐患排查") or {}
    hazards = inspection.get("隐患") or []
    for x in hazards:
        x.setdefault("状态", "已整改" if x.get("整改日期") else "未整改")
    found = len(hazards) if hazards else inspection.get("发现数", 0)
    fixed = sum(1 for x in hazards if x["状态"] == "已整改") if hazards else inspection.get("整改数", 0)
    cost = sum((money(x["费用"]) for x in hazards if x.get("费用") is not None), Decimal(0))
    if inspection:
        areas["安全管理"].append(f"{this}，我校开展安全隐患排查{inspection.get('排查次数', 0)}次，共排查出安全隐患{found}处，"
                              f"已整改{fixed}处，整改率为{rate(fixed, found) if found else '—'}，投入整改费用{yuan(cost)}。")

    purchases = facts.get("采购") or []
    total = sum((money(p["金额"]) for p in purchases), Decimal(0))
    if purchases:
        channels: dict[str, Decimal] = {}
        for p in purchases:
            channels[p.get("渠道", "自行采购")] = channels.get(p.get("渠道", "自行采购"), Decimal(0)) + money(p["金额"])
        areas["资产与采购"].append(f"{this}，我校共采购物资{len(purchases)}批次，总金额{yuan(total)}，其中"
                                + "、".join(f"{k}{yuan(v)}" for k, v in sorted(channels.items(), key=lambda kv: -kv[1])) + "。")

    trainings = facts.get("培训") or []
    for t in trainings:
        kind = t.get("类型", "培训")
        key = "安全管理" if kind in ("演练", "安全教育") else area_of(t["名称"], None)
        areas[key].append(f"{date(t.get('日期'))}，{t.get('组织', '')}组织{t['名称']}，{t.get('对象', '')}共{t.get('人数', 0)}人次参加。")
    for i in facts.get("指标") or []:
        areas["节能降耗" if i["名称"] != "食堂满意度" else "食堂与卫生"].append(
            f"{this}{i['名称']}{i['本期']}{i.get('单位', '')}（上期{i.get('上期', '')}{i.get('单位', '')}）。")
    for item in facts.get("工作") or []:
        text, given = (item, None) if isinstance(item, str) else (item["内容"], item.get("栏目"))
        areas.setdefault(area_of(text, given), []).append(text)

    overview = facts.get("概况") or {}
    numbers = "一二三四五六七八九十"
    shown = [(key, lines) for key, lines in areas.items() if lines]
    names = [n for n, present in (("隐患排查整改台账", bool(hazards)), ("物资采购明细", bool(purchases)), ("培训演练记录", bool(trainings))) if present]
    return {
        "school": facts["学校"], "bureau": facts.get("上级单位", ""), "department": facts.get("部门", "总务处"),
        "period": f"{years[0]}—{years[1]}学年{facts['学期']}", "this": this,
        "overview": "、".join(f"{k}{v}" for k, v in overview.items()),
        "areas": [{"number": numbers[n], "title": AREAS.get(key, key), "lines": lines} for n, (key, lines) in enumerate(shown)],
        "problems": facts.get("存在问题") or [], "next_steps": facts.get("下一步") or [],
        "honours": "、".join(facts.get("荣誉") or []), "attachments": names,
        "signed": date(facts.get("落款日期")),
        "h": {"listed": bool(hazards), "found": found, "fixed": fixed, "rate": rate(fixed, found) if found else "—", "cost": yuan(cost),
              "rows": [{"place": x["位置"], "description": x["描述"], "category": x.get("类别", ""), "found": date(x.get("发现日期")),
                         "fixed": date(x.get("整改日期")), "status": x["状态"], "measure": x.get("措施", ""),
                         "cost": yuan(money(x["费用"])) if x.get("费用") is not None else "", "owner": x.get("责任人", "")} for x in hazards]},
        "u": {"count": len(purchases), "total": yuan(total),
              "rows": [{"item": p["物品"], "quantity": f"{p['数量']}{p.get('单位', '')}" if p.get("数量") else "", "amount": yuan(money(p["金额"])),
                         "channel": p.get("渠道", "自行采购"), "category": p.get("类别", ""), "date": date(p.get("日期")), "note": p.get("说明", "")}
                        for p in purchases]},
        "tr": {"count": len(trainings), "people": sum(t.get("人数") or 0 for t in trainings),
               "hours": plain(sum((Decimal(str(t["学时"])) for t in trainings if t.get("学时") is not None), Decimal(0))),
               "rows": [{"name": t["名称"], "kind": t.get("类型", "培训"), "date": date(t.get("日期")), "audience": t.get("对象", ""),
                          "people": t.get("人数", ""), "hours": t.get("学时", ""), "organizer": t.get("组织", "")} for t in trainings]},
    }


def write(source: Path, out: Path) -> None:
    facts = yaml.safe_load(source.read_text(encoding="utf-8"))
    doc = DocxTemplate(str(TEMPLATE))
    doc.render(context(facts))
    doc.save(str(out))


def main(argv: list[str]) -> int:
    """FACTS OUT.docx; or --all FOLDER OUTDIR: every facts file under FOLDER, one process (the
    benchmark's anchor must run on every file it feeds the tool)."""
    if argv[0] == "--all":
        folder, out_dir = Path(argv[1]), Path(argv[2])
        out_dir.mkdir(parents=True, exist_ok=True)
        for n, source in enumerate(sorted(folder.rglob("*.yaml"))):
            write(source, out_dir / f"{n:06d}.docx")
        return 0
    write(Path(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
