"""Name normalisation and matching rules for cross-article entity merging.

Pure string functions, no spaCy: keys that make spellings comparable ("U.S." / "US",
"the Foreign Ministry" / "Foreign Ministry"), the person-name matcher (reordered names, typos,
middle initials), acronyms, a small alias table for country names, the trimming of NER noise
around a mention ("Facebook/@Name", "PM Kishida", a span running over a line break), and the
role lexicon used to find titles ("Foreign Minister", "U.S. Secretary of State").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from types import MappingProxyType

from rapidfuzz import fuzz


def _wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` as a set (for the lexicons below)."""
    return frozenset(text.split())


# Country names that are spelled in several ways and that an acronym rule does not catch.
# A capital used for its government ("Washington said ...") is *not* aliased to its country:
# it is a city (GPE) and stays a separate entity; see docs/entities.md.
ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "us": "united states",
        "usa": "united states",
        "u s a": "united states",
        "united states of america": "united states",
        "america": "united states",
        "uk": "united kingdom",
        "britain": "united kingdom",
        "great britain": "united kingdom",
        "russian federation": "russia",
        "prc": "china",
        "people's republic of china": "china",
        "peoples republic of china": "china",
        "dprk": "north korea",
        "rok": "south korea",
        "republic of korea": "south korea",
        "uae": "united arab emirates",
        "g7": "group of seven",
        "g 7": "group of seven",
        "g20": "group of twenty",
        "g 20": "group of twenty",
        "group of 20": "group of twenty",
        "un": "united nations",
        "eu": "european union",
    }
)

# Last words that make a name an organisation or a publication, never a person.
ORG_HEADS = _wordset(
    """blog news times post journal daily herald tribune gazette press media network
    inc corp corporation co ltd llc plc group company ministry department agency office bureau
    university college school institute foundation association council committee commission
    party bank fund army navy police court parliament congress senate government service
    center centre hospital club league union federation team"""
)

# Generic last words of a facility's name: "Betty Ford Clinic" = "Betty Ford Center".
FACILITY_HEADS = _wordset(
    """center clinic rehab treatment facility hospital unit prison jail recovery resort"""
)
# Generic last words of a place's name that can be dropped ("Mexico City" is not "Mexico").
PLACE_HEADS = frozenset({"island", "province", "county", "district", "region"})
_SPELLING: Mapping[str, str] = MappingProxyType(
    {"centre": "center", "theatre": "theater", "defence": "defense"}
)

# Words of a role or office; one of them must be in a phrase for it to be a title.
ROLE_HEADS = _wordset(
    """minister secretary president ambassador chancellor governor senator spokesman
    spokeswoman spokesperson director chairman chairwoman chair ceo mayor premier chief king
    queen prince princess commissioner envoy representative leader judge justice officer coach
    captain actor actress singer star lawyer attorney prosecutor sheriff detective lieutenant
    colonel sergeant commander admiral general pope bishop emperor diplomat pm secy sec
    sen rep gov lt col sgt capt gen adm prof publicist manager founder owner head deputy
    receptionist accountant doctor nurse teacher driver climber comedian host filmmaker writer
    author journalist reporter editor trooper pilot soldier professor scientist economist
    analyst official agent producer rapper musician model player striker pitcher """
)
# Lower-case words allowed inside a title besides role heads ("foreign minister").
ROLE_MODIFIERS = _wordset(
    """foreign prime deputy vice top former state defense defence finance executive interior
    senior assistant national security press chief acting trade economy justice health
    home affairs external cabinet white house"""
)
CONNECTORS = frozenset({"of", "to", "for", "at", "on"})
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam"})
# Role words that may begin a PERSON span and are trimmed off it ("PM Kishida").
PREFIX_ROLES = (
    _wordset(
        """pm president prime minister foreign secretary sen senator rep gov governor gen general
    lt col sgt capt adm prof judge king queen prince princess pope chancellor premier
    ambassador mayor chairman ceo"""
    )
    | HONORIFICS
)

_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def fold(text: str) -> str:
    """Accents removed, curly apostrophes straightened, lower case."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.replace("’", "'").replace("‘", "'").lower()


def name_key(text: str) -> str:
    """A spelling-insensitive key: "The U.S." -> "us", "Hayashi's" -> "hayashi".

    Folds case and accents, drops a leading "the", a possessive, full stops and hyphens.
    """
    t = fold(text).strip()
    t = re.sub(r"^the\s+", "", t)
    t = _POSSESSIVE.sub("", t) if not t.endswith("ss's") else t[:-2]
    t = t.replace(".", "")
    t = re.sub(r"[-/]+", " ", t)
    t = re.sub(r"[^\w&' ]+", " ", t)
    return " ".join(_SPELLING.get(w, w) for w in t.split())


def place_core(key: str) -> str:
    """A place key without a generic last word ("qeshm island" -> "qeshm"); not "city"."""
    toks = key.split()
    if len(toks) > 1 and toks[-1] in PLACE_HEADS:
        toks.pop()
    return " ".join(toks)


def facility_core(key: str) -> str:
    """A facility key without its generic last words ("betty ford treatment center" -> ...)."""
    toks = key.split()
    while len(toks) > 1 and toks[-1] in FACILITY_HEADS:
        toks.pop()
    return " ".join(toks)


def alias_key(key: str) -> str:
    """The alias-table key of a name key ("usa" -> "united states"), else the key itself."""
    return ALIASES.get(key, key)


def key_tokens(key: str) -> list[str]:
    """The tokens of a key, without single-letter middle initials ("george w bush")."""
    toks = key.split()
    if len(toks) > 2:
        toks = [t for i, t in enumerate(toks) if len(t) > 1 or i in (0, len(toks) - 1)]
    return toks


def initials(text: str) -> str:
    """Upper-case initials of the capitalised words of a name ("United Nations" -> "UN")."""
    words = [w for w in _WORD.findall(text) if w.lower() not in {"of", "the", "and", "for"}]
    return "".join(w[0] for w in words if w[0].isupper())


def acronym_of(text: str) -> str | None:
    """The acronym a surface form spells, if it is one ("U.S." -> "US", "NATO"); else None."""
    t = text.strip()
    if t.lower().startswith("the "):
        t = t[4:]
    letters = t.replace(".", "").replace(" ", "")
    if 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper():
        return letters
    return None


def names_match(a: str, b: str) -> bool:
    """Whether two multi-word person-name keys name the same person.

    Reordered names ("hayashi yoshimasa" / "yoshimasa hayashi"), typos in a word ("yohimasa"),
    dropped middle names or initials ("barack hussein obama" / "barack obama"). Every word must
    match a word of the other name closely and at least one exactly, so "kim jong un" and
    "kim jong il" stay apart.
    """
    ta, tb = key_tokens(a), key_tokens(b)
    if len(ta) < 2 or len(tb) < 2:
        return False
    ia, ib = _middle_initials(a), _middle_initials(b)
    if ia and ib and ia != ib:
        return False  # "George H. W. Bush" is not "George W. Bush"
    if ta == tb:
        return True
    if len(ta) != len(tb):
        short, long_ = (ta, tb) if len(ta) < len(tb) else (tb, ta)
        # middle names dropped: first and last words equal, the rest in order
        return short[0] == long_[0] and short[-1] == long_[-1] and _subsequence(short, long_)
    if fuzz.token_sort_ratio(" ".join(ta), " ".join(tb)) < 88:
        return False
    for order in (tb, tb[::-1]):
        scores = [fuzz.ratio(x, y) for x, y in zip(ta, order, strict=True)]
        if min(scores) >= 80 and max(scores) == 100:
            return True
        # three words or more: one may be spelt quite differently ("Betty" / "Bettie")
        if len(ta) >= 3 and min(scores) >= 70 and sorted(scores)[1] == 100:
            return True
    return False


def contains_words(words: Sequence[str], part: Sequence[str]) -> bool:
    """Whether ``part`` occurs as a contiguous run of ``words``."""
    n = len(part)
    return any(list(words[i : i + n]) == list(part) for i in range(len(words) - n + 1))


def _middle_initials(key: str) -> list[str]:
    return [t for t in key.split()[1:-1] if len(t) == 1]


def _subsequence(short: list[str], long_: list[str]) -> bool:
    it = iter(long_)
    return all(any(s == t for t in it) for s in short)


def token_matches(token: str, name_key_: str) -> bool:
    """Whether a one-word key is a word of a multi-word name key (a typo allowed if long)."""
    for t in key_tokens(name_key_):
        if t == token or (len(token) >= 6 and fuzz.ratio(t, token) >= 85):
            return True
    return False


def trim_mention(text: str, label: str) -> tuple[int, int, str | None]:
    """Offsets ``(lo, hi)`` into ``text`` of the name proper, and a title cut from its front.

    Cuts a span at its first line break ("GaijinPot Blog\\n\\nCulture"), drops what precedes a
    "/" or "@" in a person's name ("Facebook/@Yoshimasa Hayashi"), a trailing possessive, and
    role words at the front of a PERSON span ("PM Kishida" -> "Kishida", title "PM").
    """
    lo, hi = 0, len(text)
    nl = text.find("\n")
    if nl > 0:
        hi = nl
    if label == "PERSON":
        cut = max(text.rfind("@", lo, hi), text.rfind("/", lo, hi))
        if 0 <= cut < hi - 1:
            lo = cut + 1
    m = re.search(r"['’]s$", text[lo:hi])
    if m:
        hi = lo + m.start()
    title = None
    if label == "PERSON":
        words = list(re.finditer(r"\S+", text[lo:hi]))
        n = 0
        while n < len(words) - 1 and words[n].group().rstrip(".").lower() in PREFIX_ROLES:
            n += 1
        if n:
            first_role = words[0].group()
            role = text[lo + words[0].start() : lo + words[n - 1].end()]
            if first_role.rstrip(".").lower() not in HONORIFICS:
                title = role
            lo += words[n].start()
    while hi > lo and not text[hi - 1].isalnum() and text[hi - 1] not in ".)":
        hi -= 1
    while lo < hi and not text[lo].isalnum():
        lo += 1
    return lo, hi, title


def is_org_name(key: str) -> bool:
    """Whether a name ends in a word that makes it an organisation or a publication."""
    toks = key.split()
    return len(toks) >= 2 and toks[-1] in ORG_HEADS


def _title_word(word: str) -> bool:
    w = fold(word).rstrip(".")
    w = _POSSESSIVE.sub("", w)
    if word.endswith(".") and "." not in word[:-1] and w not in ROLE_HEADS | HONORIFICS:
        return False  # a sentence end ("Ukraine."), not an abbreviation ("U.S.", "Gov.")
    return word[:1].isupper() or w in ROLE_HEADS or w in ROLE_MODIFIERS or w in CONNECTORS


def has_role(phrase: str) -> bool:
    """Whether a phrase contains a role word ("Secretary", "minister", "PM")."""
    return any(fold(w).rstrip(".") in ROLE_HEADS for w in _WORD.findall(phrase))


_TITLE_TOKEN = re.compile(r"[^\W_][\w.&'’-]*|[^\s\w]", re.UNICODE)


def title_before(text: str, start: int, floor: int = 0) -> tuple[int, int] | None:
    """The offsets of a title written just before ``start`` ("U.S. Secretary of State ").

    Walks back over capitalised words, role words and "of"/"to" within the line, never before
    ``floor`` (the end of the previous name), and keeps the phrase if it has a role word.
    """
    lo_bound = max(floor, text.rfind("\n", 0, start) + 1, start - 100)
    window = text[lo_bound:start]
    toks = list(_TITLE_TOKEN.finditer(window))
    keep = len(toks)
    for i in range(len(toks) - 1, -1, -1):
        if _title_word(toks[i].group()):
            keep = i
        else:
            break
    chosen = toks[keep:]
    while chosen and (
        fold(chosen[0].group()) in CONNECTORS | {"the", "a", "an"}
        or fold(chosen[0].group()).rstrip(".") in HONORIFICS
    ):
        chosen = chosen[1:]
    while chosen and fold(chosen[-1].group()) in CONNECTORS:
        chosen = chosen[:-1]
    if not chosen:
        return None
    lo, hi = lo_bound + chosen[0].start(), lo_bound + chosen[-1].end()
    # the title must end right before the name (only spaces between)
    if text[hi:start].strip():
        return None
    phrase = text[lo:hi]
    if not has_role(phrase):
        return None
    return lo, hi


def title_after(text: str, end: int) -> tuple[int, int] | None:
    """The offsets of an appositive title after a name: ", the U.S. Secretary of State,"."""
    m = re.match(r",\s+(?:the\s+|The\s+)?", text[end : end + 12])
    if not m:
        return None
    lo = end + m.end()
    stop = lo
    last_end = lo
    for tok in _TITLE_TOKEN.finditer(text, lo, min(len(text), lo + 80)):
        if not _title_word(tok.group()) or "\n" in text[stop : tok.start()]:
            break
        stop = tok.end()
        if fold(tok.group()) not in CONNECTORS:
            last_end = tok.end()
    if last_end == lo:
        return None
    if (
        text[last_end : last_end + 1] not in {",", ".", ";", ""}
        and not text[last_end : last_end + 1].isspace()
    ):
        return None
    phrase = text[lo:last_end]
    if not has_role(phrase):
        return None
    return lo, last_end


def clean_title(title: str) -> str:
    """A title as recorded: whitespace collapsed, a leading "the"/"former" kept as written."""
    return " ".join(title.split())
