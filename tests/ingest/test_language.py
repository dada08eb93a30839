"""Language detected at read: an article in another language is kept, noted (NF121) and left out
of the English analysis, and the commands say so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app
from newsfuse.ingest.language import LanguageDetector, analysed, with_language
from newsfuse.model import Article
from newsfuse.store import Store

ENGLISH = (
    "The harbour authority of Port Ellery reopened the northern quay on Monday after a week of "
    "repairs, the port director Miriam Okafor told reporters at the ferry terminal. Ferries to "
    "the outer islands will run on the summer timetable, and freight traffic is expected to "
    "return to normal levels within days, she said."
)
FRENCH = (
    "L'autorité portuaire de Port Ellery a rouvert lundi le quai nord après une semaine de "
    "travaux, a déclaré la directrice du port, Miriam Okafor, aux journalistes réunis au "
    "terminal des ferries. Les bateaux vers les îles reprendront leurs horaires d'été, et le "
    "trafic de marchandises devrait revenir à la normale d'ici quelques jours, a-t-elle ajouté."
)


@pytest.fixture(scope="module")
def detector() -> LanguageDetector:
    return LanguageDetector.load()


def test_detected_language_and_note(detector: LanguageDetector) -> None:
    fr = with_language(Article(id="fr", text=FRENCH), detector)
    assert fr.language == "fr" and not analysed(fr.language)
    assert fr.notes == ("[NF121] detected language 'fr': " + fr.notes[0].split(": ", 1)[1],)
    en = with_language(Article(id="en", text=ENGLISH), detector)
    assert en.language == "en" and analysed(en.language) and not en.notes
    short = with_language(Article(id="s", text="Le port a rouvert."), detector)
    assert short.language is None and analysed(short.language)  # not judged on so little


def test_analyze_leaves_out_a_french_article_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "fr.txt").write_text(FRENCH, encoding="utf-8")
    res = CliRunner().invoke(app, ["analyze", str(tmp_path)])
    rows = [json.loads(line) for line in res.stdout.splitlines()]
    assert res.exit_code == 1 and [r["id"] for r in rows] == ["en"]
    assert "newsfuse: rejected [NF121]" in res.stderr and "fr.txt" in res.stderr


def test_ingest_stores_the_language_without_an_analysis(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (docs / "fr.txt").write_text(FRENCH, encoding="utf-8")
    db = tmp_path / "c.db"
    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(docs), "--db", str(db), "-j", "1", "--analyze"])
    assert res.exit_code == 0, res.output
    with Store(db) as store:
        fr, en = store.article("fr"), store.article("en")
        assert fr is not None and en is not None
        assert fr.language == "fr" and fr.notes and fr.notes[0].startswith("[NF121]")
        assert en.language == "en" and store.analysis_json("en") is not None
        assert store.analysis_json("fr") is None
    res = runner.invoke(app, ["stories", "--db", str(db)])
    assert res.exit_code == 0 and "[NF121] 1 stored articles are not in English (fr: 1)" in (
        res.stderr
    )
