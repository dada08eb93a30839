"""Files and folders as they come: symbolic link loops, a file gone mid-run, stray NULs, UTF-16
without and UTF-32 with a byte order mark, JSON lines that are not objects."""

from __future__ import annotations

import os
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.ingest import read_inputs
from newsfuse.model import Article, Reject

TEXT = (
    "The ferry company of Lower Tarn said on Monday that its two oldest boats would be retired "
    "in the spring, after the harbour inspector found corrosion in both hulls during the winter "
    "survey. Passengers will be carried by a chartered vessel until the new boats arrive.\n"
)


def read(paths: list[Path]) -> tuple[list[Article], list[Reject]]:
    out = list(read_inputs([str(p) for p in paths], Settings()))
    return [a for a in out if isinstance(a, Article)], [r for r in out if isinstance(r, Reject)]


def test_a_linked_folder_is_read_once_and_a_loop_is_named(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "b.txt").write_text(TEXT)
    top = tmp_path / "top"
    top.mkdir()
    (top / "a.txt").write_text(TEXT)
    os.symlink("../other", top / "linked")  # another folder: its file is read
    os.symlink(".", top / "self")  # a loop back to the folder itself
    os.symlink("spin", top / "spin")  # a link to itself
    articles, rejects = read([top])
    assert sorted(Path(a.path or "").name for a in articles) == ["a.txt", "b.txt"]
    named = {Path(r.source).name: r.code for r in rejects}
    assert named == {"self": "NF102", "spin": "NF102"}
    detail = next(r.detail for r in rejects if r.source.endswith("self"))
    assert (
        detail == f"a symbolic link to a folder walked already, as {top}: its files are read once"
    )


def test_a_file_gone_mid_run_is_named_and_the_others_read(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(TEXT.replace("Monday", name))
    out = read_inputs([str(tmp_path)], Settings())
    first = next(out)
    (tmp_path / "b.txt").unlink()  # after the folder was listed
    rest = list(out)
    assert isinstance(first, Article) and first.id == "a"
    assert [type(x).__name__ for x in rest] == ["Reject", "Article"]
    assert rest[0].source.endswith("b.txt") and rest[0].code == "NF102"


def test_stray_nul_bytes_are_noted_not_a_binary_reject(tmp_path: Path) -> None:
    (tmp_path / "nul.txt").write_bytes(TEXT.encode() + b"and \x00 one more\x00.\n")
    articles, rejects = read([tmp_path / "nul.txt"])
    assert not rejects and "\ufffd one more" in articles[0].text
    assert articles[0].notes and articles[0].notes[0].startswith("[NF114] 2 ")


def test_utf16_without_and_utf32_with_a_byte_order_mark(tmp_path: Path) -> None:
    (tmp_path / "u16.txt").write_bytes(TEXT.encode("utf-16-le"))
    (tmp_path / "u32.txt").write_bytes(TEXT.encode("utf-32"))
    articles, rejects = read([tmp_path / "u16.txt", tmp_path / "u32.txt"])
    assert [a.id for a in articles] == ["u32"] and articles[0].text.startswith("The ferry")
    assert [r.code for r in rejects] == ["NF104"] and "UTF-16 without" in rejects[0].detail


def test_json_lines_that_are_not_objects_say_what_they_are(tmp_path: Path) -> None:
    lines = ["[1, 2]", "42", '"text"', "null", "true", '{"text": "' + TEXT.strip() + '"}']
    (tmp_path / "x.jsonl").write_text("\ufeff" + "\n".join(lines) + "\n")
    articles, rejects = read([tmp_path / "x.jsonl"])
    assert [a.id for a in articles] == ["x-6"]
    assert [r.detail for r in rejects] == [
        "an array, not an object",
        "a number, not an object",
        "a string, not an object",
        "null, not an object",
        "a boolean, not an object",
    ]
    assert [r.source for r in rejects] == [f"{tmp_path / 'x.jsonl'}:{i}" for i in range(1, 6)]


def test_stdin_in_utf16_gzipped_or_with_a_byte_order_mark(monkeypatch) -> None:  # noqa: ANN001
    """On stdin the format is told from the bytes alone: a UTF-16 page is HTML (not text
    holding markup), gzip is undone (a gzipped WARC is left to warcio), a JSONL BOM is skipped."""
    import gzip
    import io
    import json
    import sys

    from newsfuse.ingest.files import sniff_format

    page = f"<!DOCTYPE html><html><head><title>Ferries</title></head><body><article><p>{TEXT}</p>"
    page += f"<p>{TEXT}</p></article></body></html>"
    assert sniff_format("<stdin>", page.encode("utf-16")) == "html"
    assert sniff_format("<stdin>", page.encode("utf-32")) == "html"
    line = json.dumps({"id": "j1", "text": TEXT}) + "\n"
    assert sniff_format("<stdin>", "\ufeff".encode() + line.encode()) == "jsonl"
    assert sniff_format("<stdin>", gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n")) == "warc"

    def stdin(data: bytes) -> tuple[list[Article], list[Reject]]:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        out = list(read_inputs(["-"], Settings()))
        return [a for a in out if isinstance(a, Article)], [r for r in out if isinstance(r, Reject)]

    arts, rejects = stdin(page.encode("utf-16"))
    assert not rejects and "<" not in arts[0].text and arts[0].title == "Ferries"
    arts, rejects = stdin(gzip.compress(line.encode() * 2))
    assert not rejects and [a.id for a in arts] == ["j1", "j1-2"]
    arts, rejects = stdin(gzip.compress(TEXT.encode())[:-12])  # cut short
    assert not arts and [(r.code, r.source) for r in rejects] == [("NF102", "<stdin>")]
    assert "bad gzip data" in rejects[0].detail


def test_an_html_file_in_the_legacy_charset_its_meta_names(tmp_path: Path) -> None:
    """A page in KOI8-R or Shift JIS saying so in ``<meta charset>`` reads in that charset (not
    as Windows-1252 mojibake); a page that says KOI8-R but is valid UTF-8 reads as UTF-8."""
    ru = "Паромная компания сообщила в понедельник, что два старых судна спишут весной. "
    ja = "フェリー会社は月曜日、古い船二隻を春に引退させると発表した。"

    def page(charset: str, text: str) -> str:
        body = "".join(f"<p>{text * 4} {i}</p>" for i in range(4))
        return (
            f'<html><head><meta charset="{charset}"><title>T</title></head>'
            f"<body><article>{body}</article></body></html>"
        )

    (tmp_path / "ru.html").write_bytes(page("koi8-r", ru).encode("koi8-r"))
    (tmp_path / "ja.html").write_bytes(page("shift_jis", ja).encode("shift_jis"))
    (tmp_path / "lie.html").write_bytes(page("koi8-r", ru).encode("utf-8"))
    articles, rejects = read([tmp_path])
    assert not rejects
    texts = {Path(a.path or "").name: a.text for a in articles}
    assert ru.split(",")[0] in texts["ru.html"] and ru.split(",")[0] in texts["lie.html"]
    assert ja[:10] in texts["ja.html"]


def test_a_page_saying_utf16_without_a_byte_order_mark_is_not_read_as_utf16(
    tmp_path: Path,
) -> None:
    """A page whose ``<meta>`` (or HTTP header) says UTF-16 or UTF-32 but that has no byte
    order mark is not in it (its text would hold NULs): as the HTML standard says, the claim is
    passed over and the bytes read as any file's, UTF-8 with Windows-1252 (here one byte é)."""
    from newsfuse.ingest.files import decode_body

    for charset in ("utf-16", "UTF-16LE", "utf-32"):
        html = (
            f'<html><head><meta charset="{charset}"><title>Ferry</title></head><body><article>'
            + "".join(f"<p>{TEXT.replace('spring', 'café season')} {i}</p>" for i in range(4))
            + "</article></body></html>"
        )
        for pad in ("", " "):  # an even and an odd number of bytes
            data = (html + pad).encode("cp1252")
            name = f"{charset}{len(pad)}.html"
            (tmp_path / name).write_bytes(data)
            decoded = decode_body(data, f"text/html; charset={charset}")
            assert decoded is not None and "café season" in decoded[0], (charset, pad)
    articles, rejects = read([tmp_path])
    assert not rejects
    assert len(articles) == 6 and all("café season" in a.text for a in articles)


def test_a_utf16_or_utf32_file_of_a_byte_order_mark_and_blanks_is_empty(tmp_path: Path) -> None:
    """A UTF-16 or UTF-32 file holding a byte order mark and white space and nothing else is
    NF103 (empty), as a UTF-8 one is, not NF110 (text that cleaning removed)."""
    for codec in ("utf-16", "utf-16-be", "utf-32", "utf-32-be"):
        bom = "\ufeff" if codec.endswith("-be") else ""
        (tmp_path / f"{codec}.txt").write_bytes((bom + " \n\t\n").encode(codec))
    (tmp_path / "bom-only.txt").write_bytes("".encode("utf-16"))
    articles, rejects = read([tmp_path])
    assert not articles
    assert {Path(r.source).name: r.code for r in rejects} == {
        "bom-only.txt": "NF103",
        "utf-16.txt": "NF103",
        "utf-16-be.txt": "NF103",
        "utf-32.txt": "NF103",
        "utf-32-be.txt": "NF103",
    }
    assert all("byte order mark" in (r.detail or "") for r in rejects)


def test_a_published_field_that_is_not_a_string_is_a_named_reject(tmp_path: Path) -> None:
    """``"published": 20220226`` is NF113 naming the line, as an unreadable date string is;
    null, an empty string or one of white space is no date."""
    import json

    rows = [
        {"id": "n", "text": TEXT, "published": 20220226},
        {"id": "z", "text": TEXT, "published": None},
        {"id": "e", "text": TEXT, "published": ""},
        {"id": "b", "text": TEXT, "published": " \t"},
        {"id": "s", "text": TEXT, "published": "2022-02-26"},
    ]
    (tmp_path / "d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    articles, rejects = read([tmp_path / "d.jsonl"])
    assert [a.id for a in articles] == ["z", "e", "b", "s"]
    assert [(r.code, r.detail) for r in rejects] == [("NF113", "20220226")]
    assert str(articles[3].published) == "2022-02-26"
    assert [a.published for a in articles[:3]] == [None, None, None]


def test_unreadable_files_and_folders_are_named(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    """A file or a folder without read permission is NF102 naming it; the rest is read. The
    permissions are told through os.access and os.scandir (the tests may run as root, who
    reads everything)."""
    (tmp_path / "ok.txt").write_text(TEXT)
    (tmp_path / "secret.txt").write_text(TEXT)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.txt").write_text(TEXT)
    real_access, real_scandir = os.access, os.scandir

    def access(path, mode, **kw):  # noqa: ANN001, ANN003, ANN202
        return False if str(path).endswith("secret.txt") else real_access(path, mode, **kw)

    def scandir(path):  # noqa: ANN001, ANN202
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(os, "scandir", scandir)
    articles, rejects = read([tmp_path])
    assert [a.id for a in articles] == ["ok"]
    named = {Path(r.source).name: (r.code, r.detail) for r in rejects}
    assert named == {
        "locked": ("NF102", "Permission denied"),
        "secret.txt": ("NF102", "permission denied"),
    }
