"""Spreadsheet formula injection: neutralised on export, restored exactly on import."""

from hypothesis import given
from hypothesis import strategies as st

from clustera.io.spreadsheet import RISKY_FIRST_CHARACTERS, neutralise_formula, restore_formula


def test_every_risky_first_character_gets_a_quote():
    for first in RISKY_FIRST_CHARACTERS:
        assert neutralise_formula(f"{first}cmd|' /C calc'!A0") == f"'{first}cmd|' /C calc'!A0"


def test_numbers_and_plain_text_are_left_alone():
    for value in ("-3.5", "+41", "-1e-05", "12", "Lumen Optics", "", "'quoted text"):
        assert neutralise_formula(value) == value


def test_arithmetic_that_is_not_a_number_is_neutralised():
    assert neutralise_formula("-2+3+cmd|' /C calc'!A0").startswith("'")


@given(st.text())
def test_restore_undoes_neutralise(value):
    assert restore_formula(neutralise_formula(value)) == value


@given(st.text())
def test_a_neutralised_cell_never_starts_a_formula(value):
    cell = neutralise_formula(value)
    if cell.startswith(RISKY_FIRST_CHARACTERS):
        assert restore_formula(cell) == cell  # only numbers start that way
        float(cell)
