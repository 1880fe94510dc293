"""The reader: every encoding it must detect and every bad input it must refuse in one line."""

from __future__ import annotations

import codecs
import os
import signal
import time
import unicodedata
from pathlib import Path

import pytest

from conftest import pdf_with_text, pdf_without_text
from grappe.db.errors import EXIT_DATA, EXIT_USAGE, InputError, UsageError
from grappe.importer import read as read_module
from grappe.importer.read import collect_paths, decode_bytes, read_document

TEXT = "Le pôle Eurasanté reçoit 385 000 € – « cœur » de la filière.\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings -------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("cp1252"), "cp1252"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "utf16le-bom", "utf16be-bom", "utf16le", "utf16be"],
)
def test_each_encoding_is_detected_and_decoded_exactly(tmp_path, data, encoding):
    source = read_document(write(tmp_path, "doc.txt", data))
    assert source.encoding == encoding
    assert source.text == TEXT
    assert not source.text.startswith("\ufeff")


def test_latin1_bytes_read_as_french_letters(tmp_path):
    source = read_document(write(tmp_path, "doc.txt", "café, élève, être\n".encode("latin-1")))
    assert (source.text, source.encoding) == ("café, élève, être\n", "cp1252")


def test_cp1252_euro_byte_becomes_the_euro_sign_not_a_c1_control(tmp_path):
    source = read_document(write(tmp_path, "doc.txt", b"budget de 3 M\x80 pour l'\xe9t\xe9\n"))
    assert source.text == "budget de 3 M€ pour l'été\n"
    assert not any(0x80 <= ord(ch) <= 0x9F for ch in source.text)


def test_crlf_cr_and_decomposed_accents_are_normalised(tmp_path):
    decomposed = unicodedata.normalize("NFD", "état\r\nrégion\rfin")
    source = read_document(write(tmp_path, "doc.txt", decomposed.encode("utf-8")))
    assert source.text == "état\nrégion\nfin"


def test_stray_nul_and_escape_sequences_are_removed_not_refused(tmp_path):
    data = "titre\x00 propre\x1b[2J et \x1b]0;pwned\x07fin\u202e\n".encode()
    source = read_document(write(tmp_path, "doc.txt", data))
    assert source.text == "titre propre et fin\n"
    assert source.removed_chars > 0


def test_forced_encoding_overrides_detection(tmp_path):
    path = write(tmp_path, "doc.txt", "Ł\u0105ka\n".encode("cp1250"))
    with pytest.raises(InputError):
        read_document(path)  # not UTF-8, and not French CP1252 either
    source = read_document(path, encoding="cp1250")
    assert (source.text, source.encoding) == ("Łąka\n", "cp1250")


def test_forced_encoding_that_does_not_fit_names_line_and_byte(tmp_path):
    path = write(tmp_path, "doc.txt", b"ligne un\nligne \xe9\n")
    with pytest.raises(InputError, match=r"utf-8 \(ligne 2, octet 15\)"):
        read_document(path, encoding="utf-8")


def test_unknown_encoding_name_is_a_usage_error(tmp_path):
    path = write(tmp_path, "doc.txt", b"texte\n")
    with pytest.raises(UsageError, match="encodage inconnu") as caught:
        read_document(path, encoding="klingon-8")
    assert caught.value.exit_code == EXIT_USAGE


def test_text_neither_utf8_nor_french_cp1252_is_refused_with_line_and_advice(tmp_path):
    russian = "первая строка\nвторая\n".encode("cp1251")
    path = write(tmp_path, "russe.txt", b"ascii d'abord\n" + russian)
    with pytest.raises(InputError) as caught:
        read_document(path)
    message = str(caught.value)
    assert message.startswith(str(path) + ": ")
    assert "ligne 2" in message and "--encoding" in message and "\n" not in message
    assert caught.value.exit_code == EXIT_DATA


def test_utf8_with_a_few_broken_bytes_is_not_silently_read_as_cp1252(tmp_path):
    data = "déjà vu, été, société\n".encode() + b"\xff\n"
    with pytest.raises(InputError, match="ligne 2"):
        read_document(write(tmp_path, "doc.txt", data))


# --- PDF --------------------------------------------------------------------------------------

def test_pdf_text_layer_is_read_with_one_page_start_per_page(tmp_path):
    data = pdf_with_text([["Introduction", "Le pôle coûte 385 000 € (été)."], ["Suite du texte."]])
    source = read_document(write(tmp_path, "doc.pdf", data))
    assert source.encoding == "pdf"
    assert "Le pôle coûte 385 000 € (été)." in source.text
    page_starts = [line for line in source.text.split("\n") if line.startswith(" ") and line[1:2] != " "]
    assert page_starts == [" Introduction", " Suite du texte."]


def test_pdf_without_text_layer_is_refused(tmp_path):
    with pytest.raises(InputError, match="sans couche texte") as caught:
        read_document(write(tmp_path, "scan.pdf", pdf_without_text()))
    assert caught.value.exit_code == EXIT_DATA


def test_damaged_pdf_is_refused_in_one_line(tmp_path):
    with pytest.raises(InputError, match="PDF illisible"):
        read_document(write(tmp_path, "broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Cat"))


def test_pdf_named_txt_is_still_read_as_pdf(tmp_path):
    source = read_document(write(tmp_path, "doc.txt", pdf_with_text([["Bonjour la région."]])))
    assert source.encoding == "pdf" and "Bonjour la région." in source.text


# --- bad inputs -------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [b"", b"  \n\n\t \r\n", codecs.BOM_UTF8, codecs.BOM_UTF16_LE])
def test_empty_or_blank_file_is_refused(tmp_path, data):
    with pytest.raises(InputError, match="rien à importer"):
        read_document(write(tmp_path, "vide.txt", data))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20,
        bytes(range(256)) * 8,
        b"\x7fELF\x02\x01\x01" + b"\x00" * 64 + b"\x03\x00>\x00",
    ],
    ids=["png", "all-bytes", "elf"],
)
def test_binary_file_is_refused(tmp_path, data):
    with pytest.raises(InputError, match="binaire"):
        read_document(write(tmp_path, "image.txt", data))


def test_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="introuvable") as caught:
        read_document(tmp_path / "absent.txt")
    assert caught.value.exit_code == EXIT_USAGE


def test_folder_given_as_a_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="dossier"):
        read_document(tmp_path)


def test_fifo_is_refused_at_once_without_blocking(tmp_path):
    fifo = tmp_path / "tube.txt"
    os.mkfifo(fifo)
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("reading a FIFO blocked"))
    signal.alarm(5)
    started = time.monotonic()
    try:
        with pytest.raises(InputError, match="pas un fichier ordinaire"):
            read_document(fifo)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - started < 1


def test_device_is_refused(tmp_path):
    with pytest.raises(InputError, match="pas un fichier ordinaire"):
        read_document(Path("/dev/zero"))


def test_huge_file_is_refused_from_its_size_without_reading_it(tmp_path):
    path = tmp_path / "enorme.txt"
    with open(path, "wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: 100 MB announced, nothing written
    started = time.monotonic()
    with pytest.raises(InputError, match=r"trop gros \(100 Mo, limite 20 Mo\).*--max-size"):
        read_document(path)
    assert time.monotonic() - started < 0.5


def test_max_size_is_the_limit_in_bytes(tmp_path):
    path = write(tmp_path, "doc.txt", b"Introduction\n" * 100)
    with pytest.raises(InputError, match="trop gros"):
        read_document(path, max_bytes=1000)
    assert read_document(path, max_bytes=1300).size == 1300


def test_unreadable_file_is_refused(tmp_path, monkeypatch):
    path = write(tmp_path, "secret.txt", b"texte\n")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # root reads anyway: simulate the refusal instead
            real_open = os.open

            def refuse(target, *args, **kwargs):
                if Path(target) == path:
                    raise PermissionError(13, "Permission denied")
                return real_open(target, *args, **kwargs)

            monkeypatch.setattr(read_module.os, "open", refuse)
        with pytest.raises(InputError, match="permission refusée") as caught:
            read_document(path)
        assert caught.value.exit_code == EXIT_DATA
    finally:
        path.chmod(0o644)


def test_undecodable_file_name_is_read_and_shown_with_its_byte(tmp_path):
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"
    with open(raw, "wb") as handle:
        handle.write(b"")
    path = Path(os.fsdecode(raw))
    with pytest.raises(InputError) as caught:
        read_document(path)
    assert "caf\\xe9.txt: fichier vide" in str(caught.value)


@pytest.mark.parametrize("name", ["[@click=app.quit]x.txt", "x[bold]y.txt", "esc\x1b]0;PWNED\x07.txt", "bidi\u202etxt.exe"])
def test_file_names_with_markup_or_controls_are_shown_verbatim_and_inert(tmp_path, name):
    path = write(tmp_path, name, b"")
    with pytest.raises(InputError) as caught:
        read_document(path)
    message = str(caught.value)
    assert "\x1b" not in message and "\x07" not in message and "\u202e" not in message
    if "[" in name:
        assert name in message  # markup-looking names are printed as they are


# --- decode_bytes directly --------------------------------------------------------------------

def test_cp1252_detection_refuses_mostly_non_french_high_bytes():
    with pytest.raises(InputError):
        decode_bytes(Path("x.txt"), "Ŝ ŝ Ş ş".encode("iso8859-3"))


# --- collecting documents from paths ----------------------------------------------------------

def test_folder_yields_only_visible_txt_and_pdf_sorted(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.PDF").write_bytes(b"%PDF")
    (tmp_path / "a.toml").write_text("title = 'a'")
    (tmp_path / "README.md").write_text("lisez-moi")
    (tmp_path / "LICENSE").write_text("licence")
    (tmp_path / ".cache.txt").write_text("caché")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("git")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("c")
    os.mkfifo(tmp_path / "tube.txt")
    found = collect_paths([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.PDF", "b.txt", "sub/c.txt"]


def test_the_same_file_named_twice_is_collected_once(tmp_path):
    path = write(tmp_path, "a.txt", b"x")
    assert collect_paths([path, tmp_path, tmp_path / "." / "a.txt"]) == [path]


def test_folder_without_documents_is_a_usage_error(tmp_path):
    (tmp_path / "notes.md").write_text("rien")
    with pytest.raises(UsageError, match="dossier sans document"):
        collect_paths([tmp_path])


def test_missing_path_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="chemin introuvable"):
        collect_paths([tmp_path / "nulle-part"])


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from grappe.db.errors import GrappeError  # noqa: E402


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.text(max_size=200).map(lambda t: t.encode("utf-16")),
    st.text(alphabet="abcéèàçœ€’ \n", max_size=200).map(lambda t: t.encode("cp1252")),
    st.binary(max_size=200).map(lambda b: b"%PDF-1.4\n" + b),
))
def test_any_bytes_are_read_or_refused_with_a_grappe_error(tmp_path, data):
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    try:
        source = read_document(path)
    except GrappeError as error:
        assert "\n" not in str(error)
    else:
        assert source.text.strip()
        assert not any(ord(ch) < 0x20 and ch not in "\n\t" for ch in source.text)
