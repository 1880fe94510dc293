"""Amount parsing: every format of the genre, raw ("!") and restored ("€"), and what is not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer.amounts import find_amounts, number_value, parse_amount, table_scale
from grappe.importer.segment import restore_euro

RAW_AND_VALUE = [
    ("385 000!", 385_000),
    ("1,5 M!", 1_500_000),
    ("500 k!", 500_000),
    ("5000 !", 5_000),
    ("3M! /an", 3_000_000),
    ("500 000 !/an", 500_000),
    ("1000!", 1_000),
    ("20 à 30 M!", 20_000_000),
    ("1,3M! d’investissement", 1_300_000),
    ("96 800 M!", 96_800_000_000),
    ("0,4 M!", 400_000),
    ("10 000 ! à plus de", 10_000),
    ("les 40 M!.La structure", 40_000_000),
    ("3 M!12, à comparer", 3_000_000),  # footnote number glued after the sign
]

RESTORED_AND_VALUE = [
    ("385 000 €", 385_000),
    ("1,5 M€", 1_500_000),
    ("500 k€", 500_000),
    ("3 M€ /an", 3_000_000),
    ("500 000 €/an", 500_000),
    ("20 à 30 M€", 20_000_000),
    ("400 à 500 k€", 400_000),
    ("250 k€", 250_000),
    ("12 M€", 12_000_000),
    ("2 Md€", 2_000_000_000),
    ("1,2 Mds€", 1_200_000_000),
    ("3 millions d'euros", 3_000_000),
    ("1,5 million d’euros", 1_500_000),
    ("2 milliards d'euros", 2_000_000_000),
    ("450 000 euros", 450_000),
    ("1.500.000 euros", 1_500_000),
    ("75 000 EUR", 75_000),
    ("1\u00a0500\u00a0000 €", 1_500_000),
]


@pytest.mark.parametrize(("text", "euros"), RAW_AND_VALUE)
def test_raw_extraction_formats(text: str, euros: int) -> None:
    assert parse_amount(text) == pytest.approx(euros)


@pytest.mark.parametrize(("text", "euros"), RESTORED_AND_VALUE)
def test_restored_formats(text: str, euros: int) -> None:
    assert parse_amount(text) == pytest.approx(euros)


@pytest.mark.parametrize(("text", "euros"), RAW_AND_VALUE)
def test_raw_and_restored_agree(text: str, euros: int) -> None:
    """The segmenter's restored passage text reads to the same euros as the raw text."""
    assert parse_amount(restore_euro(text)) == pytest.approx(euros)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [("20 à 30 M!", 20e6, 30e6), ("de 400 à 500 k€", 400e3, 500e3),
     ("400-500 k€", 400e3, 500e3)],
)
def test_ranges_keep_both_ends(text: str, low: float, high: float) -> None:
    (amount,) = find_amounts(text)
    assert (amount.eur, amount.high_eur) == (low, high)


@pytest.mark.parametrize(
    ("text", "per_year"),
    [("3M! /an", True), ("500 000 !/an", True), ("5 M€ par an", True), ("500 k€", False)],
)
def test_yearly_marker(text: str, per_year: bool) -> None:
    (amount,) = find_amounts(text)
    assert amount.per_year is per_year


@pytest.mark.parametrize(
    "text",
    [
        "en 2011 !",  # a year before an exclamation mark
        "créé en 2011 €",  # a year the restorer turned into an amount
        "dont 80% de subventions",
        "assuré à 40 % par le Conseil régional",
        "une équipe de 2,5 ETP",
        "Santé (32ETP)",
        "compte actuellement 150 membres sur les 820 entreprises",
        "! Les entreprises du secteur",  # a bullet
        "Population en 2008 4 M",  # millions of inhabitants, not euros
        "Superficie 12 400 km2",
        "la période 2011- 2013",
        "Trente membres de CLUBTEX !",
        "région10 000",
    ],
)
def test_not_money(text: str) -> None:
    assert find_amounts(text) == []


def test_several_amounts_in_order_with_spans() -> None:
    text = ("démarrant à 150 ! à moins de 1 M! de chiffre d’affaires, pour atteindre 1000! "
            "pour 20 à 30 M!")
    amounts = find_amounts(text)
    assert [a.eur for a in amounts] == [150, 1e6, 1000, 20e6]
    assert [text[a.start : a.end] for a in amounts] == [a.text for a in amounts]


def test_table_in_thousands_reads_bare_cells() -> None:
    line = "Images 140 400 12% 2011 (5 ETP) 1.200 250 k€"
    amounts = find_amounts(line, bare_scale=1000)
    assert [a.eur for a in amounts] == [140_000, 400_000, 1_200_000, 250_000]


def test_a_cell_alone_on_its_line_keeps_its_thousands() -> None:
    assert [a.eur for a in find_amounts("1 200", bare_scale=1000)] == [1_200_000]
    assert [a.eur for a in find_amounts("1 200 300", bare_scale=1000)] == [1_200_300_000]
    assert [a.eur for a in find_amounts("Bois 1 200", bare_scale=1000)] == [1_000, 200_000]


def test_bare_numbers_are_not_money_outside_tables() -> None:
    assert find_amounts("Images 140 400") == []


@pytest.mark.parametrize(
    ("text", "scale"),
    [
        ("Dans le tableau 2011 en k! ci-dessous", 1000),
        ("Tableau 6- Financements 2011 (en k€)", 1000),
        ("montants en milliers d’euros", 1000),
        ("Budgets en M€", 1_000_000),
        ("Tableau 2- Pôles de compétitivité et grappes", 1),
    ],
)
def test_table_scale(text: str, scale: int) -> None:
    assert table_scale(text) == scale


@pytest.mark.parametrize(
    ("text", "value"),
    [("385 000", 385000), ("1,5", 1.5), ("1.500", 1500), ("0,4", 0.4), ("10\u202f000", 10000)],
)
def test_number_value(text: str, value: float) -> None:
    assert number_value(text) == value


# The fast paths of find_amounts give what the plain patterns give.
_MONEY_ALPHABET = "0123456789 \u00a0\u202f,.-–à€!kKMmdsEeUuRrOoſıİK/an x\n"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_MONEY_ALPHABET, max_size=50))
def test_amount_scan_equals_the_pattern_scan(text: str) -> None:
    from grappe.importer import amounts

    expected = [(m.span(), m.groups()) for m in amounts._AMOUNT.finditer(text)]
    assert [(m.span(), m.groups()) for m in amounts._amount_matches(text)] == expected
    assert amounts._may_name_money(text) == bool(amounts._SIGN_HINT.search(text))


@pytest.mark.parametrize("text", ["1 500 000 €", "a12 345 €", "x1,5 M!", "20 à 30 M€", "2011 !",
                                  "3 millions d'EUROS", "3 millions d'euroſ", "2011-2013 €"])
def test_amount_scan_on_examples(text: str) -> None:
    from grappe.importer import amounts

    expected = [(m.span(), m.groups()) for m in amounts._AMOUNT.finditer(text)]
    assert [(m.span(), m.groups()) for m in amounts._amount_matches(text)] == expected
    assert amounts._may_name_money(text) == bool(amounts._SIGN_HINT.search(text))
