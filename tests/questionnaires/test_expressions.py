"""The safe evaluator: XPath/ODK semantics on small hand-checked cases, and refusals."""

from __future__ import annotations

import datetime as dt
import math
import time

import pytest

from clustera.questionnaires import ExpressionError, parse

TODAY = dt.date(2026, 12, 5)


def value(text, answers=None, current=None):
    return parse(text).evaluate(answers or {}, current=current, today=TODAY)


@pytest.mark.parametrize(
    ("text", "answers", "expected"),
    [
        # arithmetic follows XPath precedence: * div mod before + -, all before comparisons
        ("1 + 2 * 3", {}, 7.0),
        ("(1 + 2) * 3", {}, 9.0),
        ("7 div 2", {}, 3.5),
        ("7 mod 3", {}, 1.0),
        ("-7 mod 3", {}, -1.0),  # XPath mod keeps the dividend's sign (truncated division)
        ("- 2 - -3", {}, 1.0),
        ("${a} + ${b}", {"a": 2, "b": 0.5}, 2.5),
        ("${a} * 2 > 5 and ${a} < 4", {"a": 3}, True),
        ("${a} = 1 or ${a} = 3", {"a": 3}, True),
        # strings and equality: a number on one side makes the comparison numeric
        ("${n} = '5'", {"n": 5}, True),
        ("${n} = 5.0", {"n": 5}, True),
        ("${s} = 'yes'", {"s": "yes"}, True),
        ("${s} != 'yes'", {"s": "no"}, True),
        # ODK empty-value semantics: an unanswered question is ''
        ("${x} = ''", {}, True),
        ("${x} > 5", {}, False),
        ("${x} < 5", {}, False),
        ("${x} = 5", {}, False),
        ("${x} != 5", {}, True),
        ("${x} + 1", {}, math.nan),
        ("string-length(${x})", {}, 0.0),
        ("count-selected(${x})", {}, 0.0),
        ("coalesce(${x}, 'none')", {}, "none"),
        ("coalesce(${y}, 'none')", {"y": "set"}, "set"),
        # choices
        ("selected(${m}, 'b')", {"m": ["a", "b"]}, True),
        ("selected(${m}, 'c')", {"m": ["a", "b"]}, False),
        ("selected(${m}, 'a')", {"m": ["ab"]}, False),  # whole names, not substrings
        ("count-selected(${m})", {"m": ["a", "b", "c"]}, 3.0),
        ("selected(${one}, 'x')", {"one": "x"}, True),
        # functions
        ("string-length('héllo')", {}, 5.0),
        ("if(${a} > 1, 'big', 'small')", {"a": 2}, "big"),
        ("if(${a} > 1, 'big', 'small')", {}, "small"),
        ("int(7.9)", {}, 7.0),
        ("int(-7.9)", {}, -7.0),
        ("number('12.5') * 2", {}, 25.0),
        ("number('abc')", {}, math.nan),
        ("not(${a} = 1)", {"a": 1}, False),
        ("true() and not(false())", {}, True),
        ("regex('AB-123', '^[A-Z]{2}-[0-9]+$')", {}, True),
        ("regex('xAB-123', '^[A-Z]{2}')", {}, False),
        # dates compare as days
        ("${d} < today()", {"d": "2026-12-04"}, True),
        ("${d} >= '2026-01-01'", {"d": dt.date(2026, 3, 1)}, True),
        ("today() - ${d}", {"d": "2026-12-01"}, 4.0),
        ("${d} > today()", {}, False),
        # division by zero as XPath: infinities and NaN, never an exception
        ("1 div 0", {}, math.inf),
        ("0 div 0", {}, math.nan),
    ],
)
def test_values_follow_xpath_and_odk(text, answers, expected):
    result = value(text, answers)
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(result, float) and math.isnan(result)
    else:
        assert result == expected and type(result) is type(expected)


def test_current_value_is_dot():
    assert parse(". >= 1 and . <= 9").holds({}, current=4)
    assert not parse(". >= 1 and . <= 9").holds({}, current=10)
    assert parse("count-selected(.) <= 2").holds({}, current=["a", "b"])
    assert not parse("regex(., '^[0-9]{5}$')").holds({}, current="1234")


def test_references_list_names_once_in_order():
    assert parse("${b} > ${a} and selected(${b}, 'x')").references == ("b", "a")
    assert parse("1 + 1").references == ()


def test_and_or_give_booleans_of_their_operands():
    assert value("${a} = 1 or ${b}", {"a": 1}) is True
    assert value("${a} = 2 and 'text'", {"a": 1}) is False
    assert value("${b} or 0", {"b": "x"}) is True  # a non-empty string is true
    assert value("${b} and 1", {}) is False  # an empty answer is false


@pytest.mark.parametrize(
    ("text", "position", "words"),
    [
        ("pulldata('f', 'c', 'k', 'v')", 0, "unsupported function 'pulldata'"),
        ("__import__('os').system('ls')", 0, "unsupported function '__import__'"),
        ("${a}.__class__", 4, "unexpected '.'"),
        ("eval('1')", 0, "unsupported function 'eval'"),
        ("/data/a = 1", 0, "unsupported character '/'"),
        ("${a} == 1", 6, "unexpected '='"),
        ("${a} = 1;", 8, "unsupported character ';'"),
        ("lambda: 1", 6, "unsupported character ':'"),
        ("selected(${a})", 0, "selected() takes 2 arguments, got 1"),
        ("(1 + 2", 6, "expected ')', found the end"),
        ("1 +", 3, "unexpected end"),
        ("a and b", 0, "unsupported name 'a'"),
        ("regex(., '(')", 0, "invalid regex pattern"),
        ("${a} > 1 ${b}", 9, "unexpected 'b'"),
        ("[1]", 0, "unsupported character '['"),
    ],
)
def test_unsupported_syntax_is_refused_with_its_position(text, position, words):
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    assert caught.value.position == position
    assert words in caught.value.message and caught.value.value == text


def test_runaway_inputs_are_refused_or_capped():
    with pytest.raises(ExpressionError, match="nested deeper"):
        parse("(" * 60 + "1" + ")" * 60)
    with pytest.raises(ExpressionError, match="longer than"):
        parse("1 + " * 600 + "1")
    with pytest.raises(ExpressionError, match="regex pattern longer"):
        parse("regex(., '" + "a" * 300 + "')")
    # a pattern built at run time is capped too: refused quietly as no match
    long_pattern = "a" * 300
    assert value("regex(., ${p})", {"p": long_pattern}, current="a") is False


@pytest.mark.parametrize("pattern", [r"^(\w+\s?)*$", r"^(a|aa)+$", r"^(([a-z])+.)+[A-Z]([a-z])+$"])
def test_backtracking_patterns_cannot_hang_a_submission(pattern):
    started = time.perf_counter()
    matched = parse(f"regex(., '{pattern}')").holds({}, current="a" * 3000 + "!")
    assert matched is False and time.perf_counter() - started < 2.0
