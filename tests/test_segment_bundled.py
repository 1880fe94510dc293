"""The bundled monograph's structure, as read from its table of contents."""

from __future__ import annotations

EXPECTED_HEADINGS = [
    "1", "1.1", "1.1.1", "1.1.2", "1.1.3", "1.2", "1.2.1", "1.2.2", "1.2.3", "1.2.4", "1.2.5",
    "1.2.6", "1.3", "2", "2.1", "2.1.1", "2.1.2", "2.1.3", "2.2", "2.2.1", "2.2.2", "2.2.3",
    "2.2.4", "2.2.5", "2.2.6", "2.3", "2.3.1", "2.3.2", "2.3.3", "2.3.4", "2.4", "2.4.1",
    "2.4.2", "2.4.3", "2.4.4", "2.5", "2.5.1", "2.5.2", "2.5.3", "2.5.4", "2.5.5", "3", "3.1",
    "3.2", "3.3", "3.4", "4",
]


def test_every_numbered_heading_of_the_contents_is_found_in_order(bundled_segmented):
    numbers = [p.number for p in bundled_segmented.of_kind("heading") if p.number]
    assert numbers == EXPECTED_HEADINGS


def test_introduction_is_an_unnumbered_top_heading(bundled_segmented):
    first = bundled_segmented.of_kind("heading")[0]
    assert (first.text, first.number, first.level) == ("Introduction", None, 1)


def test_wrapped_heading_is_rejoined(bundled_segmented):
    titles = {p.number: p.text for p in bundled_segmented.of_kind("heading")}
    assert titles["2.3.4"].endswith("et son rôle d’intégrateur")
    assert titles["1.2.4"] == "Les quatorze Pôles d’Excellence Régionaux"


def test_numbered_findings_are_not_headings(bundled_segmented):
    texts = [p.text for p in bundled_segmented.of_kind("heading")]
    assert not any(t.startswith("Certaines agglomérations") for t in texts)


def test_seven_table_captions_and_the_empty_one_is_flagged(bundled_segmented):
    tables = bundled_segmented.of_kind("table")
    assert [t.number for t in tables] == [str(n) for n in range(1, 8)]
    flagged = [t.number for t in tables if "caption-without-body" in t.flags]
    assert flagged == ["6"]


def test_footnotes_one_to_eighteen_are_separated_from_the_prose(bundled_segmented):
    notes = bundled_segmented.of_kind("footnote")
    assert [int(n.number) for n in notes] == list(range(1, 19))
    refs = sorted(r for p in bundled_segmented.passages for r in p.footnote_refs)
    assert refs == list(range(1, 19))
    prose = " ".join(p.text for p in bundled_segmented.passages if p.kind == "paragraph")
    assert "dans la région," in prose and "région10" not in prose
    assert "Team2" in prose  # a name ending in a digit is not a footnote call
