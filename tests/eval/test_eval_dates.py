"""``newsfuse eval dates``: TimeML reading, TempEval-3 scoring, and a quality floor on TimeBank."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import typer

from floors import floor
from newsfuse.eval.dates import (
    GoldTimex,
    Scores,
    SysTimex,
    TmlDoc,
    build_rows,
    corpus_files,
    creation_date,
    evaluate_files,
    header_dates,
    list_files,
    load_tml,
    newsfuse_system,
    register,
    score_document,
    write_doc,
)

TML = """<?xml version="1.0" ?>
<TimeML>
<DOCID>x1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-02-27T08:17:00" temporalFunction="false" \
functionInDocument="CREATION_TIME">02/27/1998</TIMEX3></DCT>
<TEXT>
Profits at A&amp;B <EVENT eid="e1">rose</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-02-26" \
functionInDocument="NONE">yesterday</TIMEX3> after <TIMEX3 tid="t2" type="DURATION" value="P3Y">\
three years</TIMEX3>.
</TEXT>
</TimeML>
"""


def test_load_tml_strips_tags_and_keeps_offsets(tmp_path: Path) -> None:
    path = tmp_path / "x1.tml"
    path.write_text(TML, encoding="utf-8")
    doc = load_tml(path)
    assert doc.dct == date(1998, 2, 27)
    assert "<" not in doc.text and "A&B rose yesterday" in doc.text
    assert [(doc.text[g.start : g.end], g.type, g.value) for g in doc.gold] == [
        ("yesterday", "DATE", "1998-02-26"),
        ("three years", "DURATION", "P3Y"),
    ]


def _wire(dct: str, header: str) -> str:
    return (
        '<?xml version="1.0" ?>\n<TimeML>\n<DOCID>ZZZ20310115.0002</DOCID>\n'
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct}" functionInDocument="CREATION_TIME">'
        f"{dct}</TIMEX3></DCT>\n<EXTRAINFO>\n{header}\n</EXTRAINFO>\n<TEXT>\n"
        "The council met Wednesday.\n</TEXT>\n</TimeML>\n"
    )


@pytest.mark.parametrize(
    ("dct", "header", "expected"),
    [
        # sent again on the 15th under a new number: the header is that of the story filed on
        # the 7th, whose "Wednesday" is the 5th, not the 12th
        (
            "2031-01-15",
            "ZZZ20310107.0001  NEWS STORY  2031-01-07 03:03\nCouncil Meets",
            "2031-01-07",
        ),
        ("2031-01-15", "ZZZ20310107.0001 \n NEWS STORY \n 01/07/2031 09:24:00", "2031-01-07"),
        # a day apart: a time zone or the receipt date (the DCT is the dateline's day)
        ("2031-01-14", "ZZZ20310115.0002  2031-01-15", "2031-01-14"),
        # the same day, with a clock time
        ("2031-01-15T08:17:00", "ZZZ20310115.0002  NEWS STORY  2031-01-15 08:17", "2031-01-15"),
        # several dates: nothing says which was the filing, the DCT stays
        ("2031-01-15", "ZZZ  2031-01-07 03:03\nupdated 2031-01-09 10:00", "2031-01-15"),
        # no stamp at all
        ("2031-01-15", "ZZZ20310115.0002 NEWS STORY", "2031-01-15"),
    ],
)
def test_creation_date_is_the_header_filing_when_days_away(
    tmp_path: Path, dct: str, header: str, expected: str
) -> None:
    path = tmp_path / "ZZZ20310115.0002.tml"
    path.write_text(_wire(dct, header), encoding="utf-8")
    assert load_tml(path).dct == date.fromisoformat(expected)


def test_header_dates_reads_iso_and_us_stamps_only() -> None:
    assert header_dates("A1  2031-01-07 03:03 / 02/03/2031 x 31/12/2031 2031-13-40 1207-0088") == {
        date(2031, 1, 7),
        date(2031, 2, 3),
    }
    assert creation_date(date(2031, 1, 15), "") == date(2031, 1, 15)
    assert creation_date(date(2031, 1, 15), "2031-01-13") == date(2031, 1, 13)


def test_score_document_counts_relaxed_strict_type_and_value() -> None:
    text = "on Friday night and for three days"
    gold = (GoldTimex(3, 15, "TIME", "X-TNI"), GoldTimex(24, 34, "DURATION", "P3D"))
    doc = TmlDoc("d", text, date(2000, 1, 1), gold)
    system = [
        SysTimex(3, 9, "DATE", "X"),  # overlaps gold 1, wrong type and value
        SysTimex(24, 34, "DURATION", "P3D"),  # exact
        SysTimex(0, 2, "DATE", "Y"),  # false positive
    ]
    s = score_document(doc, system)
    assert (s.system, s.gold, s.sys_relaxed, s.gold_relaxed) == (3, 2, 2, 2)
    assert (s.sys_strict, s.gold_strict) == (1, 1)
    assert s.type_ok == 1 and s.type_accuracy == 0.5
    assert (s.sys_value, s.gold_value) == (1, 1)
    p, r, f = s.value
    assert p == pytest.approx(1 / 3) and r == pytest.approx(0.5) and f == pytest.approx(0.4)


def test_rows_have_mean_and_reference_lines(tmp_path: Path) -> None:
    s = Scores(docs=1, gold=2, system=2, sys_relaxed=2, gold_relaxed=2, sys_value=1, gold_value=1)
    big = Scores(docs=1, gold=8, system=8, sys_relaxed=8, gold_relaxed=8, sys_value=8, gold_value=8)
    rows = build_rows({"TimeBank": {"newsfuse": s}, "MEANTIME": {"newsfuse": big}})
    assert [r[0] for r in rows] == ["TimeBank", "MEANTIME", "mean of 2 sets", "TE3 test"]
    # each set counts once: (0.5 + 1.0) / 2, not the pooled 9/10
    assert rows[2][3] == "10" and rows[2][-1] == "0.750"
    out = tmp_path / "dates.md"
    write_doc(out, rows, "newsfuse eval dates --write-doc")
    written = out.read_text(encoding="utf-8")
    assert (
        "newsfuse eval dates --write-doc" in written and "| mean of 2 sets | newsfuse |" in written
    )


def test_ignored_span_is_not_scored() -> None:
    doc = TmlDoc("d", "March 1, 2008\nIt rained today.", date(2008, 3, 1), (), ((0, 13),))
    s = score_document(doc, [SysTimex(0, 13, "DATE", "2008-03-01")])
    assert (s.system, s.sys_relaxed) == (0, 0)


CAT = """<?xml version="1.0" ?><Document doc_id="1" doc_name="x" lang="en">
<token number="0" sentence="0" t_id="1">Rain</token>
<token number="1" sentence="0" t_id="2">stops</token>
<token number="2" sentence="1" t_id="3">March</token>
<token number="3" sentence="1" t_id="4">01</token>
<token number="4" sentence="1" t_id="5">,</token>
<token number="5" sentence="1" t_id="6">2008</token>
<token number="6" sentence="2" t_id="7">It</token>
<token number="7" sentence="2" t_id="8">&quot;</token>
<token number="8" sentence="2" t_id="9">stopped</token>
<token number="9" sentence="2" t_id="10">&quot;</token>
<token number="10" sentence="2" t_id="11">two</token>
<token number="11" sentence="2" t_id="12">days</token>
<token number="12" sentence="2" t_id="13">ago</token>
<token number="13" sentence="2" t_id="14">(</token>
<token number="14" sentence="2" t_id="15">AP</token>
<token number="15" sentence="2" t_id="16">)</token>
<token number="16" sentence="2" t_id="17">.</token>
<token number="17" sentence="6" t_id="18">Later</token>
<Markables>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="1" type="DATE" value="2008-03-01">
<token_anchor t_id="3"/><token_anchor t_id="4"/><token_anchor t_id="5"/><token_anchor t_id="6"/>
</TIMEX3>
<TIMEX3 functionInDocument="NONE" m_id="2" type="DATE" value="2008-02-28">
<token_anchor t_id="11"/><token_anchor t_id="12"/><token_anchor t_id="13"/>
</TIMEX3>
<TIMEX3 TAG_DESCRIPTOR="x" functionInDocument="NONE" m_id="3" type="DATE" value="2058"/>
</Markables>
</Document>
"""


def test_load_cat_rebuilds_text_spans_and_creation_time(tmp_path: Path) -> None:
    from newsfuse.eval.dates_meantime import load_cat

    path = tmp_path / "x.xml"
    path.write_text(CAT, encoding="utf-8")
    doc = load_cat(path)
    # spacing rebuilt, title and dateline on lines of their own, unannotated sentences dropped
    assert doc.text == 'Rain stops\nMarch 01, 2008\nIt "stopped" two days ago (AP).'
    assert doc.dct == date(2008, 3, 1)
    assert [(doc.text[g.start : g.end], g.value) for g in doc.gold] == [
        ("two days ago", "2008-02-28")
    ]
    assert [doc.text[a:b] for a, b in doc.ignore] == ["March 01, 2008"]


def test_register_adds_one_dates_command() -> None:
    app = typer.Typer()
    register(app)
    assert [c.name for c in app.registered_commands] == ["dates"]


@pytest.mark.slow
@pytest.mark.gate
def test_value_f1_floor_on_timebank_subset(nlp, shared_dir: Path) -> None:
    data = shared_dir / "data" / "tempeval3" / "Training" / "TBAQ-cleaned"
    files = list_files(data, "TimeBank", 36)[::3]  # 12 fixed documents
    scores = evaluate_files(files, nlp, {"newsfuse": newsfuse_system})["newsfuse"]
    assert scores.gold > 100
    assert scores.relaxed[2] >= floor("dates.relaxed_f1")
    assert scores.value[2] >= floor("dates.value_f1")


# every Nth document of the sets the rules were not tuned on (AQUAINT: 13 docs, MEANTIME: 30)
GATE_STEP = {"AQUAINT": 6, "MEANTIME": 4}


@pytest.mark.slow
@pytest.mark.gate
@pytest.mark.parametrize(
    ("corpus", "relaxed_floor", "value_floor"),
    [
        ("AQUAINT", floor("dates.aquaint_relaxed_f1"), floor("dates.aquaint_value_f1")),
        ("MEANTIME", floor("dates.meantime_relaxed_f1"), floor("dates.meantime_value_f1")),
    ],
)
def test_value_f1_floor_on_unseen_subsets(
    nlp, shared_dir: Path, corpus: str, relaxed_floor: float, value_floor: float
) -> None:
    data = shared_dir / "data" / "tempeval3" / "Training" / "TBAQ-cleaned"
    meantime = shared_dir / "data" / "meantime"
    files = corpus_files(data, meantime, corpus, None)[:: GATE_STEP[corpus]]
    scores = evaluate_files(files, nlp, {"newsfuse": newsfuse_system})["newsfuse"]
    assert scores.gold > 80
    assert scores.relaxed[2] >= relaxed_floor
    assert scores.value[2] >= value_floor


@pytest.mark.slow
@pytest.mark.gate
def test_value_f1_floor_on_all_of_aquaint(nlp, shared_dir: Path) -> None:
    # the whole set: the rules made on AQUAINT's errors show on documents the subset above skips
    data = shared_dir / "data" / "tempeval3" / "Training" / "TBAQ-cleaned"
    files = list_files(data, "AQUAINT", None)
    assert len(files) == 73
    scores = evaluate_files(files, nlp, {"newsfuse": newsfuse_system})["newsfuse"]
    assert scores.value[2] >= floor("dates.aquaint_all_value_f1")
