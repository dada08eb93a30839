"""Who said what: quotes grouped across outlets when they report the same words of the same speaker.

Two quotes are the same when their speakers resolve to the same entity (or one speaker is
unknown) and their words overlap strongly (token-set similarity of the quoted text), so a
translation variant ("will not be limited to Europe" / "will not stop in Europe") is matched only
when it shares enough words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

from newsfuse.analyze.quotes_speaker import CLOCK_WORDS, TITLES
from newsfuse.model import Analysis, Quote, QuoteGroup, Span

WORD = re.compile(r"[\w']+")
PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you"})


def _norm(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _glued(name: str, said: list[str]) -> bool:
    """True when the entity name ``name`` puts words before a speaker the quote already names in
    full ("Japan Rahm Emanuel" for "Rahm Emanuel") or starts with a title or clock word that is
    not part of a name ("PM BP" for "BP")."""
    words = name.lower().split()
    said = [w for w in said if w != "the"]
    if not words:
        return True
    if words[0] not in said and (words[0].rstrip(".") in TITLES or words[0] in CLOCK_WORDS):
        return True
    if len(said) >= 2 and said[0] not in PRONOUNS and said[0] in words:
        return words.index(said[0]) > 0
    return False


def speaker_name(q: Quote, canonical: Callable[[Span], str | None]) -> str | None:
    """The speaker as the briefing names it: the canonical name of the entity the speaker phrase
    mentions when it agrees with the quote's own speaker, else that speaker (pronouns: None)."""
    if q.speaker_span is not None:
        name = canonical(q.speaker_span)
        said = (q.speaker or "").lower().replace("’s", "").replace("'s", "").split()
        if (
            name
            and (not said or said[-1] in name.lower().split() or said[0] in PRONOUNS)
            and not _glued(name, said)
        ):
            return name
    if q.speaker and q.speaker.lower() not in PRONOUNS:
        return q.speaker
    return None


class OverlapBound:
    """An upper bound of ``fuzz.token_set_ratio`` between quotes, from their word sets' lengths
    and letter counts, for one quote against many at once.

    ``token_set_ratio`` is the best of three Indel similarities: the shared words against the
    shared words plus either side's own words (exact from the lengths), and the two sides' own
    words against each other, whose Indel distance is at least the difference of their lengths
    and at least the difference of their letter counts (the shared words cancel; a space per
    word). A pair whose bound is below the threshold cannot reach it, so it is not scored.

    The letter table keeps the :data:`LETTER_COLUMNS` most frequent characters in a column each
    and sums every other character into one column, so its width does not grow with the
    alphabet (a script of thousands of characters). Summed counts give a smaller difference,
    so the bound only gets looser, never wrong."""

    #: Characters with a column of their own in the letter table; the rest share one.
    LETTER_COLUMNS = 126

    def __init__(self, texts: Sequence[str]) -> None:
        words = [sorted(set(t.split())) for t in texts]
        freq: dict[str, int] = {}
        for ws in words:
            for w in ws:
                for ch in w:
                    freq[ch] = freq.get(ch, 0) + 1
        common = sorted(freq, key=lambda ch: (-freq[ch], ch))[: self.LETTER_COLUMNS]
        chars = {ch: j for j, ch in enumerate(common)}
        rest = len(chars)  # the shared column of the other characters
        ids: dict[str, int] = {}
        postings: list[list[int]] = []
        self.words: list[list[int]] = []
        counts: list[dict[int, int]] = []
        for i, ws in enumerate(words):
            c: dict[int, int] = {}
            own = []
            for w in ws:
                t = ids.setdefault(w, len(ids))
                if t == len(postings):
                    postings.append([])
                postings[t].append(i)
                own.append(t)
                for ch in w:
                    j = chars.get(ch, rest)
                    c[j] = c.get(j, 0) + 1
            self.words.append(own)
            counts.append(c)
        # per word, the quotes that have it, and its length with a space
        self.postings = [np.array(ps, dtype=np.int64) for ps in postings]
        self.weight = [float(len(w) + 1) for w in ids]
        self.total = np.array(
            [sum(self.weight[t] for t in own) for own in self.words], dtype=np.float64
        )
        # letter counts of the distinct words (the other characters summed), and the number
        # of words
        self.letters = np.zeros((len(texts), len(chars) + 2), dtype=np.float64)
        for i, (c, ws) in enumerate(zip(counts, words, strict=True)):
            for j, k in c.items():
                self.letters[i, j] = k
            self.letters[i, -1] = len(ws)
        self._incidence: Any = None  # quotes x words, made by the first ``reach_block``
        self._weighted: Any = None

    def may_reach(self, i: int, others: np.ndarray, threshold: float) -> np.ndarray:
        """Per quote of ``others`` (indices), whether its ``token_set_ratio`` with quote ``i``
        can reach ``threshold``; False only where it cannot."""
        shared_all = np.zeros(len(self.total), dtype=np.float64)
        for t in self.words[i]:
            shared_all[self.postings[t]] += self.weight[t]
        shared = shared_all[others]
        has = shared > 0
        sect = np.where(has, shared - 1, 0.0)
        own_i = self.total[i] - shared  # 0: every word of i is shared
        own_o = self.total[others] - shared
        a = np.maximum(own_i - 1, 0.0)
        b = np.maximum(own_o - 1, 0.0)
        whole = has & ((own_i == 0) | (own_o == 0))  # one side's words are all shared: 100
        letters = np.abs(self.letters[others] - self.letters[i]).sum(axis=1)
        dist = np.maximum(np.abs(a - b), letters)
        lens = 2 * sect + 2 * has + a + b
        best = 1 - dist / np.maximum(lens, 1)
        best = np.maximum(best, np.where(has, 2 * sect / (2 * sect + 1 + a), 0.0))
        best = np.maximum(best, np.where(has, 2 * sect / (2 * sect + 1 + b), 0.0))
        return whole | (100 * best >= threshold - 1e-6)

    def reach_block(self, lo: int, hi: int, threshold: float) -> np.ndarray:
        """``may_reach`` of quotes ``lo..hi-1`` against quotes ``0..hi-1``, one row each: the
        same booleans, from a few array operations per block instead of some twenty per quote
        (every value is a sum of whole numbers, exact in any order)."""
        from scipy.sparse import csr_matrix

        if self._incidence is None:
            cols = [t for own in self.words for t in own]
            ptr = np.cumsum([0, *(len(own) for own in self.words)])
            ones = np.ones(len(cols), dtype=np.float64)
            shape = (len(self.words), max(len(self.weight), 1))
            self._incidence = csr_matrix((ones, cols, ptr), shape=shape)
            weights = np.asarray(self.weight, dtype=np.float64)[cols]
            self._weighted = csr_matrix((weights, cols, ptr), shape=shape)
        shared = (self._incidence[lo:hi] @ self._weighted[:hi].T).toarray()
        has = shared > 0
        sect = np.where(has, shared - 1, 0.0)
        own_i = self.total[lo:hi, None] - shared
        own_o = self.total[None, :hi] - shared
        a = np.maximum(own_i - 1, 0.0)
        b = np.maximum(own_o - 1, 0.0)
        whole = has & ((own_i == 0) | (own_o == 0))
        letters = np.zeros(shared.shape, dtype=np.float64)
        # one letter column at a time, each a contiguous row of the transposed counts
        mine, theirs = self.letters[lo:hi].T.copy(), self.letters[:hi].T.copy()
        for c in range(len(theirs)):
            letters += np.abs(theirs[c][None, :] - mine[c][:, None])
        dist = np.maximum(np.abs(a - b), letters)
        lens = 2 * sect + 2 * has + a + b
        best = 1 - dist / np.maximum(lens, 1)
        best = np.maximum(best, np.where(has, 2 * sect / (2 * sect + 1 + a), 0.0))
        best = np.maximum(best, np.where(has, 2 * sect / (2 * sect + 1 + b), 0.0))
        out: np.ndarray = whole | (100 * best >= threshold - 1e-6)
        return out


#: quotes whose bounds ``group_quotes`` computes at once (``OverlapBound.reach_block``)
REACH_BLOCK = 128


def group_quotes(
    analyses: Sequence[Analysis],
    canonical: Callable[[Span], str | None],
    *,
    threshold: float = 70.0,
    limit: int | None = None,
) -> list[QuoteGroup]:
    """Every quote group, most outlets first (``limit``: only the first ones)."""
    items: list[tuple[Quote, str | None, str]] = []
    for an in analyses:
        said: set[str] = set()  # a quote the article repeats (its text twice) counts once
        for q in an.quotes:
            norm = _norm(q.text)
            if len(norm.split()) < 4 or norm in said:
                continue
            said.add(norm)
            items.append((q, speaker_name(q, canonical), norm))
    groups: list[list[int]] = []  # item indices
    bound = OverlapBound([norm for _, _, norm in items])
    group_of = np.zeros(len(items), dtype=np.int64)  # per item, its group
    # which groups an item may join, kept as they grow: the groups with no speaker yet, the
    # groups of each speaker's name, the groups of each article
    unnamed: set[int] = set()
    of_speaker: dict[str, set[int]] = defaultdict(set)
    of_article: dict[str, set[int]] = defaultdict(set)
    reach, reach_lo = np.zeros((0, 0), dtype=bool), 0  # ``may_reach`` rows of a block of items
    for i, (q, spk, norm) in enumerate(items):
        art = q.span.article
        # a named speaker joins a group with no speaker or with that speaker; an unnamed one
        # any group; never a group that already has a quote of the same article
        if spk:
            open_ = np.zeros(len(groups), dtype=bool)
            open_[list(unnamed | of_speaker[spk])] = True
        else:
            open_ = np.ones(len(groups), dtype=bool)
        open_[list(of_article[art])] = False
        # the members of the open groups whose bound reaches the threshold
        if i >= reach_lo + len(reach):
            reach_lo = i
            reach = bound.reach_block(i, min(i + REACH_BLOCK, len(items)), threshold)
        members = np.flatnonzero(open_[group_of[:i]]) if i else np.zeros(0, dtype=np.int64)
        near = members[reach[i - reach_lo, members]] if len(members) else members
        # the item joins the first open group with a member whose words overlap at
        # ``threshold`` (the exact scores, in float64: cdist's own cutoff and its float32 scores
        # drop some pairs scoring exactly a threshold that is not a whole number)
        placed = -1
        if len(near):
            scores = process.cdist(
                [norm],
                [items[j][2] for j in near.tolist()],
                scorer=fuzz.token_set_ratio,
                dtype=np.float64,
            )[0]
            hits = near[scores >= threshold]
            if len(hits):
                placed = int(group_of[hits].min())
        if placed < 0:
            placed = len(groups)
            groups.append([])
            unnamed.add(placed)
        groups[placed].append(i)
        group_of[i] = placed
        if spk:
            unnamed.discard(placed)
            of_speaker[spk].add(placed)
        of_article[art].add(placed)
    out = []
    for ids in groups:
        g = [items[j] for j in ids]
        speakers = [s for _, s, _ in g if s]
        rep = max(g, key=lambda x: (x[0].direct, len(x[2])))[0]
        text = rep.text.strip()
        if not rep.direct:
            text = re.sub(r"^that\s+", "", text)
            text = text[:1].upper() + text[1:]
        out.append(
            QuoteGroup(
                speaker=max(set(speakers), key=speakers.count) if speakers else None,
                text=text,
                cue=rep.cue,
                direct=rep.direct,
                citations=tuple(x[0].span for x in g),
                articles=tuple(dict.fromkeys(x[0].span.article for x in g)),
            )
        )
    out.sort(
        key=lambda g: (
            -len(g.articles),
            g.speaker is None,
            g.citations[0].article,
            g.citations[0].start,
        )
    )
    return out if limit is None else out[:limit]
