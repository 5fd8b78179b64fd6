"""The value parsers: every accepted form, and the rejected ones with their messages."""
import datetime as dt
from decimal import Decimal

import pytest

from houqin_report.facts.values import FuzzyDate, parse_count, parse_date, parse_decimal, parse_money, parse_month


@pytest.mark.parametrize(
    "raw, yuan",
    [
        (56000, "56000"),
        ("56000", "56000"),
        ("56000元", "56000"),
        ("5.6万", "56000"),
        ("5.6万元", "56000"),
        ("5万6千元", "56000"),
        ("5万6千", "56000"),
        ("5万6000元", "56000"),
        ("¥56,000", "56000"),
        ("￥56,000.50", "56000.50"),
        ("1,280,000元", "1280000"),
        ("128万元", "1280000"),
        ("1.2亿", "120000000"),
        ("6千元", "6000"),
        ("460元", "460"),
        ("0.52万元", "5200"),
        (Decimal("5.6"), "5.6"),
        ("３５００元", "3500"),
        (" 5.6 万元 ", "56000"),
    ],
)
def test_money_accepted_forms(raw, yuan):
    assert parse_money(raw) == Decimal(yuan)


def test_money_is_exact_decimal():
    value = parse_money("0.1万")
    assert isinstance(value, Decimal) and value == Decimal("1000")
    assert sum(parse_money(x) for x in ["0.1万", "0.2万"]) == Decimal("3000")


@pytest.mark.parametrize(
    "raw, message",
    [
        ("五万三", "金额“五万三”有歧义（末尾的“三”是三千还是三？），请写明，如 五万三千"),
        ("若干元", "金额“若干元”没有写出数字，请填写实际的数字或约数（如 56000、5.6万元、5万6千元、约400）"),
        ("5万～3万元", "金额“5万～3万元”的范围前大后小"),
        (-500, "金额不能为负数"),
        ("-500元", "金额不能为负数"),
        ("5万3", "金额“5万3”有歧义（末尾的“3”是3千还是3？），请写明，如 5万3千"),
        ("¥5,60,00", "金额“¥5,60,00”的千分位逗号位置不对（如 ¥56,000）"),
        ("x万元", "无法识别的金额“x万元”，应写成 56000、5.6万元、5万6千元"),
        (True, "金额应为数字，如 56000、5.6万元、5万6千元"),
    ],
)
def test_money_rejected_forms(raw, message):
    with pytest.raises(ValueError) as info:
        parse_money(raw)
    assert str(info.value) == message


@pytest.mark.parametrize(
    "raw, expected",
    [
        (dt.date(2024, 4, 15), FuzzyDate(2024, 4, 15)),
        ("2024-04-15", FuzzyDate(2024, 4, 15)),
        ("2024-4-5", FuzzyDate(2024, 4, 5)),
        ("2024年4月15日", FuzzyDate(2024, 4, 15)),
        ("2024/4/15", FuzzyDate(2024, 4, 15)),
        ("2024-04", FuzzyDate(2024, 4)),
        ("2024年4月", FuzzyDate(2024, 4)),
        ("2024.4.15", FuzzyDate(2024, 4, 15)),
    ],
)
def test_date_accepted_forms(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw, message",
    [
        ("2024-02-30", "日期“2024-02-30”不存在"),
        ("2024-13", "日期“2024-13”不存在"),
        ("x月x日", "日期“x月x日”还是占位符，请填写实际日期（如 2024-04-15、2024年4月15日 或 2024年4月）"),
        ("下周一", "无法识别的日期“下周一”，应写成 2024-04-15、2024年4月15日 或 2024年4月"),
        (20240415, "日期应写成 2024-04-15、2024年4月15日 或 2024年4月"),
    ],
)
def test_date_rejected_forms(raw, message):
    with pytest.raises(ValueError) as info:
        parse_date(raw)
    assert str(info.value) == message


def test_month_only_date_is_not_before_a_day_in_it():
    assert not FuzzyDate(2024, 4).before(FuzzyDate(2024, 4, 1))
    assert not FuzzyDate(2024, 4, 30).before(FuzzyDate(2024, 4))
    assert FuzzyDate(2024, 3, 31).before(FuzzyDate(2024, 4))
    assert str(FuzzyDate(2024, 4)) == "2024年4月" and str(FuzzyDate(2024, 4, 5)) == "2024年4月5日"


@pytest.mark.parametrize("raw, n", [(400, 400), ("400", 400), ("400人", 400), ("1560人次", 1560), (0, 0), (Decimal("12"), 12),
                                    ("四百", 400), ("十二次", 12), ("一千二百人", 1200), ("两千", 2000)])
def test_count_accepted(raw, n):
    assert parse_count(raw) == n


@pytest.mark.parametrize(
    "raw, message",
    [
        ("几百", "“几百”没有写出数字，请填写实际的数字或约数（如 400、约400）"),
        ("一二三", "无法识别的数字“一二三”，应写成 400"),
        (-3, "不能为负数"),
        ("-3", "不能为负数"),
        (Decimal("2.5"), "应为整数，不能是小数 2.5"),
        (True, "应为非负整数"),
    ],
)
def test_count_rejected(raw, message):
    with pytest.raises(ValueError) as info:
        parse_count(raw)
    assert str(info.value) == message


@pytest.mark.parametrize("raw, n", [(9, 9), ("9月", 9), ("九月", 9), ("十一月", 11), ("元月", 1), ("2024-09", 9), ("2024年9月", 9), ("12月份", 12)])
def test_month_accepted(raw, n):
    assert parse_month(raw) == n


def test_month_rejected():
    with pytest.raises(ValueError) as info:
        parse_month(13)
    assert str(info.value) == "月份应在 1 到 12 之间，不能是 13"


def test_decimal_figures():
    assert parse_decimal("96.5%") == Decimal("96.5")
    assert parse_decimal(Decimal("86500")) == Decimal("86500")
    with pytest.raises(ValueError) as info:
        parse_decimal("很多")
    assert str(info.value) == "应为数字，如 12345.6，不能写“很多”"


# --- Chinese numerals and approximate figures (issue 13) ---------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from houqin_report.facts.approx import AT_LEAST, AT_MOST, RANGE, Approx  # noqa: E402


def written_in_chinese(n: int) -> str:
    """n < 1亿 written the way a textbook writes it: 一万零五百, 十二, 二十 (an independent writer)."""
    digits = "零一二三四五六七八九"

    def below_10000(m: int, leading: bool) -> str:
        out, zero = "", False
        for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d, m = divmod(m, value)
            if d:
                if zero:
                    out += "零"
                out += ("" if (d == 1 and unit == "十" and not out and leading) else digits[d]) + unit
                zero = False
            elif out:
                zero = True
        return out

    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    if not high:
        return below_10000(low, True)
    text = below_10000(high, True) + "万"
    if low:
        text += ("零" if low < 1000 else "") + below_10000(low, False)
    return text


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals_read_back_exactly(n):
    text = written_in_chinese(n)
    try:
        assert parse_money(text + "元") == Decimal(n)
        assert parse_count(text) == n
    except ValueError as exc:  # only the spoken shorthand (一万五 for 15000) may be refused
        assert "有歧义" in str(exc), (text, exc)


@pytest.mark.parametrize(
    "raw, low, high, kind",
    [
        ("近70万元", 700000, 700000, AT_MOST),
        ("5千余元", 5000, 5000, AT_LEAST),
        ("1千5百多元", 1500, 1500, AT_LEAST),
        ("10万元左右", 100000, 100000, "about"),
        ("3万～5万元", 30000, 50000, RANGE),
        ("3-5万元", 30000, 50000, RANGE),
        ("约五万多元", 50000, 50000, "about"),
        ("近千元", 1000, 1000, AT_MOST),
    ],
)
def test_approximate_money_keeps_its_bounds_and_words(raw, low, high, kind):
    value = parse_money(raw)
    assert value == Approx(Decimal(low), Decimal(high), kind, raw)


def test_a_sum_with_an_approximate_part_is_approximate():
    from houqin_report.facts.approx import total
    from houqin_report.text.numbers import yuan

    exact = total([Decimal(1000), Decimal(2000)])
    assert exact == Decimal(3000) and yuan(exact) == "3000元"
    at_least = total([Decimal(1000), parse_money("5千余元")])
    assert yuan(at_least) == "6000元以上" and at_least.parts == 1
    about = total([parse_money("近70万元"), parse_money("5千余元")])
    assert yuan(about) == "约70.5万元" and about.parts == 2
    ranged = total([parse_money("3万～5万元"), Decimal(10000)])
    assert yuan(ranged) == "约4万元～6万元"
    assert yuan(total([parse_money("近70万元")])) == "近70万元"  # one figure alone keeps its words
