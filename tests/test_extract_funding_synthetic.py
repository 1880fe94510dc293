"""Funding extraction on synthetic monographs of other regions (their own structures, funders,
amounts and layouts) and on single sentences of the genre."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer.extract import funding
from grappe.importer.facts import Facts, FundingFact
from grappe.importer.segment import segment

SYNTHETIC = Path(__file__).parent / "fixtures" / "synthetic"
Records = list[FundingFact]


def _records_of(name: str) -> Records:
    text = (SYNTHETIC / name).read_text("utf-8")
    return funding.extract(name, segment(text), Facts()).funding


def _by_amount(records: Records) -> dict[float, Records]:
    found: dict[float, Records] = {}
    for record in records:
        found.setdefault(record.amount_eur, []).append(record)
    return found


# --- Bretagne: a k€ table with funder columns, "chacun", capital shares, payer verbs ---------

@pytest.fixture(scope="module")
def bretagne() -> Records:
    return _records_of("funding-bretagne.txt")


def test_bretagne_table_in_thousands_with_funder_columns(bretagne: Records) -> None:
    rows = [r for r in bretagne if r.evidence[0].quote.startswith("NAVICLUB ")]
    assert [(r.amount_eur, r.funder_key, r.kind) for r in rows] == [
        (120_000, "etat", "subvention"), (80_000, "conseil-regional", "subvention"),
        (40_000, "feder", "subvention"), (240_000, None, "total")]
    assert {r.recipient_key for r in rows} == {"naviclub"}
    assert {r.period for r in rows} == {"2013"}
    totals = [r for r in bretagne if r.evidence[0].quote.startswith("Total ")]
    assert len(totals) == 4
    assert all(r.recipient_key is None and r.kind == "total" for r in totals)


def test_bretagne_budget_paid_by_each_funder(bretagne: Records) -> None:
    by_amount = _by_amount(bretagne)
    each = [r for r in by_amount[120_000] if r.amount_text == "120 000 €"]
    assert sorted(r.funder_key for r in each) == ["conseil-regional", "etat"]
    assert {r.recipient_key for r in each} == {"naviclub"}
    assert [(r.recipient_key, r.funder_key) for r in by_amount[50_000]] == [
        ("naviclub", "brest-metropole")]


def test_bretagne_shares(bretagne: Records) -> None:
    capital = [r for r in bretagne if r.amount_text.endswith("de 2 M€")]
    assert {r.funder_key: r.amount_eur for r in capital} == {
        "conseil-regional": 1_200_000, "brest-metropole": 500_000, "conseil-general": 300_000}
    assert {r.recipient_key for r in capital} == {"gip-campus-ocean"}  # "Le GIP dispose…"
    budget = {r.funder_key: r.amount_eur for r in bretagne if "de 1,2 M€" in r.amount_text}
    assert budget == {"conseil-regional": 600_000, "etat": 240_000}
    subsidies = [r for r in _by_amount(bretagne)[240_000] if r.recipient_key == "port-technopole"]
    assert [r.kind for r in subsidies] == ["subvention"]  # "dont 30% de subventions"


def test_bretagne_pronouns_periods_payers(bretagne: Records) -> None:
    by_amount = _by_amount(bretagne)
    (state,) = by_amount[450_000]
    assert (state.recipient_key, state.funder_key, state.period) == ("mai", "etat", "2012-2014")
    (bank,) = [r for r in by_amount[300_000] if r.amount_text == "300 k€"]
    assert (bank.recipient_key, bank.funder_key, bank.period) == (
        "mai", "bpifrance", "sur deux ans")
    (fund,) = by_amount[1_500_000]
    assert (fund.recipient_key, fund.kind, fund.period) == ("mai", "fonds", "/an")
    (fee,) = by_amount[3_000]  # "Le pôle MAI paie une cotisation de 3 000! à la grappe NAVICLUB"
    assert (fee.recipient_key, fee.funder_key, fee.kind) == ("naviclub", "mai", "cotisation")
    assert [(r.recipient_key, r.kind) for r in by_amount[800_000]] == [
        ("port-technopole", "budget")]
    respectively = by_amount[1_100_000] + by_amount[900_000]
    assert [(r.funder_key, r.recipient_key) for r in respectively] == [
        ("conseil-regional", None), ("etat", None)]


# --- Lorraine: "million d'euros", a table announced in its own lines, funders as labels -------

@pytest.fixture(scope="module")
def lorraine() -> Records:
    return _records_of("funding-lorraine.txt")


def test_lorraine_million_words_and_funders(lorraine: Records) -> None:
    first, second = lorraine[:2]
    assert (first.amount_eur, first.funder_key, first.kind, first.period) == (
        1.2e6, "conseil-regional", "subvention", "2012")
    assert "lorrains" in first.recipient_key and second.recipient_key == first.recipient_key
    assert (second.amount_eur, second.funder_key) == (0.8e6, "union-europeenne")


def test_lorraine_table_in_thousands_announced_inside_the_table(lorraine: Records) -> None:
    rows = [(r.recipient_key, r.funder_key, r.amount_eur, r.kind) for r in lorraine
            if r.evidence[0].quote.startswith(("MAL ", "Grappe BoisLor\n"))]
    assert rows == [
        ("mal", "etat", 300e3, "subvention"), ("mal", "conseil-regional", 450e3, "subvention"),
        ("mal", "conseil-general", 50e3, "subvention"), ("mal", None, 800e3, "total"),
        ("boislor", "etat", 90e3, "subvention"),
        ("boislor", "conseil-regional", 60e3, "subvention"),
        ("boislor", "conseil-general", 10e3, "subvention"), ("boislor", None, 160e3, "total")]


def test_lorraine_table_flattened_one_cell_per_line(lorraine: Records) -> None:
    cells = [(r.recipient_key, r.amount_eur, r.kind, r.period) for r in lorraine
             if r.evidence[0].quote.startswith(("BoisLor\n", "MAL\n"))]
    assert cells == [("boislor", 650e3, "budget", "2012"), ("mal", 1.2e6, "budget", "2012")]


def test_lorraine_funders_listed_as_labels_give_to_the_section_structure(
        lorraine: Records) -> None:
    listed = [(r.recipient_key, r.funder_key, r.kind) for r in lorraine
              if r.amount_text in ("90 k€", "60 k€", "24 k€")]
    assert listed == [("boislor", "etat", "subvention"),
                      ("boislor", "conseil-regional", "subvention"),
                      ("boislor", None, "cotisation")]
    (public,) = [r for r in lorraine if r.amount_text == "60 % de 650 k€"]
    assert (public.amount_eur, public.kind) == (390e3, "subvention")
    (fee,) = [r for r in lorraine if r.amount_eur == 300]
    assert (fee.kind, fee.period, fee.funder_key) == ("cotisation", "/an", "entreprises")
    (state,) = [r for r in lorraine if r.amount_eur == 150e3]
    assert (state.recipient_key, state.funder_key, state.period) == (
        "boislor", "etat", "2010-2012")


# --- single sentences ----------------------------------------------------------------------

def _read(text: str) -> Records:
    body = "Introduction \n \n" + text + " \n"
    return funding.extract("inline", segment(body), Facts()).funding


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Le Conseil régional finance aussi la grappe NOVA à hauteur de 93 800 \n! chacun avec "
         "l’Etat.", [("nova", "conseil-regional"), ("nova", "etat")]),
        ("La grappe d’entreprises KELTIA reçoit 500 k! du FEDER.", [("keltia", "feder")]),
        ("La grappe d’entreprises KELTIA dispose d’un budget de 385 000! en 2011.",
         [("keltia", None)]),
        ("Le pôle ARMOR a obtenu un financement DATAR de 250 000 ! sur trois ans.",
         [("armor", "datar")]),
    ],
)
def test_small_constructions(sentence: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(r.recipient_key, r.funder_key) for r in _read(sentence)] == expected


def test_years_percentages_staff_and_bullets_are_not_amounts() -> None:
    text = ("Le pôle ARMOR, créé en 2011 !, compte 45 membres et 2,5 ETP ; 80 % de ses membres "
            "sont des PME.\n! Les entreprises du secteur\n! Les laboratoires")
    assert _read(text) == []


def test_an_amount_with_no_structure_named_is_kept_without_recipient() -> None:
    (record,) = _read("Les collectivités consacrent 3 M! par an aux clusters.")
    assert (record.recipient_key, record.amount_eur, record.period) == (None, 3e6, "/an")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("La Région a attribué 500 k! au pôle ARMOR en 2012.",
         [("armor", "conseil-regional", 500e3)]),
        ("Une subvention de 200 000 ! a été accordée par la DIRECCTE à la grappe NOVA.",
         [("nova", "direccte", 200e3)]),
        ("Le pôle ARMOR a un budget de 1,2 M!, dont 40 % apportés par l’Etat.",
         [("armor", None, 1.2e6), ("armor", "etat", 480e3)]),
        ("Le pôle ARMOR a un budget de 800 k!, financé par la Région à hauteur de 50 %.",
         [("armor", None, 800e3), ("armor", "conseil-regional", 400e3)]),
    ],
)
def test_receivers_after_the_amount_and_more_shares(sentence: str, expected: list[tuple]) -> None:
    assert [(r.recipient_key, r.funder_key, r.amount_eur) for r in _read(sentence)] == [
        (recipient, funder, pytest.approx(euros)) for recipient, funder, euros in expected]


_TOKENS = ["Le", "la", "grappe", "GIE", "SPL", "(", ")", "%", "70", "30 %", ":", ";", ",", ".", "!",
           "€", "M!", "385 000!", "1,5 M!", "20 à 30 M!", "chacun", "avec", "respectivement", "et",
           "par", "l’Etat", "la Région", "FEDER", "dont", "de", "subventions", "budget", "capital",
           "ABCD", "Xy-tex", "cotisation", "paie", "au", "pôle", "2011", "sur trois ans", "/an",
           "\n", "- ", "moins de", "chiffre d’affaires", "«", "[/]", "\x1b[31m", "…"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=50))
def test_any_text_of_the_genre_reads_without_error(tokens: list[str]) -> None:
    segmented = segment("Introduction \n \n" + " ".join(tokens) + " \n")
    for record in funding.extract("fuzz", segmented, Facts()).funding:
        assert record.amount_eur is not None and record.amount_eur >= 0
        (evidence,) = record.evidence
        assert 0 <= evidence.passage_seq < len(segmented.passages) and evidence.quote


def test_amounts_in_headings_and_captions_are_records_too() -> None:
    text = ("Introduction \n \n1. Première partie : X \n \n1.1 La grappe NOVA et son budget de 2 M! \n \n"
            "Le pôle compte 20 membres. \n \nNOVA 120 \n \n Tableau 1- Financements : total 3 M! (en k!) \n")
    records = funding.extract("inline", segment(text), Facts()).funding
    assert sorted((r.amount_text, r.recipient_key) for r in records) == [
        ("120", "nova"), ("2 M€", "nova"), ("3 M€", None)]  # headings get their € back too


# --- wholes and their parts: no total may count a budget and its funders twice ------------------

@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # funders after a budget, "chacun", "les X restants"
        ("Le budget 2013 de la grappe NOVA, de 300 000!, est financé par l’Etat et la Région à "
         "hauteur de 100 000! chacun, les 100 000 ! restants étant assumés par les industriels.",
         [(300e3, "whole"), (100e3, "part"), (100e3, "part"), (100e3, "part")]),
        # "respectivement" after a capital
        ("La SEM ARMOR a un capital de 2 M!, apporté par l’Etat et la Région, respectivement "
         "1,2 M! et 800 k!.",
         [(2e6, "whole"), (1.2e6, "part"), (800e3, "part")]),
        # a share of a budget, and "dont X €"
        ("Le pôle ARMOR a un budget de 1,2 M!, dont 40 % apportés par l’Etat.",
         [(1.2e6, "whole"), (480e3, "part")]),
        ("Le pôle ARMOR a un budget de 900 k!, dont 300 k! pour les salons.",
         [(900e3, "whole"), (300e3, "part")]),
        # parts that would exceed the whole are not its parts
        ("Le pôle ARMOR a un budget de 100 k!, et la Région lui verse 500 k! pour un bâtiment.",
         [(100e3, "standalone"), (500e3, "standalone")]),
        # a budget alone, and two subsidies: nothing to group
        ("La grappe NOVA reçoit 50 k! de l’Etat et 70 k! de la Région.",
         [(50e3, "standalone"), (70e3, "standalone")]),
        # a scale of fees by size: levels, not money received
        ("Les cotisations de la grappe NOVA sont de 100 ! pour les TPE et 500 ! pour les PME.",
         [(100, "level"), (500, "level")]),
    ],
)
def test_wholes_parts_and_levels(sentence: str, expected: list[tuple[float, str]]) -> None:
    records = _read(sentence)
    assert [(r.amount_eur, r.role) for r in records] == [
        (pytest.approx(euros), role) for euros, role in expected]
    wholes = [r for r in records if r.role == "whole"]
    for part in (r for r in records if r.role == "part"):
        assert part.group is not None and part.group == wholes[0].group
    assert all(r.group is None for r in records if r.role in ("standalone", "level"))


def test_a_share_of_a_deduced_whole_groups_with_the_amount_it_came_from() -> None:
    records = _read("Au départ, le budget de l’association ARMOR était assuré à 40 % par le Conseil "
                    "régional, à 30% par l’Etat (qui finançait 450 k!), le reste par des fonds privés.")
    parts = sorted((r.funder_key, round(r.amount_eur), r.role) for r in records)
    assert parts == [("conseil-regional", 600_000, "part"), ("etat", 450_000, "part")]
    assert len({r.group for r in records}) == 1 and records[0].group.endswith(":déduit")


def test_table_total_column_is_the_whole_of_its_funder_cells(bretagne: Records) -> None:
    rows = [r for r in bretagne if r.evidence[0].quote.startswith("NAVICLUB ")]
    assert [r.role for r in rows] == ["part", "part", "part", "whole"]
    assert len({r.group for r in rows}) == 1
    assert sum(r.amount_eur for r in rows if r.role == "part") == rows[-1].amount_eur
