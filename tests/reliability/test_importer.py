"""Catalogue rows 1–18: bad documents entering through `grappe import`.

Promises 2, 3 and 10: bad input is refused with one line before the live database is touched
(its bytes and mtime are compared), and what is imported is stored clean (NFC, LF, no
control characters).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grappe.importer import read as read_module
from grappe.importer.pipeline import run_import

from .conftest import (
    CONTROL_CHARS,
    HOSTILE,
    MINIMAL_MONOGRAPH,
    file_state,
    grappe_subprocess,
    run_cli,
    text_columns,
    write_monograph,
)


def assert_refused(result, live_db: Path, before, *, code: int, words: tuple[str, ...]) -> None:
    """One line on stderr naming the problem, the expected status, the database untouched."""
    assert result.exit_code == code, (result.exit_code, result.stderr, result.exception)
    message = result.stderr.strip()
    assert message.count("\n") == 0, message
    assert "Traceback" not in result.stderr + result.stdout
    for word in words:
        assert word in message, (word, message)
    assert file_state(live_db) == before
    assert sorted(p.name for p in live_db.parent.iterdir()) == ["grappe.db"]


def import_into(live_db: Path, *args: object):
    return run_cli("import", *args, "--db", live_db)


def test_row01_missing_source_path(tmp_path: Path, live_db: Path) -> None:
    before = file_state(live_db)
    missing = tmp_path / "absent.txt"
    result = import_into(live_db, missing)
    assert_refused(result, live_db, before, code=2, words=("absent.txt", "introuvable"))


def test_row02_folder_without_documents(tmp_path: Path, live_db: Path) -> None:
    before = file_state(live_db)
    folder = tmp_path / "vide"
    folder.mkdir()
    (folder / "image.png").write_bytes(b"\x89PNG\r\n")
    result = import_into(live_db, folder)
    assert_refused(result, live_db, before, code=2, words=("vide", "dossier"))


def test_row02_folder_with_documents_is_imported(tmp_path: Path, live_db: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_monograph(folder / "a.txt")
    result = import_into(live_db, folder)
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(live_db) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_row03_unreadable_source(tmp_path: Path, live_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite may run as root, where chmod 000 does not stop reading: refuse the open instead.
    source = write_monograph(tmp_path / "secret.txt")
    real_open = os.open

    def refusing_open(path, *args, **kwargs):
        if isinstance(path, (str, os.PathLike)) and Path(path) == source:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(read_module.os, "open", refusing_open)
    before = file_state(live_db)
    result = import_into(live_db, source)
    assert_refused(result, live_db, before, code=1, words=("secret.txt", "permission refusée"))


def test_row04_fifo_is_refused_quickly(tmp_path: Path) -> None:
    fifo = tmp_path / "tube.txt"
    os.mkfifo(fifo)
    target = tmp_path / "grappe.db"
    started = time.monotonic()
    completed = grappe_subprocess(["import", str(fifo), "--db", str(target)], tmp_path)
    assert time.monotonic() - started < 20
    assert completed.returncode == 1, completed.stderr
    assert "fichier ordinaire" in completed.stderr.decode()
    assert not target.exists()


def test_row04_device_is_refused(live_db: Path) -> None:
    before = file_state(live_db)
    result = import_into(live_db, "/dev/zero")
    assert_refused(result, live_db, before, code=1, words=("/dev/zero", "fichier ordinaire"))


def test_row05_latin1_french_is_detected(tmp_path: Path, live_db: Path) -> None:
    source = write_monograph(tmp_path / "latin.txt", encoding="cp1252")
    assert b"caf\xe9" in source.read_bytes()
    result = import_into(live_db, source)
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(live_db) as conn:
        assert conn.execute("SELECT encoding FROM documents").fetchone()[0] == "cp1252"
        assert conn.execute("SELECT count(*) FROM passages WHERE text LIKE '%café%'").fetchone()[0] == 1


def test_row05_undetectable_encoding_refused_then_forced(tmp_path: Path, live_db: Path) -> None:
    text = MINIMAL_MONOGRAPH.replace("Cette étude", "Cette ¤¦¨¬ étude")
    source = write_monograph(tmp_path / "bizarre.txt", text, encoding="cp1252")
    line = text[: text.index("¤")].count("\n") + 1
    byte = source.read_bytes().index(b"\xa4")
    before = file_state(live_db)
    result = import_into(live_db, source)
    assert_refused(
        result, live_db, before, code=1,
        words=("bizarre.txt", f"ligne {line}", f"octet {byte}", "--encoding"),
    )
    forced = import_into(live_db, source, "--encoding", "cp1252")
    assert forced.exit_code == 0, forced.stderr
    with sqlite3.connect(live_db) as conn:
        assert conn.execute("SELECT count(*) FROM passages WHERE text LIKE '%café%'").fetchone()[0] == 1


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_row06_byte_0x80_never_becomes_a_c1_control(tmp_path: Path, encoding: str) -> None:
    text = MINIMAL_MONOGRAPH.replace("depuis 2010.", "depuis 2010 avec 385 000 EURO de budget.")
    source = tmp_path / "euro.txt"
    source.write_bytes(text.encode("cp1252").replace(b"EURO", b"\x80"))
    target = tmp_path / "grappe.db"
    result = run_cli("import", source, "--db", target, "--encoding", encoding)
    assert result.exit_code == 0, result.stderr
    with sqlite3.connect(target) as conn:
        c1 = conn.execute(
            "SELECT count(*) FROM passages WHERE text GLOB '*[" + "\x80" + "-" + "\x9f" + "]*'"
        ).fetchone()[0]
        assert c1 == 0
        if encoding == "cp1252":
            assert conn.execute("SELECT count(*) FROM passages WHERE text LIKE '%000 € de%'").fetchone()[0] == 1


def test_row07_bom_is_not_kept(tmp_path: Path) -> None:
    source = tmp_path / "bom.txt"
    source.write_bytes(b"\xef\xbb\xbf" + MINIMAL_MONOGRAPH.encode("utf-8"))
    target = tmp_path / "grappe.db"
    run_import([source], target)
    with sqlite3.connect(target) as conn:
        title = conn.execute("SELECT title FROM documents").fetchone()[0]
        first = conn.execute("SELECT text FROM passages ORDER BY seq LIMIT 1").fetchone()[0]
        boms = conn.execute(
            "SELECT count(*) FROM passages WHERE instr(text, char(65279)) > 0"
        ).fetchone()[0]
    assert not title.startswith("\ufeff")
    assert first == "Introduction"
    assert boms == 0


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_row08_utf16_with_bom_is_decoded_without_nuls(tmp_path: Path, encoding: str) -> None:
    bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
    source = tmp_path / "seize.txt"
    source.write_bytes(bom + MINIMAL_MONOGRAPH.encode(encoding))
    target = tmp_path / "grappe.db"
    run_import([source], target)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM passages WHERE text LIKE '%café%'").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM passages WHERE instr(text, char(0)) > 0").fetchone()[0] == 0


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_row08_utf16_without_bom_is_recognised(tmp_path: Path, encoding: str) -> None:
    source = tmp_path / "seize.txt"
    source.write_bytes(MINIMAL_MONOGRAPH.encode(encoding))
    target = tmp_path / "grappe.db"
    run_import([source], target)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM passages WHERE text LIKE '%café%'").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM passages WHERE instr(text, char(0)) > 0").fetchone()[0] == 0


def test_row11_stray_nul_in_text_is_removed_not_refused(tmp_path: Path) -> None:
    source = tmp_path / "nul.txt"
    source.write_bytes(MINIMAL_MONOGRAPH.replace("depuis 2010", "depuis\x00 2010").encode("utf-8"))
    target = tmp_path / "grappe.db"
    run_import([source], target)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM passages WHERE instr(text, char(0)) > 0").fetchone()[0] == 0
        assert conn.execute("SELECT removed_chars FROM documents").fetchone()[0] == 1


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t \n"], ids=["empty", "blank"])
def test_row09_empty_file(tmp_path: Path, live_db: Path, content: bytes) -> None:
    source = tmp_path / "vide.txt"
    source.write_bytes(content)
    before = file_state(live_db)
    assert_refused(import_into(live_db, source), live_db, before, code=1, words=("vide.txt", "rien à importer"))


def test_row09_only_control_characters(tmp_path: Path, live_db: Path) -> None:
    source = tmp_path / "controles.txt"
    source.write_bytes(b"\x1b[2J\x1bc\x07\x08\n")
    before = file_state(live_db)
    assert_refused(import_into(live_db, source), live_db, before, code=1, words=("controles.txt", "rien à importer"))


def test_row10_text_without_monograph_structure(tmp_path: Path, live_db: Path) -> None:
    source = tmp_path / "liste.txt"
    source.write_text("pommes\npoires\nabricots\n", "utf-8")
    before = file_state(live_db)
    assert_refused(import_into(live_db, source), live_db, before, code=1, words=("liste.txt", "structure", "titres"))


def test_row10_one_bad_document_refuses_the_whole_import(tmp_path: Path, live_db: Path) -> None:
    folder = tmp_path / "lot"
    folder.mkdir()
    write_monograph(folder / "a-bon.txt")
    (folder / "b-mauvais.txt").write_text("rien de structuré ici\n", "utf-8")
    before = file_state(live_db)
    assert_refused(import_into(live_db, folder), live_db, before, code=1, words=("b-mauvais.txt",))


def test_row11_binary_file(tmp_path: Path, live_db: Path) -> None:
    source = tmp_path / "image.txt"
    source.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    before = file_state(live_db)
    assert_refused(import_into(live_db, source), live_db, before, code=1, words=("image.txt", "binaire"))


def test_row12_broken_pdf_is_recognised(tmp_path: Path, live_db: Path) -> None:
    source = tmp_path / "rapport.txt"
    source.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ngarbage")
    before = file_state(live_db)
    assert_refused(import_into(live_db, source), live_db, before, code=1, words=("rapport.txt", "PDF"))


def test_row12_pdf_without_text_layer(tmp_path: Path, live_db: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    source = tmp_path / "scan.pdf"
    with open(source, "wb") as handle:
        writer.write(handle)
    before = file_state(live_db)
    assert_refused(import_into(live_db, source), live_db, before, code=1, words=("scan.pdf", "couche texte"))


def test_row13_oversized_file_is_refused_without_reading(tmp_path: Path, live_db: Path) -> None:
    source = tmp_path / "enorme.txt"
    with open(source, "wb") as handle:
        handle.truncate(101 * 1024 * 1024)  # sparse: nothing is written to disk
    before = file_state(live_db)
    started = time.monotonic()
    result = import_into(live_db, source)
    assert time.monotonic() - started < 2
    assert_refused(result, live_db, before, code=1, words=("enorme.txt", "trop gros", "--max-size"))


def test_row13_max_size_option(tmp_path: Path, live_db: Path) -> None:
    source = write_monograph(tmp_path / "moyen.txt", MINIMAL_MONOGRAPH + "Texte de remplissage.\n" * 60000)
    assert source.stat().st_size > 1024 * 1024
    before = file_state(live_db)
    result = import_into(live_db, source, "--max-size", "1")
    assert_refused(result, live_db, before, code=1, words=("moyen.txt", "trop gros"))
    refused = import_into(live_db, source, "--max-size", "0")
    assert refused.exit_code == 2
    assert file_state(live_db) == before


def test_row14_undecodable_file_name(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    source = write_monograph(tmp_path / name)
    target = tmp_path / "grappe.db"
    result = run_cli("import", source, "--db", target)
    assert result.exit_code == 0, (result.stderr, result.exception)
    with sqlite3.connect(target) as conn:
        path, title = conn.execute("SELECT path, title FROM documents").fetchone()
    assert path.endswith("caf\\xe9.txt")
    assert "\udce9" not in title and "\udce9" not in path


def test_row15_file_name_with_markup_and_escapes_in_messages(tmp_path: Path, live_db: Path) -> None:
    hostile = "nope\x1b]0;PWNED\x07[/b]\u202e.txt"
    before = file_state(live_db)
    result = import_into(live_db, tmp_path / hostile)
    assert result.exit_code == 2
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr and "\u202e" not in result.stderr
    assert "[/b]" in result.stderr  # printed as text, not parsed as markup
    assert "\\x1b" in result.stderr
    assert file_state(live_db) == before


def test_row15_imported_file_name_with_escapes_is_stored_clean(tmp_path: Path) -> None:
    source = write_monograph(tmp_path / "titre\x1b]0;PWNED\x07[b]x[NB]\u202e.txt")
    target = tmp_path / "grappe.db"
    result = run_cli("import", source, "--db", target)
    assert result.exit_code == 0, (result.stderr, result.exception)
    assert "\x1b" not in result.stdout + result.stderr
    with sqlite3.connect(target) as conn:
        for column in ("title", "path"):
            value = conn.execute(f"SELECT {column} FROM documents").fetchone()[0]
            assert not CONTROL_CHARS.search(value), (column, value)


def test_row16_crlf_and_bare_cr(tmp_path: Path) -> None:
    text = MINIMAL_MONOGRAPH.replace("\n", "\r\n").replace("depuis 2010.", "depuis OO\rPP 2010.")
    source = tmp_path / "dos.txt"
    source.write_bytes(text.encode("utf-8"))
    target = tmp_path / "grappe.db"
    run_import([source], target)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT count(*) FROM passages WHERE instr(text, char(13)) > 0").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM passages WHERE text LIKE '%OOPP%'").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM passages WHERE text LIKE '%OO PP%'").fetchone()[0] == 1


def test_row17_nfd_is_stored_nfc(tmp_path: Path) -> None:
    text = MINIMAL_MONOGRAPH.replace("Cette étude", "Cette e\u0301tude sur l'E\u0301tat")
    source = write_monograph(tmp_path / "nfd.txt", text)
    target = tmp_path / "grappe.db"
    run_import([source], target)
    with sqlite3.connect(target) as conn:
        found = conn.execute("SELECT count(*) FROM passages WHERE instr(text, 'étude sur l''État') > 0")
        assert found.fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM passages WHERE instr(text, char(769)) > 0").fetchone()[0] == 0


def _content(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


def test_row18_same_documents_twice_give_the_same_content(tmp_path: Path) -> None:
    source = write_monograph(tmp_path / "doc.txt")
    first, second = tmp_path / "un.db", tmp_path / "deux.db"
    run_import([source], first)
    run_import([source], second)
    run_import([source], second)  # and over itself
    assert _content(first) == _content(second)


def test_row18_same_content_under_two_names_is_imported_once(tmp_path: Path) -> None:
    a = write_monograph(tmp_path / "a.txt")
    b = write_monograph(tmp_path / "b.txt")
    target = tmp_path / "grappe.db"
    summary = run_import([a, b, a], target)
    assert summary.documents == 1
    assert len(summary.skipped) == 1 and "b.txt" in summary.skipped[0]


def test_row10_to_17_no_control_character_in_any_text_column(hostile_db: Path) -> None:
    """Promise 10 over the hostile monograph: every TEXT column of every table, checked in SQL."""
    with sqlite3.connect(f"file:{hostile_db}?mode=ro", uri=True) as conn:
        pattern = "*[\x01-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]*"
        # The GLOB class really matches what it should: checked on known strings first.
        assert conn.execute("SELECT 'a\x1bb' GLOB ?, 'a\u202eb' GLOB ?, 'a\u00a0b' GLOB ?",
                            (pattern, pattern, pattern)).fetchone() == (1, 1, 0)
        dirty = {}
        for table, column in text_columns(conn):
            count = conn.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}" GLOB ? OR instr("{column}", char(0)) > 0',
                (pattern,),
            ).fetchone()[0]
            if count:
                dirty[f"{table}.{column}"] = count
        assert dirty == {}


# ---------------------------------------------------------------- the hostile monograph


def test_hostile_fixture_is_what_its_generator_writes() -> None:
    assert HOSTILE.TEXT_PATH.read_bytes() == HOSTILE.text_bytes()
    assert HOSTILE.CITATION_PATH.read_text("utf-8") == HOSTILE.citation_text()
    data = HOSTILE.text_bytes()
    for planted in (b"\x1b[2J", b"\x1b]0;", b"\x1b]52;", b"\x1b]8;;", b"\x1bc", b"\xc2\x9b", b"\xc2\x85",
                    "\u202e".encode(), b"\x00", b"\x7f", b"\r\n", b"O\rP", "\u00a0".encode(), "\u202f".encode(),
                    "o\u0302".encode()):
        assert planted in data, planted


def _all_passage_text(conn: sqlite3.Connection) -> str:
    return "\n".join(row[0] for row in conn.execute("SELECT text FROM passages ORDER BY id"))


def test_hostile_text_is_stored_verbatim_where_it_is_only_text(hostile_db: Path) -> None:
    with sqlite3.connect(f"file:{hostile_db}?mode=ro", uri=True) as conn:
        text = _all_passage_text(conn)
        title = conn.execute("SELECT title FROM documents").fetchone()[0]
    for fragment in HOSTILE.VERBATIM:
        assert fragment in text, fragment
    for planted, stored in HOSTILE.CLEANED.items():
        assert stored in text, (planted, stored)
    assert "OO PP" in text
    assert title == "Monographie [/] hostile [@click=app.quit]clic[/]"


def test_hostile_no_break_spaces_survive(hostile_db: Path) -> None:
    with sqlite3.connect(f"file:{hostile_db}?mode=ro", uri=True) as conn:
        text = _all_passage_text(conn)
    assert "385\u00a0000 €" in text
    assert "1,5\u202fM€" in text


def test_hostile_removed_characters_are_counted(hostile_db: Path) -> None:
    with sqlite3.connect(f"file:{hostile_db}?mode=ro", uri=True) as conn:
        removed = conn.execute("SELECT removed_chars FROM documents").fetchone()[0]
    assert removed >= 40  # every escape sequence, C1, NUL, DEL and bidi control planted


def test_hostile_names_found_by_extraction_are_document_text(hostile_db: Path) -> None:
    """Whatever the extractors make of the hostile names, they take text as text: every name
    they store is written in the document (nothing interpreted, nothing invented)."""
    with sqlite3.connect(f"file:{hostile_db}?mode=ro", uri=True) as conn:
        text = _all_passage_text(conn)
        names = [r[0] for r in conn.execute(
            "SELECT name FROM clusters UNION ALL SELECT name FROM actors UNION ALL SELECT name FROM filieres")]
    folded_text = " ".join(text.casefold().split())
    for name in names:
        assert " ".join(name.casefold().split()) in folded_text, name


# ---------------------------------------------------------------- rows 13 and 53: long paragraphs


def _reference_sentence_at(text: str, position: int) -> str:
    """The quoting rule written the simple, whole-passage way (quadratic over many facts)."""
    from grappe.importer.extract.evidence import _SENTENCE_END, MAX_QUOTE

    start, end = 0, len(text)
    for match in _SENTENCE_END.finditer(text):
        if match.end() <= position:
            start = match.end()
        else:
            end = match.start()
            break
    sentence = text[start:end].strip()
    if len(sentence) > MAX_QUOTE:
        offset = max(0, position - start - MAX_QUOTE // 2)
        sentence = ("…" if offset else "") + sentence[offset: offset + MAX_QUOTE].strip() + "…"
    return sentence


_SENTENCE_WORDS = ["le", "pôle", "Région", "finance", "385 000 €.", "État.", "Lille?", "«Non»", "(voir", "-",
                   "x!", "Le", "a\nb", "…", "Textile [/]"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SENTENCE_WORDS), max_size=700), st.floats(0, 1))
def test_quoting_looks_only_near_the_fact_and_quotes_the_same(words: list[str], where: float) -> None:
    from grappe.importer.extract.evidence import sentence_at

    text = " ".join(words)
    position = int(where * len(text))
    assert sentence_at(text, position) == _reference_sentence_at(text, position)


def test_row53_import_time_grows_linearly_with_paragraph_length(tmp_path: Path) -> None:
    sentence = "La Région finance la grappe d'entreprises Textile Avenir à hauteur de 385 000 € par an. "
    run_import([write_monograph(tmp_path / "warm.txt")], tmp_path / "warm.db")  # imports loaded

    def cpu_seconds(repeats: int) -> float:
        source = write_monograph(tmp_path / f"long{repeats}.txt", MINIMAL_MONOGRAPH + "\n" + sentence * repeats + "\n")
        started = time.process_time()  # CPU time: the machine's load does not count
        run_import([source], tmp_path / f"long{repeats}.db")
        return time.process_time() - started

    short, long = cpu_seconds(290), cpu_seconds(2320)  # one paragraph of 25,000 then 200,000 characters
    # 8 times the text: about 7 times the time when linear, 15 and more when quadratic.
    assert long < 11 * short + 0.3, f"{short:.2f} s then {long:.2f} s: import is not linear"
    assert long < 10, f"{long:.1f} s of CPU for a 200,000-character paragraph"


# ---------------------------------------------------------------- beyond the catalogue: citation files


@pytest.mark.parametrize("line", ['year = "MMXII"', "year = 99999999999999999999", "year = 2012.5", "year = true",
                                  "authors = 3", "authors = {nom = 1}", "title = = ="])
def test_a_bad_citation_file_is_refused_in_one_line(tmp_path: Path, live_db: Path, line: str) -> None:
    source = write_monograph(tmp_path / "doc.txt")
    (tmp_path / "doc.toml").write_text(f'title = "Titre"\n{line}\n' if "title" not in line else line + "\n", "utf-8")
    before = file_state(live_db)
    assert_refused(import_into(live_db, source), live_db, before, code=1, words=("doc.toml", "citation"))
    assert not (tmp_path / "logs").exists()


def test_a_good_citation_file_is_used(tmp_path: Path) -> None:
    source = write_monograph(tmp_path / "doc.txt")
    (tmp_path / "doc.toml").write_text('title = "Étude"\nyear = "2012"\nauthors = "DATAR"\n', "utf-8")
    target = tmp_path / "grappe.db"
    run_import([source], target)
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT title, year, authors FROM documents").fetchone() == ("Étude", 2012, '["DATAR"]')
