"""Noise filter for scraped news sentences: captions, bylines, boilerplate and fragments.

A summary sentence must make sense on its own, so besides page furniture we drop sentences that
lean on context they will not have in a summary: pronoun-initial sentences ("He said ..."),
questions, and pieces of quotes cut by the sentence splitter. A sentence that only opens with a
connective ("But police said ...", "However, the court ...") is judged without it: the summarizer
drops the connective (:func:`strip_connective`) and the rest stands on its own.
"""

from __future__ import annotations

import functools
import re

from newsfuse import textsearch

MIN_WORDS = 7
MAX_WORDS = 60

# notices that are never an article's text: web-archive copies of a page, video players,
# embedded tweets, reprint notices (also the only boilerplate :func:`is_debris` knows)
_NOTICE = (
    r"crawl data|internet archive|wayback (machine|team)|\bcrawls (of|are)\b|archive-it|warczone"
    r"|no more 404|pages that are referenced|broken links on the web|archived pages"
    r"|transcript could not be loaded|rating is available when|\bautoplay\b|\bskip ad\b"
    r"|if you(?:'re| are) having trouble (?:locating|viewing|finding|loading)|^contains spoilers"
    r"|\bbuy photo\b|tweet with a location|tweet location history|non-commercial use|\breprints:"
    # a live blog's time stamp ("11:01 A.M. Sirens sound ...")
    r"|^\d{1,2}:\d{2}\s*[AaPp]\.?[Mm]\.?\s"
)
_NOTICES = re.compile(rf"(?i)(?:{_NOTICE})")
_BOILERPLATE = re.compile(
    r"(?i)(advertisement|click here|sign up|subscribe|newsletter|all rights reserved|copyright|©"
    r"|\bphoto(graph)?s? (by|credit|courtesy)|getty images|\bap photo|\(ap photo|reuters/|afp/"
    r"|image caption|image copyright|media playback|read more|\brelated:|follow (us|him|her|@)"
    r"|share this|e-?mail (us|this|me)|cookies|privacy (policy|statement)|terms of (use|service)"
    r"|contributed to this report|\bwatch:|\bvideo:|\blisten:|\blog ?in\b|leave a comment"
    r"|this (story|article|post) (has been|was|is being) (updated|corrected)|\bupdated?:"
    r"|javascript|your browser|https?://|www\.|\.com\b|@\w|#\w|staff photographer|\bfile photo"
    r"|(pictured|seen) (here|above|below)|\(photo|\bphoto:|\bcaption\b|\bslideshow|\bgallery"
    r"|\bclick\b|\bscroll\b|\bdownload\b|\bpodcast\b|\bsponsored\b|\bpartner content"
    rf"|{_NOTICE})"
)
# the same search on lowercased text without IGNORECASE (about twice as fast); the same answer
# unless the text holds one of the four letters IGNORECASE also matches to ASCII ones
_BOILERPLATE_LOWER = re.compile(_BOILERPLATE.pattern.removeprefix("(?i)").lower())


@functools.lru_cache(maxsize=65536)
def _boilerplate(text: str) -> bool:
    """Whether ``text`` holds a boilerplate marker (``_BOILERPLATE``); cached, since the
    summarizer asks about one sentence several times."""
    low = textsearch.lowered(text)
    if low is not None:
        return _BOILERPLATE_LOWER.search(low) is not None
    return _BOILERPLATE.search(text) is not None


_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(?:Jan\.?|January|Feb\.?|February|March|April|May|June|July|Aug\.?|August|Sept?\.?"
    r"|September|Oct\.?|October|Nov\.?|November|Dec\.?|December)"
)
_CAPWORD = r"[A-Z][a-z]+"
_DATE_END = rf"{_WEEKDAY},?\s+{_MONTH},?\s+\d{{1,2}},?\s+\d{{4}}\.[\"”’']?$"
# photo captions in the agencies' style, ending in a place and the photo's date: "..., in Cairo,
# Saturday, Feb. 19, 2011.", "..., Feb. 19, 2011.", "..., in Gaza, on Thursday, July 31, 2014.",
# "... Mali Wednesday March 21, 2012.", the typo "..., Friday, May, 2 2014.", Reuters' "... in
# Tehran May 20, 2010." and "... Court, Wednesday, May 15, 2013 in Las Vegas." (prose puts a date
# after "on" or a verb: "... checked in on Tuesday, Dec. 9, 2008.", "... takes effect Tuesday
# Jan. 1, 2013." stay); a caption's present tense after an indefinite subject, with a place or
# date after it ("A woman waves the flag during a protest in Cairo ..."); an agency credit glued
# before it ("Associated Press An Israeli soldier rides ..."); "FILE - ...", "In this June 5,
# 2013 photo ...", "Jane Doe, left, and ...", "(center)", Reuters' "(2nd L)"
_CAPTION_VERB = (
    r"(?:waves|holds|walks|stands|sits|reacts|arrives|speaks|listens|watches|carries|rides"
    r"|prays|mourns|embraces|hugs|shouts|chants|displays|greets|waits|passes|attends|lays"
    r"|kneels|cries|smiles|gestures|poses|looks on|looks at|is seen|is pictured|takes part)"
)
_CAPTION = re.compile(
    rf"(?:,\s+{_WEEKDAY},?|(?<!day),)\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}}\.[\"”’']?$"
    rf"|(?:,\s+on|,|\b(?!{_WEEKDAY}\b){_CAPWORD})\s+{_DATE_END}"
    rf"|\b(?!{_WEEKDAY}\b){_CAPWORD}\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}}\.[\"”’']?$"
    rf"|,\s+{_WEEKDAY},\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}},?\s+in\s+[A-Z][\w .'-]*\.$"
    rf"|^(?:A|An)\s+(?:(?!(?:that|who|which)\b)[\w'’-]+\s+){{0,3}}?{_CAPTION_VERB}\b"
    rf".*\b(?:in|at|near|outside|on)\s+(?:the\s+)?(?:[A-Z]|{_MONTH}|{_WEEKDAY})"
    r"|^(?:Associated Press|AP|Reuters|AFP|Getty Images)\s+(?:A|An|The)\s"
    r"|^FILE\b|\bFILE\s+[-–—]|^In this (?:image|photo|picture|undated|handout|frame)\b"
    rf"|\b(?:This|In this|A|An)\s+(?:{_MONTH}\s+)?(?:\d{{1,2}},\s+)?\d{{4}},?\s+(?:file\s+)?photo\b"
    r"|\b(?:photo|image|picture) (?:released|provided|taken|made available|obtained)\b"
    r"|\b(?:is|are) pictured\b"
    r"|,\s+(?:left|right|center|centre)(?:,|\))|\((?:left|right|center|centre)\)"
    r"|\(\d(?:st|nd|rd|th)\s+[LR]\)|\(L\)"  # Reuters: "Josh Fattal (2nd R)"; not "(R)"
)
# connectives a sentence can do without: "But police said ..." -> "Police said ..."
_CONNECTIVE = re.compile(
    r"^(?:But|And|However,|Meanwhile,|Also,|Still,|Moreover,|Furthermore,|Besides,"
    r"|Nevertheless,|Nonetheless,|Instead,|In addition,|Plus,|Yet,|Afterward,|Afterwards,"
    r"|Likewise,|Similarly,)\s+(?=[A-Za-z0-9\"“])"
)
_BYLINE = re.compile(r"^(by|from|posted by|written by|reporting by|edited by)\s+[A-Z]", re.I)
_DATELINE_ONLY = re.compile(r"^[A-Z][A-Z .,'-]+(\([A-Za-z .]+\))?\s*[—–-]+\s*$")
_ALLCAPS = re.compile(r"^[^a-z]*$")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)[\"'”’)\]]*$")
_TERMINAL = re.compile(r"[.!][\"'”’)\]]*$")

DANGLING_FIRST = frozenset(
    [
        "he",
        "she",
        "they",
        "it",
        "his",
        "her",
        "their",
        "its",
        "this",
        "these",
        "those",
        "him",
        "them",
        "we",
        "i",
        "you",
        "our",
        "my",
        "your",
        "us",
        "but",
        "and",
        "or",
        "so",
        "also",
        "however",
        "still",
        "yet",
        "then",
        "instead",
        "moreover",
        "furthermore",
        "besides",
        "thus",
        "therefore",
        "hence",
        "nevertheless",
        "nonetheless",
        "plus",
        "otherwise",
        "that's",
        "it's",
        "he's",
        "she's",
        "they're",
        "there's",
        "here's",
        "afterward",
        "afterwards",
        "meanwhile",
        "likewise",
        "similarly",
        # contractions of the pronouns above
        "he'll",
        "she'll",
        "they'll",
        "it'll",
        "we'll",
        "i'll",
        "he'd",
        "she'd",
        "they'd",
        "we'd",
        "i'd",
        "they've",
        "we've",
        "i've",
        "you've",
        "we're",
        "you're",
        "i'm",
        "that'll",
    ]
)
_QUOTES = '"“”'
_PRONOUNS = frozenset(["he", "she", "they", "it", "his", "her", "their", "its", "this", "these"])
_SUBORDINATORS = frozenset(
    ["if", "when", "while", "although", "though", "because", "as", "after", "before", "since"]
)
# a phrase of at most four words ending in a pronoun, then a comma: it points at what came before
_OPENING_BACK_REFERENCE = re.compile(
    r"(?i)^(?:[\w'’-]+\s+){0,3}(?:this|that|these|those|so|it|them|him|her)\s*,"
)
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")
_WORD = re.compile(r"\w+")
_ATTRIBUTION = re.compile(
    r"\b(said|says|say|told|tells|according|added|adds|wrote|writes|stated|states|asked|asks"
    r"|explained|explains|noted|notes|recalled|recalls|insisted|insists|argued|argues|continued"
    r"|tweeted|posted|announced|declared|warned|warns|claimed|claims|write|explain|tweets"
    r"|replied|replies|called|calls|urged|urges|admitted|admits|acknowledged|conceded|quipped"
    r"|joked|recounted|testified|concluded|suggested|suggests|cautioned|predicted|responded"
    r"|emailed|boasted|complained|began|wondered|reported|reports)\b"
)
_FIRST_PERSON = re.compile(r"\b(I|I'm|I’m|I've|I’ve|I'd|I’d|my|me)\b")


_CREDIT = re.compile(
    r"(?i)(photographer|/ ?getty|getty images|ap photo|\(photo|^photo:|image:|credit:|/ ?reuters"
    r"|/ ?afp\b|/ ?ap\)|courtesy of|\(file\)|/ ?staff\b|for the [a-z ]+\)$)"
)


def is_credit(text: str) -> bool:
    """True for a photo credit line, e.g. "(Jane Doe / Staff Photographer)"."""
    return len(text.split()) <= 15 and _CREDIT.search(text) is not None


def first_words(text: str, n: int = 1) -> list[str]:
    """The first ``n`` words of ``text``, lowercased, without surrounding punctuation."""
    out = []
    for tok in text.split():
        word = tok.strip("\"'“”‘’()[],;:—–-").lower().replace("’", "'")
        if word:
            out.append(word)
            if len(out) == n:
                break
    return out


def first_word(text: str) -> str:
    """The first word of ``text``, lowercased, without surrounding punctuation."""
    words = first_words(text)
    return words[0] if words else ""


def _opens_dangling(text: str) -> bool:
    """ "He ...", "But ...", a subordinate clause with a pronoun subject ("If he ..."), or an
    opening phrase that ends in a pronoun ("In doing so, ...", "Beyond that, ...")."""
    words = first_words(text, 2)
    if not words:
        return True
    if words[0] in DANGLING_FIRST or _OPENING_BACK_REFERENCE.match(text):
        return True
    return len(words) == 2 and words[0] in _SUBORDINATORS and words[1] in _PRONOUNS


def quote_fraction(text: str) -> float:
    """Share of the characters of ``text`` that sit inside double quotes."""
    inside = 0
    state = False
    for ch in text:
        if ch in _QUOTES:
            state = not state
            continue
        if state:
            inside += 1
    return inside / max(1, len(text))


def strip_connective(text: str) -> str:
    """``text`` without an opening connective ("But", "However,", ...), its first letter
    capitalised; ``text`` itself when it has none."""
    m = _CONNECTIVE.match(text)
    if not m:
        return text
    rest = text[m.end() :]
    return rest[:1].upper() + rest[1:]


def is_dangling(text: str) -> bool:
    """True when ``text`` opens with a pronoun or connective that needs the sentence before.

    A sentence that opens with a quote is judged by the words after the quote instead
    ('"We will win," he said.' dangles, '"We will win," the mayor said.' does not). A
    connective that :func:`strip_connective` removes does not count: "But police said ..."
    does not dangle, "But he said ..." does.
    """
    if text[:1] in _QUOTES:
        return _opens_dangling(_QUOTED.sub(" ", text))
    return _opens_dangling(strip_connective(text))


def has_quotation(text: str, min_words: int = 4) -> bool:
    """Whether ``text`` quotes someone's words: a span in double quotes of at least
    ``min_words`` words (shorter ones are mostly scare quotes: the "deal"; a quoted title of
    that many words counts too). Punctuation inside the quotes is not a word."""
    return any(len(_WORD.findall(m.group(0))) >= min_words for m in _QUOTED.finditer(text))


def is_speakerless_quote(text: str) -> bool:
    """Mostly quotation, with no speech verb outside the quotes: the speaker is elsewhere."""
    return quote_fraction(text) > 0.6 and not _ATTRIBUTION.search(_QUOTED.sub(" ", text))


def is_debris(text: str) -> bool:
    """True for page furniture that is never content, however little else an article has:
    notices (web archives, video players, embedded tweets, reprints), bylines, bare datelines,
    captions and photo credits. :func:`is_noise` also drops sentences for style (too short,
    dangling, a question) and for wider boilerplate markers (".com", "click") that a short
    headline-like text may hold; this drops only what is not the article's text at all."""
    return bool(
        _NOTICES.search(text)
        or _BYLINE.match(text)
        or _DATELINE_ONLY.match(text)
        or _CAPTION.search(text)
        or is_credit(text)
    )


def is_noise(text: str, *, allow_dangling: bool = False, allow_speakerless: bool = False) -> bool:
    """True when ``text`` should never be a summary sentence on its own (with
    ``allow_dangling``: not even after the sentence it follows; with ``allow_speakerless``: a
    quote whose speaker is named in another sentence is not noise, as content it is evidence
    of what the story is about)."""
    words = text.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS:
        return True
    if not _TERMINAL.search(text) or _ELLIPSIS_END.search(text):
        return True  # headings, captions, questions, cut sentences, teasers ("... said...")
    stripped = text.lstrip("\"'“‘( ")
    if not stripped or not (stripped[0].isupper() or stripped[0].isdigit()):
        return True
    if _boilerplate(text) or _BYLINE.match(text) or _DATELINE_ONLY.match(text):
        return True
    if _CAPTION.search(text):
        return True
    if _ALLCAPS.match(text):
        return True
    if not allow_dangling and is_dangling(text):
        return True
    n_quotes = sum(text.count(q) for q in _QUOTES)
    if n_quotes % 2 == 1:  # a quote cut by the sentence splitter
        return True
    if not allow_speakerless and is_speakerless_quote(text):
        return True  # a quote without its speaker
    # first person outside quotes: the writer's voice (columns, blogs, first-person features)
    return _FIRST_PERSON.search(_QUOTED.sub(" ", text)) is not None
