"""Arguments of event words read off the parse (analyze/arguments.py)."""

from __future__ import annotations

from newsfuse.analyze.pipeline import analyze
from newsfuse.model import Article


def _roles(nlp, text: str) -> set[tuple[int, str, str, str]]:
    an = analyze(Article(id="a", text=text), nlp)
    for a in an.arguments:
        assert an.article.text[a.span.start : a.span.end].lower().startswith(a.head[:3])
    return {(a.sentence, a.event, a.role, a.head) for a in an.arguments}


def test_who_did_it_to_whom_where_and_when(nlp) -> None:
    got = _roles(nlp, "Police arrested the bank robber near Lyon on Tuesday.")
    assert (0, "arrest", "agent", "police") in got
    assert (0, "arrest", "patient", "robber") in got
    assert (0, "arrest", "place", "lyon") in got
    assert (0, "arrest", "time", "tuesday") in got


def test_a_passive_subject_is_the_patient_and_by_names_the_agent(nlp) -> None:
    got = _roles(nlp, "The robber was arrested by police on Tuesday.")
    assert (0, "arrest", "patient", "robber") in got
    assert (0, "arrest", "agent", "police") in got
    assert not any(r == "agent" and h == "robber" for _, _, r, h in got)


def test_pronouns_and_reporting_verbs_give_no_argument(nlp) -> None:
    got = _roles(nlp, "He said they arrested him.")
    assert all(h not in {"he", "they", "him"} for _, _, _, h in got)
    assert all(e != "say" for _, e, _, _ in got)


def test_each_conjoined_participant_counts(nlp) -> None:
    got = _roles(nlp, "Soldiers and police evacuated the village.")
    assert {(0, "evacuate", "agent", "soldier"), (0, "evacuate", "agent", "police")} <= got
