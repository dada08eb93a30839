"""Bad inputs get a named, reasoned reject; the rest of the run goes on."""

from __future__ import annotations

from pathlib import Path

from newsfuse.config import Settings
from newsfuse.ingest import read_inputs
from newsfuse.model import Article, Reject

GOOD = (
    "Storm closes port\n\n"
    "A storm closed the port of Exampleton on Monday, the harbour authority said. "
    "Ferries were cancelled and about 40 ships waited offshore.\n"
)


def read(paths: list[Path], **kw: object) -> tuple[list[Article], list[Reject]]:
    out = list(read_inputs([str(p) for p in paths], Settings().with_(**kw)))
    return ([a for a in out if isinstance(a, Article)], [r for r in out if isinstance(r, Reject)])


def test_binary_empty_undecodable_and_missing(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "latin.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d" * 10)
    articles, rejects = read([tmp_path, tmp_path / "missing.txt"])
    assert [a.id for a in articles] == ["good"]
    reasons = {Path(r.source).name: r.code for r in rejects}
    assert reasons == {
        "blank.txt": "NF103",
        "empty.txt": "NF103",
        "image.txt": "NF104",
        "latin.txt": "NF105",
        "missing.txt": "NF101",
    }
    for r in rejects:
        assert r.source in r.message() and r.reason in r.message()


def test_oversized_file_is_rejected_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # a sparse 200 MB file: rejected from its size alone
        fh.truncate(200 * 1024 * 1024)
    articles, rejects = read([big])
    assert not articles
    assert rejects[0].code == "NF106" and "209,715,200" in rejects[0].detail


def test_malformed_jsonl_lines_are_rejected_one_by_one(tmp_path: Path) -> None:
    f = tmp_path / "batch.jsonl"
    f.write_text(
        '{"id": "a1", "text": "One sentence here. And another one.", "published": "2022-02-26"}\n'
        "{not json\n"
        '["a list"]\n'
        '{"id": "a4", "title": "no text"}\n'
        '{"id": "a5", "text": "Fine too.", "published": "26/02/2022"}\n'
        '{"id": "a6", "text": "Last one.", "source": "Example Post", "url": "https://example.org/x"}\n',
        encoding="utf-8",
    )
    articles, rejects = read([f])
    assert [a.id for a in articles] == ["a1", "a6"]
    assert articles[0].published.isoformat() == "2022-02-26"
    assert (
        articles[1].source == "Example Post"
        and articles[1].source_method == "record field `source`"
    )
    assert [(r.source.rsplit(":", 1)[1], r.code) for r in rejects] == [
        ("2", "NF107"),
        ("3", "NF107"),
        ("4", "NF108"),
        ("5", "NF113"),
    ]
    # the detail says where in the line JSON broke ("Expecting property name enclosed in
    # double quotes column 2", not a message cut before its position)
    assert rejects[0].detail.endswith("column 2")


def test_header_date_and_ids(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(" date 2022-02-26 " + GOOD, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(GOOD, encoding="utf-8")
    articles, rejects = read([tmp_path])
    assert not rejects
    assert [a.id for a in articles] == ["a", "a-2"]
    assert articles[0].published.isoformat() == "2022-02-26"
    assert articles[0].text.startswith("Storm closes port")
    assert articles[1].published is None


def test_signature_decides_the_outlet_and_the_wire(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_text(GOOD + "\n© KYODO\n\nJN ACCESS RANKING\n", encoding="utf-8")
    (articles, _) = read([tmp_path / "w.txt"])
    a = articles[0]
    assert a.wire == "Kyodo News" and "KYODO" in a.wire_method
    assert a.source == "The Japan News (Yomiuri Shimbun)" and "signature" in a.source_method
    (articles, _) = read([tmp_path / "w.txt"], source="Example Times")
    assert articles[0].source == "Example Times" and articles[0].source_method == "given"


def test_a_file_mixing_utf8_and_windows_1252_keeps_both_with_a_note(tmp_path: Path) -> None:
    """UTF-8 text with a pasted Windows-1252 passage: each reads as itself (read whole as
    Windows-1252, "Café" became "CafÃ©"), and the article says so (NF124)."""
    utf8 = "Café owners said the harbour’s reopening helped. ".encode()
    cp1252 = "Les cafés ont rouvert — « bien ».".encode("cp1252")
    (tmp_path / "mixed.txt").write_bytes(utf8 * 3 + cp1252 + b" Ships returned on Tuesday.\n")
    (tmp_path / "latin.txt").write_bytes("Café — « bien ».\n".encode("cp1252"))
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    articles, rejects = read([tmp_path])
    assert rejects == []
    by_id = {a.id: a for a in articles}
    mixed = by_id["mixed"]
    assert "Café owners said the harbour’s reopening" in mixed.text
    assert "Les cafés ont rouvert — « bien »." in mixed.text and "Ã" not in mixed.text
    assert [n.split()[0] for n in mixed.notes] == ["[NF124]"]
    assert f"byte {len(utf8) * 3 + len('Les caf')}" in mixed.notes[0]
    # a Windows-1252 file, and a UTF-8 one, read as before, without a note
    assert by_id["latin"].text.startswith("Café — « bien »") and by_id["latin"].notes == ()
    assert by_id["good"].notes == ()


def test_a_jsonl_line_mixing_encodings_is_noted_on_its_record(tmp_path: Path) -> None:
    good = '{"id": "a", "text": "The port of Exampleton reopened on Tuesday, officials said."}'
    mixed = '{"id": "b", "text": "Caf\u00e9 owners in Exampleton said the port reopened. '
    line = mixed.encode() + 'Les cafés ont rouvert."}'.encode("cp1252")
    (tmp_path / "r.jsonl").write_bytes(good.encode() + b"\n" + line + b"\n")
    articles, rejects = read([tmp_path / "r.jsonl"])
    assert rejects == []
    assert [a.id for a in articles] == ["a", "b"]
    assert articles[0].notes == ()
    assert "Café owners" in articles[1].text and "Les cafés ont rouvert." in articles[1].text
    assert [n.split()[0] for n in articles[1].notes] == ["[NF124]"]


def test_brief_lists_the_notes_of_kept_articles(capsys) -> None:  # noqa: ANN001
    from newsfuse.cli.brief import _report_notes

    notes = ("[NF124] mixed encodings: UTF-8 text with bytes that are not UTF-8 (the first at 9)",)
    _report_notes([Article(id="m", text="x", path="in/mixed.txt", notes=notes)])
    _report_notes([Article(id="f", text="x", notes=("[NF121] detected language 'fr': …",))])
    err = capsys.readouterr().err.splitlines()
    assert err == [f"newsfuse: note [NF124] in/mixed.txt: {notes[0].split(' ', 1)[1]}"]


def test_an_empty_folder_and_a_lone_byte_order_mark_are_empty(tmp_path: Path) -> None:
    """NF103 for a folder with nothing to read and for a file holding only a UTF-8 BOM, instead
    of no reject at all (the run then said "see the rejects above" with none above) and
    "no text left after cleaning: 0 lines removed"."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "hidden").mkdir()
    (tmp_path / "hidden" / ".draft.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf \n")
    paths = [tmp_path / "empty", tmp_path / "hidden", tmp_path / "bom.txt"]
    articles, rejects = read(paths)
    assert articles == []
    assert [(Path(r.source).name, r.code) for r in rejects] == [
        ("empty", "NF103"),
        ("hidden", "NF103"),
        ("bom.txt", "NF103"),
    ]


def test_binary_reason_counts_control_bytes_as_byte_by_byte() -> None:
    """The control bytes are counted in C (``bytes.translate``): the same answer as counting
    them one by one, on random heads around the 1% (NUL) and 5% bars, with and without the NUL
    check."""
    import codecs
    import random

    from newsfuse.ingest.files import binary_reason

    boms = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)

    def by_hand(data: bytes, nul: bool) -> str | None:
        head = data[:8192]
        if not head:
            return None
        nuls = head.count(0) if nul and not head.startswith(boms) else 0
        if nuls * 100 > len(head):
            return binary_reason(data, nul=nul)  # the NUL bar: not what is compared here
        controls = sum(1 for b in head if b < 32 and b not in (0, 9, 10, 12, 13, 27)) + nuls
        if controls * 20 > len(head):
            return f"{controls} control bytes in the first {len(head):,} bytes"
        return None

    rng = random.Random(7)
    seen = set()
    for _ in range(600):
        share = rng.choice((0.0, 0.01, 0.03, 0.05, 0.06, 0.2))
        size = rng.choice((0, 1, 19, 20, 21, 100, 9000))
        data = bytes(
            rng.randrange(0, 32) if rng.random() < share else rng.randrange(32, 256)
            for _ in range(size)
        )
        for nul in (True, False):
            reason = binary_reason(data, nul=nul)
            assert reason == by_hand(data, nul), (data[:40], nul)
            seen.add(reason is None)
    assert seen == {True, False}
    assert binary_reason(b"\x01\x02\x03 text") and not binary_reason(b"plain\ttext\r\n\x1b[0m")
