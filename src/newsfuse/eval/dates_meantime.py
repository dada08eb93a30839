"""MEANTIME (NewsReader, English Wikinews) as a third set for ``newsfuse eval dates``.

The CAT XML files hold one ``<token>`` per word (no spacing) and, in ``<Markables>``, ``TIMEX3``
elements anchored to token ids with a TIMEX3 ``type`` and ``value``. The text is rebuilt from the
tokens with the usual English spacing (no space before ``,`` ``.`` ``'s`` ``n't`` ``%``, none after
``(`` ``$``; the title and the dateline on lines of their own). Only the annotated part is kept: the
title, the dateline and the first four sentences. Expressions without tokens (the
"empty" TIMEX3 the annotators add for a computed point) are not scored. The creation time is the
TIMEX3 with ``functionInDocument="CREATION_TIME"`` (in the two files that mark none, the
expression that makes up the dateline, the second sentence): its value is the reference date, and since it
is written in the text (the dateline) a system expression overlapping it is left out of the scores,
as the creation time sits outside the text in TimeBank and AQUAINT.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

from newsfuse.eval.dates import GoldTimex, TmlDoc, parse_dct

DOC_FOLDER = "intra-doc_annotation"
# MEANTIME annotates the title, the dateline and the first four sentences of the body (sentences
# 0-5): the text scored stops there, as the rest carries no gold expression.
LAST_ANNOTATED_SENTENCE = 5
NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "%", ")", "]", "''", "'s", "n't", "'re", "'ve", "'ll", "'m", "'d", "!"}
    | {"?", "...", "”", "’", "'", "'S"}
)
NO_SPACE_AFTER = frozenset({"(", "[", "``", "“", "$", "US$", "CA$", "#", "£", "€", "‘"})
QUOTES = {"``": '"', "''": '"'}


def list_meantime(root: Path, limit: int | None = None) -> list[Path]:
    """The English document-level files of every MEANTIME corpus, sorted, the first ``limit``."""
    files = sorted((root / DOC_FOLDER).glob("corpus_*/*.xml"))
    return files[:limit] if limit else files


def load_cat(path: Path) -> TmlDoc:
    """Text, creation date and gold TIMEX3 (DCT excluded, and its text span ignored) of one file."""
    root = ET.parse(path).getroot()
    starts: dict[str, int] = {}
    sentence_of: dict[str, str] = {}
    ends: dict[str, int] = {}
    parts: list[str] = []
    length = 0
    prev_word = ""
    prev_sentence = ""
    quote_open = False  # a straight '"' token opens a quotation, the next one closes it
    for tok in root.iter("token"):
        word = tok.text or ""
        sentence = tok.get("sentence", "")
        if int(sentence or 0) > LAST_ANNOTATED_SENTENCE:
            break
        if word == '"':
            word = "''" if quote_open else "``"
            quote_open = not quote_open
        if parts:
            if sentence != prev_sentence and prev_sentence in {"0", "1"}:
                sep = "\n"
            elif word in NO_SPACE_BEFORE or prev_word in NO_SPACE_AFTER:
                sep = ""
            else:
                sep = " "
            parts.append(sep)
            length += len(sep)
        shown = QUOTES.get(word, word)
        starts[tok.get("t_id", "")] = length
        sentence_of[tok.get("t_id", "")] = sentence
        parts.append(shown)
        length += len(shown)
        ends[tok.get("t_id", "")] = length
        prev_word, prev_sentence = word, sentence
    text = "".join(parts)
    gold: list[GoldTimex] = []
    dct_value = ""
    ignore: list[tuple[int, int]] = []
    for timex in root.iter("TIMEX3"):
        ids = [a.get("t_id", "") for a in timex.iter("token_anchor")]
        ids = [i for i in ids if i in starts]
        span = (min(starts[i] for i in ids), max(ends[i] for i in ids)) if ids else None
        dateline = bool(ids) and all(sentence_of[i] == "1" for i in ids)
        if timex.get("functionInDocument") == "CREATION_TIME" or (
            dateline and not dct_value and not _has_creation_time(root)
        ):
            dct_value = timex.get("value", "")
            if span:
                ignore.append(span)
            continue
        if span:
            gold.append(GoldTimex(span[0], span[1], timex.get("type", ""), timex.get("value", "")))
    if not dct_value:
        raise ValueError(f"{path}: no creation time")
    gold.sort(key=lambda g: (g.start, g.end))
    return TmlDoc(path.stem, text, _dct_date(dct_value), tuple(gold), tuple(ignore))


def _has_creation_time(root: ET.Element) -> bool:
    return any(t.get("functionInDocument") == "CREATION_TIME" for t in root.iter("TIMEX3"))


def _dct_date(value: str) -> date:
    """ISO dates, and the one creation time written day first (``03-02-2009``)."""
    if m := re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", value):
        return date(int(m[3]), int(m[2]), int(m[1]))
    return parse_dct(value)
