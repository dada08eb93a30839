"""Markdown, for reading in a terminal or pasting into notes. Citations are [n] article labels;
the JSON output carries the exact character offsets.

Every text taken from an article (or a file name) is HTML-escaped (``&``, ``<``, ``>``): a
Markdown viewer renders raw HTML, so an article holding ``<script>`` must come out as text."""

from __future__ import annotations

from html import escape

from newsfuse.crosscheck.framing import loaded_by_outlet
from newsfuse.model import Briefing
from newsfuse.render.labels import article_labels, cite_ids, describe, display_date

SHOWN_LOADED = 5  # loaded phrases shown per outlet (the JSON carries all)


def _e(text: object) -> str:
    return escape(str(text), quote=False)


def _c(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]" if ids else ""


def to_markdown(b: Briefing) -> str:
    lab = article_labels(b)
    out: list[str] = [f"# {_e(b.headline)}", ""]
    if b.summary:
        out += ["## Summary", ""]
        out += [f"{_e(s.text)} {_c(cite_ids(s.citations, lab))}" for s in b.summary]
        out.append("")
    if b.facts:
        out += ["## Key facts", ""]
        for f in b.facts:
            n = f.independent_sources
            out.append(
                f"- {_e(f.text)} {_c(cite_ids(f.citations, lab))} "
                f"— {len(f.articles)} articles, {n} independent source{'s' if n != 1 else ''}"
            )
        out.append("")
    if b.timeline:
        out += ["## Timeline", ""]
        out += [
            f"- **{display_date(t.date)}** {_e(t.event)} {_c(cite_ids(t.citations, lab))}"
            + (
                f" — {len(t.articles)} articles, {t.independent_sources} independent source"
                f"{'s' if t.independent_sources != 1 else ''}"
                if len(t.articles) > 1
                else ""
            )
            for t in b.timeline
        ]
        out.append("")
    if b.quotes:
        out += ["## Who said what", ""]
        for q in b.quotes:
            who = _e(q.speaker or "unattributed")
            text = _e(f"“{q.text.strip(chr(34) + '“”‘’ ')}”" if q.direct else q.text)
            cue = f" ({_e(q.cue)})" if q.cue else ""
            out.append(f"- **{who}**{cue}: {text} {_c(cite_ids(q.citations, lab))}")
        out.append("")
    if b.discrepancies:
        out += ["## Discrepancies", ""]
        out += [f"- *{d.kind}*: {_e(d.description)}" for d in b.discrepancies]
        out.append("")
    if b.entities:
        out += ["## People, organisations, places", ""]
        for e in b.entities:
            variants = [v for v in e.variants if v != e.name]
            also = f" (also: {_e(', '.join(variants))})" if variants else ""
            arts = ", ".join(lab.get(a, a) for a in e.articles)
            out.append(f"- **{_e(e.name)}** — {e.type}{also} [{_e(arts)}]")
        out.append("")
    if b.loaded or b.framing:
        out += ["## How each outlet told it", ""]
    if b.loaded:
        out += ["Loaded words in each outlet's own voice (strongest first):", ""]
        for outlet, phrases in loaded_by_outlet(b.articles, b.loaded, limit=SHOWN_LOADED):
            items = []
            for ph in phrases:
                aim = f" {ph.polarity}" if ph.polarity else ""
                aim += f" → {_e(ph.target)}" if ph.target else ""
                aim = f" ({aim.strip()})" if aim else ""
                items.append(f"“{_e(ph.text)}”{aim} [{lab.get(ph.span.article, ph.span.article)}]")
            out.append(f"- **{_e(outlet)}**: " + "; ".join(items))
        out.append("")
    if b.framing:
        if b.loaded:
            out += ["Contested terms:", ""]
        family = None
        for term in b.framing:
            if term.family != family:
                family = term.family
                out.append(f"*{_e(family)}*:")
            own = ", ".join(lab.get(a, a) for a in term.articles) or "—"
            quoted = ", ".join(lab.get(a, a) for a in term.quoted_in) or "—"
            out.append(f"- “{_e(term.term)}”: own voice [{own}]; inside quotes [{quoted}]")
        out.append("")
    if b.coverage:
        out += ["## Coverage", ""]
        for c in b.coverage:
            out.append(
                f"- **[{lab.get(c.article, c.article)}]** alone reports: "
                + _e(" · ".join(c.unique_facts) or "nothing the others lack")
            )  # " · " as on the HTML page: the sentences end in their own punctuation
            if c.missing_facts:
                out.append(f"  - leaves out: {_e(' · '.join(c.missing_facts))}")
        out.append("")
    out += ["## Articles", ""]
    for a in b.articles:
        title = f" — {_e(a.title)}" if a.title else ""
        out.append(
            f"{lab[a.id]}. `{a.id}` ({_e(describe(a))}){title}; "
            f"{len(a.removed)} boilerplate lines removed"
        )
    if b.rejects:
        out += ["", "## Rejected inputs", ""]
        out += [f"- {_e(r.message())}" for r in b.rejects]
    return "\n".join(out).rstrip() + "\n"
