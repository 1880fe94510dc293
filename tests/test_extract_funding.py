"""Funding extraction, checked against every amount of the bundled monograph read by hand.

Other regions' monographs and single sentences are in test_extract_funding_synthetic.py."""

from __future__ import annotations

import re
import time
import pytest

from grappe.importer.amounts import find_amounts
from grappe.importer.extract import funding
from grappe.importer.extract.funding_words import KINDS
from grappe.importer.facts import ActorFact, ClusterFact, Facts, FundingFact
from grappe.importer.keys import slug
from grappe.importer.segment import Segmented

# Every amount of the bundled monograph, in reading order: (section, euros, recipient).
# The recipient is a fragment of its key (hyphens ignored), or None where the amount belongs
# to no single structure (regional statistics, a turnover bracket, a funder's overall spending).
EXPECTED: list[tuple[str, float, str | None]] = [
    # Tableau 1, key figures of the region: statistics, no recipient.
    ("1.1", 96_800e6, None), ("1.1", 744e6, None), ("1.1", 364e6, None), ("1.1", 380e6, None),
    # Footnote 6: gap between the funders' figures, then LMCU's figures per structure.
    ("1.3", 2e6, None),
    ("1.3", 140e3, "images"), ("1.3", 140e3, "crrav"), ("1.3", 400e3, "plaineimages"),
    ("1.3", 600e3, "plaineimages"), ("1.3", 250e3, "ecoactivites"), ("1.3", 720e3, "eurasante"),
    ("1.3", 20e3, "clubster"), ("1.3", 50e3, "sante"), ("1.3", 1e6, "tic"),
    # 2.1.2 the PRN: State support, own resources, membership fees by turnover bracket.
    ("2.1.2", 190e3, "prn"), ("2.1.2", 47e3, "prn"), ("2.1.2", 150, "prn"), ("2.1.2", 1e6, None),
    ("2.1.2", 1_000, "prn"), ("2.1.2", 20e6, None), ("2.1.2", 10e3, "prn"), ("2.1.2", 150e6, None),
    # 2.1.3 the SPL carrying the ubiquitous pole: capital, its three shares, turnover.
    ("2.1.3", 1.5e6, "euratechnologies"), ("2.1.3", 1.05e6, "euratechnologies"),
    ("2.1.3", 300e3, "euratechnologies"), ("2.1.3", 150e3, "euratechnologies"),
    ("2.1.3", 5e6, "euratechnologies"),
    # 2.2.3 the funds managed by the CRRAV; 2.2.4 the Images pole's budget and investment.
    ("2.2.3", 3e6, "crrav"), ("2.2.3", 750e3, "crrav"), ("2.2.3", 500e3, "crrav"),
    ("2.2.3", 500e3, "crrav"),
    ("2.2.4", 1e6, "images"), ("2.2.4", 1.3e6, "images"),
    # 2.3.2 CLUBTEX's budget and who pays it; 2.3.3 its fee to UP-tex; 2.3.4 the CETI.
    ("2.3.2", 385e3, "clubtex"), ("2.3.2", 93_800, "clubtex"), ("2.3.2", 93_800, "clubtex"),
    ("2.3.2", 65e3, "clubtex"), ("2.3.2", 132_400, "clubtex"),
    ("2.3.3", 5_000, "uptex"), ("2.3.4", 40e6, "ceti"),
    # 2.4 health: Clubster Santé's DATAR grant, the GIE Eurasanté's budget.
    ("2.4.2", 250e3, "clubster"),
    ("2.4.3", 3.9e6, "eurasante"), ("2.4.3", 3.12e6, "eurasante"), ("2.4.3", 1e6, "eurasante"),
    # 2.5.3 CD2E: budget, State share and the Region's share deduced from it, fees, Europe.
    ("2.5.3", 1.5e6, "cd2e"), ("2.5.3", 800e3, "cd2e"), ("2.5.3", 450e3, "cd2e"),
    ("2.5.3", 600e3, "cd2e"),
    ("2.5.3", 140, "cd2e"), ("2.5.3", 400, "cd2e"), ("2.5.3", 400e3, "cd2e"),
    # 3.2 what each funder spends on all clusters (and footnote 12): no single recipient.
    ("3.2", 9.2e6, None), ("3.2", 3e6, None), ("3.2", 3.3e6, None), ("3.2", 1.3e6, None),
    ("3.2", 1.1e6, None), ("3.2", 0.4e6, None), ("3.2", 0.5e6, None), ("3.2", 5e6, None),
    # 3.3 NFID's budget and its 80 % share; the regional innovation fund; the SATT's capital.
    ("3.3", 3e6, "nfid"), ("3.3", 2.4e6, "nfid"), ("3.3", 32e6, "fondsregional"),
    ("3.3", 1e6, "satt"),
]


def _so_far_as_the_earlier_stages_should_find() -> Facts:
    """Clusters and organisations named by the monograph's tables and prose, as hand-built facts."""
    clusters = [
        ("PC", "UP-tex", ["Up Tex", "Uptex"]), ("PC", "I-Trans", []), ("PC", "MAUD", ["Maud"]),
        ("PC", "AQUIMER", ["Aquimer"]), ("PC", "PICOM", []), ("PC", "NSL", []),
        ("PC", "Team2", ["Team 2"]),
        ("GE", "AIF", []), ("GE", "CLUBTEX", ["Club Tex"]), ("GE", "APAF", []), ("GE", "PRN", []),
        ("GE", "Clubster santé", ["Clubster Santé"]), ("GE", "Nord Package", []),
        ("GE", "Euralogistic", []), ("GE", "Initiative Cités", []),
        ("GE", "Club des imprimeurs artisans", []),
        ("PE", "Textile, mode, matériaux", ["T2M"]), ("PE", "Plasturgie", []), ("PE", "BTP", []),
        ("PE", "Automobile", []), ("PE", "Ferroviaire", []), ("PE", "Logistique", []),
        ("PE", "Images", ["Pôle Images"]), ("PE", "Ubiquitaire", []), ("PE", "Santé", []),
        ("PE", "Agroalimentaire", []), ("PE", "Energie 2020", []), ("PE", "Eco-activités", []),
        ("PE", "Bois", []), ("PE", "Mécanique", []),
    ]
    organisations = [
        ("LMCU", "collectivité", ["Lille Métropole"]),
        ("Conseil régional", "collectivité", ["Région"]),
        ("État", "État", ["Etat"]), ("CRRAV", "structure d'appui", []), ("CETI", "recherche", []),
        ("CD2E", "structure d'appui", []), ("Eurasanté", "structure d'appui", ["GIE Eurasanté"]),
        ("Euratechnologies", "structure d'appui", []), ("NFID", "structure d'appui", []),
        ("SATT", "structure d'appui", []), ("Oséo", "financeur", []), ("DATAR", "État", []),
        ("DIRECCTE", "État", []), ("FEDER", "financeur", []), ("CDC", "financeur", []),
    ]
    return Facts(
        clusters=[ClusterFact(slug(name), name, kind, aliases) for kind, name, aliases in clusters],
        actors=[ActorFact(slug(name), name, "organisation", category, aliases=aliases)
                for name, category, aliases in organisations],
    )


def _plain(key: str | None) -> str:
    return (key or "").replace("-", "")


def _recipient_matches(record: FundingFact, expected: str | None) -> bool:
    """The recipient's key or name starts with the expected fragment ("cd2e-pole-…" is CD2E)."""
    if expected is None:
        return record.recipient_key is None
    names = (record.recipient_key, slug(record.recipient_name or ""))
    return any(_plain(name).startswith(expected) for name in names)


def _score(segmented: Segmented, records: list[FundingFact]) -> tuple[int, list[str]]:
    """How many expected amounts are found with the right recipient; the misses, described."""
    pool = [(segmented.passages[r.evidence[0].passage_seq].section_number, r) for r in records]
    right, misses = 0, []
    for section, euros, recipient in EXPECTED:
        same = [(i, r) for i, (s, r) in enumerate(pool)
                if s == section and r.amount_eur == pytest.approx(euros)]
        good = [(i, r) for i, r in same if _recipient_matches(r, recipient)]
        if good:
            pool.pop(good[0][0])
            right += 1
        else:
            found = [r.recipient_key for _, r in same] or "amount not found"
            misses.append(f"{section} {euros:,.0f} € → expected {recipient}, got {found}")
    return right, misses


@pytest.mark.parametrize("so_far_kind", ["hand-built", "empty"])
def test_bundled_amounts_have_the_right_recipient(bundled_segmented: Segmented,
                                                  so_far_kind: str) -> None:
    hand_built = so_far_kind == "hand-built"
    so_far = _so_far_as_the_earlier_stages_should_find() if hand_built else Facts()
    records = funding.extract("npdc", bundled_segmented, so_far).funding
    right, misses = _score(bundled_segmented, records)
    ratio = right / len(EXPECTED)
    print(f"\nfunding ({so_far_kind} so_far): {right}/{len(EXPECTED)} = {ratio:.1%} right")
    for miss in misses:
        print("  miss:", miss)
    assert ratio >= 0.90, misses


def test_bundled_amounts_with_the_real_earlier_stages(bundled_segmented: Segmented) -> None:
    """The same count with whatever the clusters and actors stages find today."""
    from grappe.importer.extract import actors, clusters

    so_far = Facts()
    so_far.extend(clusters.extract("npdc", bundled_segmented, so_far))
    so_far.extend(actors.extract("npdc", bundled_segmented, so_far))
    records = funding.extract("npdc", bundled_segmented, so_far).funding
    right, misses = _score(bundled_segmented, records)
    print(f"\nfunding (real so_far: {len(so_far.clusters)} clusters, {len(so_far.actors)} actors): "
          f"{right}/{len(EXPECTED)} = {right / len(EXPECTED):.1%}")
    for miss in misses:
        print("  miss:", miss)
    assert right / len(EXPECTED) >= 0.90, misses


@pytest.fixture(scope="module")
def bundled_records(bundled_segmented: Segmented) -> list[FundingFact]:
    so_far = _so_far_as_the_earlier_stages_should_find()
    return funding.extract("npdc", bundled_segmented, so_far).funding


def _find(records: list[FundingFact], euros: float, **fields: object) -> list[FundingFact]:
    return [r for r in records if r.amount_eur == pytest.approx(euros)
            and all(getattr(r, k) == v for k, v in fields.items())]


def test_every_amount_is_a_record(bundled_text: str, bundled_records: list[FundingFact]) -> None:
    """Each amount of the raw text (56) is a record; shares and "chacun" only add records."""
    raw = sorted(a.eur for a in find_amounts(bundled_text))
    direct = sorted(r.amount_eur for r in bundled_records if " % de " not in r.amount_text)
    assert len(raw) == 56
    assert set(raw) == set(direct) and len(direct) == len(raw) + 1  # 93 800 ! chacun: one more
    assert len(bundled_records) == len(EXPECTED)
    assert all(r.kind in KINDS or r.kind == "autre" for r in bundled_records)


def test_two_funders_each_give_the_amount(bundled_records: list[FundingFact]) -> None:
    """ "financé par l'Etat (grappe) et la Région à hauteur de 93 800 ! chacun": two records."""
    each = _find(bundled_records, 93_800)
    assert sorted(_plain(r.funder_key) for r in each) == ["conseilregional", "etat"]
    assert {_plain(r.recipient_key) for r in each} == {"clubtex"}
    assert {r.period for r in each} == {"2012"}
    (metropole,) = _find(bundled_records, 65_000)
    assert metropole.funder_key == "lmcu"
    (industry,) = _find(bundled_records, 132_400)
    assert industry.funder_key == "entreprises"


def test_shares_of_a_capital_become_amounts(bundled_records: list[FundingFact]) -> None:
    shares = {r.funder_key: r.amount_eur for r in bundled_records
              if r.amount_text.endswith("de 1,5 M€")}
    assert shares == {"lmcu": 1_050_000, "conseil-regional": 300_000, "ville-de-lille": 150_000}
    (whole,) = _find(bundled_records, 1_500_000, kind="capital")
    assert "euratechnologies" in whole.recipient_key and whole.funder_key is None


def test_percentages_of_a_budget(bundled_records: list[FundingFact]) -> None:
    (subsidies,) = _find(bundled_records, 3_120_000)
    assert (subsidies.kind, subsidies.recipient_key, subsidies.funder_key) == (
        "subvention", "eurasante", None)
    # 40 % of a budget whose 30 % was 450 k€
    (deduced,) = _find(bundled_records, 600_000, kind="subvention", recipient_key="cd2e")
    assert (deduced.funder_key, deduced.uncertain) == ("conseil-regional", True)
    (joint,) = _find(bundled_records, 2_400_000)  # "la Région et le FEDER (80%)": given jointly
    assert joint.funder_key is None and joint.uncertain


@pytest.mark.parametrize(
    ("euros", "period"),
    [(190_000, "2011-2013"), (250_000, "sur trois ans"), (3_000_000, "/an"), (385_000, "2012"),
     (3_900_000, "/an")],
)
def test_periods(bundled_records: list[FundingFact], euros: float, period: str) -> None:
    assert period in {r.period for r in _find(bundled_records, euros)}


@pytest.mark.parametrize(
    ("euros", "kind"),
    [(1_500_000, "capital"), (5_000, "cotisation"), (3_000_000, "fonds"),
     (40_000_000, "investissement"), (1_300_000, "investissement"), (385_000, "budget"),
     (250_000, "subvention"), (150_000_000, "chiffre d'affaires")],
)
def test_kinds(bundled_records: list[FundingFact], euros: float, kind: str) -> None:
    assert kind in {r.kind for r in _find(bundled_records, euros)}


def test_funders_and_payers(bundled_records: list[FundingFact]) -> None:
    (grant,) = _find(bundled_records, 250_000, period="sur trois ans")
    assert (grant.funder_key, grant.recipient_key) == ("datar", "clubster-sante")
    # "CLUBTEX est membre fondateur du pôle UP-tex (et paie … une cotisation … de 5000 !)"
    (fee,) = _find(bundled_records, 5_000)
    assert (fee.funder_key, fee.recipient_key) == ("clubtex", "up-tex")
    respectively = {r.amount_eur: r.funder_key for r in bundled_records
                    if r.amount_eur in (9.2e6, 0.4e6, 0.5e6)}
    assert respectively == {9.2e6: "conseil-regional", 0.4e6: "conseil-regional", 0.5e6: "etat"}


def test_an_amount_shared_by_two_structures_is_doubtful(bundled_records: list[FundingFact]) -> None:
    """Footnote 6: "Eco activités : 250 k! (CD2E et Team2)" names two possible recipients."""
    (shared,) = [r for r in bundled_records if r.amount_text == "250 k€"]
    assert shared.uncertain and "eco" in shared.recipient_key
    (one,) = [r for r in bundled_records if r.amount_text == "720 k€"]
    assert not one.uncertain and one.recipient_key == "eurasante"


def test_turnover_brackets_are_not_given_to_anyone(bundled_records: list[FundingFact]) -> None:
    for euros in (1e6, 20e6, 150e6):
        brackets = [r for r in _find(bundled_records, euros) if r.kind == "chiffre d'affaires"]
        assert brackets and all(r.recipient_key is None for r in brackets)


def test_evidence_quotes_the_sentence(bundled_segmented: Segmented,
                                      bundled_records: list[FundingFact]) -> None:
    for record in bundled_records:
        (evidence,) = record.evidence
        passage = bundled_segmented.passages[evidence.passage_seq]
        assert evidence.quote and evidence.quote.strip("…")[:20] in passage.text
        number = re.match(r"[\d ,]+", record.amount_text)
        assert number is None or number.group(0).strip() in evidence.quote


def test_extraction_is_fast(bundled_segmented: Segmented) -> None:
    so_far = _so_far_as_the_earlier_stages_should_find()
    started = time.process_time()  # CPU time: the machine running the tests may be busy
    funding.extract("npdc", bundled_segmented, so_far)
    elapsed = time.process_time() - started
    print(f"\nfunding stage on the bundled monograph: {elapsed * 1000:.0f} ms of CPU")
    assert elapsed < 0.5
