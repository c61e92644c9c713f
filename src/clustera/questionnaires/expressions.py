"""A safe evaluator of the XLSForm expression subset used in ``relevant``, ``constraint``, ``required``.

Text is tokenised and parsed by recursive descent into a small tree that is walked to evaluate
it; nothing is ever handed to Python's ``eval``. Anything outside the subset (XPath paths,
``pulldata``, ``__import__(...)``) is refused by :func:`parse` with its position. ``regex()``
runs on the ``regex`` package with a time limit, so a pattern cannot hang a submission.

Values follow XPath 1.0 as ODK Collect (JavaRosa) and Enketo apply it: an answer is read as its
string (an unanswered question is ``''``, a multiple choice is its choice names joined by
spaces); ``=`` and ``!=`` compare as numbers when one side is a number, as booleans when one side
is a boolean, else as strings; ``<``, ``<=``, ``>``, ``>=`` and arithmetic convert both sides to
numbers, and ``''`` converts to NaN, so ``${age} > 5`` and ``${age} = 5`` are false while
``${age} != 5`` is true for an unanswered ``age``. ISO dates (``'2026-01-31'``) convert to days
since 1970-01-01, so dates compare with each other and with ``today()``.

>>> parse("${employees} >= 10 and selected(${services}, 'prototyping')").evaluate(
...     {"employees": 12, "services": ["training", "prototyping"]})
True
>>> parse("${budget} div 1000 + 1").evaluate({"budget": 25000})
26.0
>>> parse("${age} > 5").evaluate({}), parse("${age} != 5").evaluate({})
(False, True)
>>> parse("${a}").references
('a',)

References
----------
ODK XForms specification, "XPath operators" and "XPath functions",
https://getodk.github.io/xforms-spec/ ; W3C, XML Path Language (XPath) 1.0, sections 3.4-4.4.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex

from clustera.errors import InvalidInputError
from clustera.questionnaires._values import Value, boolean, equal, number, string, to_value

__all__ = ["FUNCTIONS", "Expression", "ExpressionError", "Value", "parse", "to_value"]

MAX_LENGTH = 2_000
MAX_DEPTH = 40
REGEX_MAX_PATTERN = 200
REGEX_MAX_INPUT = 10_000
REGEX_TIMEOUT_SECONDS = 0.1
_TOKEN = re.compile(
    r"""(?P<space>\s+)
    |\$\{(?P<ref>[A-Za-z_][A-Za-z0-9_.\-]*)\}
    |(?P<num>\d+(?:\.\d+)?|\.\d+)
    |(?P<str>'[^']*'|"[^"]*")
    |(?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,|\.)
    |(?P<name>[A-Za-z_][A-Za-z0-9_\-]*)""",
    re.VERBOSE,
)


class ExpressionError(InvalidInputError):
    """An expression outside the supported subset; ``position`` is the 0-based offset."""

    def __init__(self, message: str, *, text: str, position: int) -> None:
        self.position = position
        super().__init__(f"{message} at position {position}", value=text)


@dataclass(frozen=True)
class _Node:
    kind: str  # literal, ref, current, neg, binary, call
    value: Value = ""
    name: str = ""
    args: tuple[_Node, ...] = ()


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its text, the ``${names}`` it reads, and :meth:`evaluate`."""

    text: str
    references: tuple[str, ...]
    _root: _Node

    def evaluate(
        self,
        answers: Mapping[str, object],
        *,
        current: object = None,
        today: dt.date | None = None,
    ) -> Value:
        """The value of the expression given the answers so far (``.`` is ``current``)."""
        context = _Context(answers, to_value(current), today or dt.date.today())
        return _evaluate(self._root, context)

    def holds(
        self, answers: Mapping[str, object], *, current: object = None, today: dt.date | None = None
    ) -> bool:
        """The expression's value read as a boolean (XPath ``boolean()``)."""
        return boolean(self.evaluate(answers, current=current, today=today))


@lru_cache(maxsize=4096)
def parse(text: str) -> Expression:
    """Parse an expression of the supported subset, or raise :class:`ExpressionError`.

    >>> parse("pulldata('x', 'y')")
    Traceback (most recent call last):
    ...
    clustera.questionnaires.expressions.ExpressionError: value "pulldata('x', 'y')": unsupported function 'pulldata' at position 0
    """
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"longer than {MAX_LENGTH} characters", text=text, position=0)
    parser = _Parser(text, _tokenise(text))
    root = parser.expression()
    parser.expect_end()
    return Expression(text=text, references=tuple(dict.fromkeys(parser.references)), _root=root)


def _tokenise(text: str) -> list[tuple[str, str, int]]:
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionError(
                f"unsupported character {text[position]!r}", text=text, position=position
            )
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append((kind, match.group(kind), position))
        position = match.end()
    tokens.append(("end", "", len(text)))
    return tokens


_COMPARISON = ("=", "!=", "<", "<=", ">", ">=")


class _Parser:
    """Recursive descent over XPath precedence: or, and, equality, relational, +-, * div mod."""

    _LEVELS: tuple[tuple[str, ...], ...] = (
        ("or",),
        ("and",),
        ("=", "!="),
        ("<", "<=", ">", ">="),
        ("+", "-"),
        ("*", "div", "mod"),
    )

    def __init__(self, text: str, tokens: list[tuple[str, str, int]]) -> None:
        self.text = text
        self.tokens = tokens
        self.index = 0
        self.depth = 0
        self.references: list[str] = []

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.index]

    def fail(self, message: str, position: int | None = None) -> ExpressionError:
        where = self.peek()[2] if position is None else position
        return ExpressionError(message, text=self.text, position=where)

    def take(self, text: str) -> None:
        kind, token, position = self.peek()
        if token != text or kind not in ("op", "name"):
            found = repr(token) if kind != "end" else "the end"
            raise self.fail(f"expected {text!r}, found {found}")
        self.index += 1

    def expect_end(self) -> None:
        kind, token, _ = self.peek()
        if kind != "end":
            raise self.fail(f"unexpected {token!r}")

    def expression(self, level: int = 0) -> _Node:
        if level == len(self._LEVELS):
            return self.unary()
        node = self.expression(level + 1)
        while True:
            kind, token, _ = self.peek()
            if kind not in ("op", "name") or token not in self._LEVELS[level]:
                return node
            self.index += 1
            node = _Node("binary", name=token, args=(node, self.expression(level + 1)))

    def unary(self) -> _Node:
        kind, text, _ = self.peek()
        if kind == "op" and text == "-":
            self.index += 1
            return _Node("neg", args=(self.unary(),))
        return self.primary()

    def primary(self) -> _Node:
        kind, text, position = self.peek()
        self.index += 1
        if kind == "num":
            return _Node("literal", value=float(text))
        if kind == "str":
            return _Node("literal", value=text[1:-1])
        if kind == "ref":
            self.references.append(text)
            return _Node("ref", name=text)
        if kind == "op" and text == ".":
            return _Node("current")
        if kind == "op" and text == "(":
            return self.nested(self.expression, close=True)
        if kind == "name" and self.peek()[1] == "(":
            return self.call(text, position)
        if kind == "name":
            raise self.fail(
                f"unsupported name {text!r} (refer to questions as ${{name}})", position
            )
        raise self.fail(f"unexpected {text!r}" if kind != "end" else "unexpected end", position)

    def nested(self, parse_inner: Callable[[], _Node], *, close: bool) -> _Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.fail(f"nested deeper than {MAX_DEPTH} levels")
        node = parse_inner()
        if close:
            self.take(")")
        self.depth -= 1
        return node

    def call(self, name: str, position: int) -> _Node:
        if name not in FUNCTIONS:
            raise self.fail(f"unsupported function {name!r}", position)
        self.take("(")
        args: list[_Node] = []
        if self.peek()[1] != ")":
            args.append(self.nested(self.expression, close=False))
            while self.peek()[1] == ",":
                self.index += 1
                args.append(self.nested(self.expression, close=False))
        self.take(")")
        low, high, _ = FUNCTIONS[name]
        if not low <= len(args) <= high:
            expected = str(low) if low == high else f"{low} to {high}"
            raise self.fail(f"{name}() takes {expected} arguments, got {len(args)}", position)
        if name == "regex" and args[1].kind == "literal":
            _check_pattern(str(args[1].value), self, position)
        return _Node("call", name=name, args=tuple(args))


def _check_pattern(pattern: str, parser: _Parser, position: int) -> None:
    if len(pattern) > REGEX_MAX_PATTERN:
        raise parser.fail(f"regex pattern longer than {REGEX_MAX_PATTERN} characters", position)
    try:
        regex.compile(pattern)
    except regex.error as error:
        raise parser.fail(f"invalid regex pattern ({error})", position) from error


@dataclass(frozen=True)
class _Context:
    answers: Mapping[str, object]
    current: Value
    today: dt.date


def _evaluate(node: _Node, context: _Context) -> Value:
    if node.kind == "literal":
        return node.value
    if node.kind == "ref":
        return to_value(context.answers.get(node.name))
    if node.kind == "current":
        return context.current
    if node.kind == "neg":
        return -number(_evaluate(node.args[0], context))
    if node.kind == "binary":
        return _binary(node, context)
    _, _, function = FUNCTIONS[node.name]
    return function(node.args, context)


def _binary(node: _Node, context: _Context) -> Value:
    left_node, right_node = node.args
    if node.name in ("and", "or"):
        first = boolean(_evaluate(left_node, context))
        if first == (node.name == "or"):
            return first
        return boolean(_evaluate(right_node, context))
    left, right = _evaluate(left_node, context), _evaluate(right_node, context)
    if node.name in ("=", "!="):
        return equal(left, right) == (node.name == "=")
    a, b = number(left), number(right)
    if node.name in _COMPARISON:
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[node.name]
    if node.name == "+":
        return a + b
    if node.name == "-":
        return a - b
    if node.name == "*":
        return a * b
    if node.name == "div":
        return a / b if b else (math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a))
    return math.fmod(a, b) if b else math.nan


def _regex(args: Sequence[_Node], context: _Context) -> Value:
    """``regex()`` with caps on pattern, input and time, since respondents supply the input;
    any pattern or input over a cap, a bad pattern or a timeout reads as no match."""
    text, pattern = (string(_evaluate(a, context)) for a in args)
    if len(pattern) > REGEX_MAX_PATTERN or len(text) > REGEX_MAX_INPUT:
        return False
    try:
        return regex.search(pattern, text, timeout=REGEX_TIMEOUT_SECONDS) is not None
    except (regex.error, TimeoutError):
        return False


def _if(args: Sequence[_Node], context: _Context) -> Value:
    condition = boolean(_evaluate(args[0], context))
    return _evaluate(args[1] if condition else args[2], context)


def _coalesce(args: Sequence[_Node], context: _Context) -> Value:
    first = _evaluate(args[0], context)
    return first if string(first) != "" else _evaluate(args[1], context)


def _int(args: Sequence[_Node], context: _Context) -> Value:
    value = number(_evaluate(args[0], context))
    return float(math.trunc(value)) if math.isfinite(value) else value


def _one(function: Callable[[Value], Value]) -> Callable[[Sequence[_Node], _Context], Value]:
    return lambda args, context: function(_evaluate(args[0], context))


def _two(function: Callable[[Value, Value], Value]) -> Callable[[Sequence[_Node], _Context], Value]:
    return lambda args, context: function(_evaluate(args[0], context), _evaluate(args[1], context))


FUNCTIONS: dict[str, tuple[int, int, Callable[[Sequence[_Node], _Context], Value]]] = {
    "selected": (2, 2, _two(lambda a, b: string(b).strip() in string(a).split())),
    "count-selected": (1, 1, _one(lambda a: float(len(string(a).split())))),
    "string-length": (1, 1, _one(lambda a: float(len(string(a))))),
    "regex": (2, 2, _regex),
    "today": (0, 0, lambda args, context: context.today),
    "if": (3, 3, _if),
    "coalesce": (2, 2, _coalesce),
    "int": (1, 1, _int),
    "number": (1, 1, _one(number)),
    "not": (1, 1, _one(lambda a: not boolean(a))),
    "true": (0, 0, lambda args, context: True),
    "false": (0, 0, lambda args, context: False),
}
"""Supported functions: name to (fewest arguments, most arguments, implementation)."""
