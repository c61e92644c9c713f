"""No function in src/ is over 80 lines of code unless a comment says why (issue 13, STYLE.md 13).

Lines of code: the body's lines that are not blank, a comment or the docstring. A function may go over
the limit when a ``# long: <reason>`` comment stands on its ``def`` line or the line
after it.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "clustera"
LIMIT = 80


def code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> int:
    """Lines of code of a function's body: not its signature, docstring, blanks or comments."""
    statements = node.body
    if ast.get_docstring(node, clean=False) is not None:
        statements = statements[1:]
    if not statements:
        return 0
    body = lines[statements[0].lineno - 1 : node.end_lineno]
    return sum(1 for line in body if line.strip() and not line.strip().startswith("#"))


def long_functions(root: Path = SOURCE) -> list[str]:
    """``path:line name (N lines)`` of every function over the limit without a reason."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            head = " ".join(lines[node.lineno - 1 : node.lineno + 1])
            if "# long:" in head:
                continue
            size = code_lines(node, lines)
            if size > LIMIT:
                found.append(f"{path.relative_to(root)}:{node.lineno} {node.name} ({size} lines)")
    return found


def test_no_function_is_over_80_lines_of_code_without_a_reason():
    assert long_functions() == []


def test_the_check_counts_code_not_docstrings_or_comments(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(LIMIT))
    (tmp_path / "ok.py").write_text(
        f'def fits():\n    """Doc.\n\n    More doc.\n    """\n    # a comment\n\n{body}\n'
    )
    (tmp_path / "long.py").write_text(f"def too_long():\n{body}\n    return x0\n")
    (tmp_path / "why.py").write_text(
        f"def explained():  # long: one table of {LIMIT} rows\n{body}\n    return x0\n"
    )
    assert long_functions(tmp_path) == [f"long.py:1 too_long ({LIMIT + 1} lines)"]
