"""Line patterns of page furniture: each match names the reason the line is removed.

The rules look at one block (a rebuilt paragraph) at a time. Most are anchored to the whole line,
and all of them are limited to short blocks, so a sentence of the article that merely mentions
"sign up" or "comments" is never touched. Some reasons also mark the *end* of an article (a
copyright line, a survey prompt, a comment widget, a related-articles heading): everything after
such a marker that is not clearly part of the body goes too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsfuse.clean.blocks import Block

_I = re.IGNORECASE


def _words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in ``text``."""
    return frozenset(text.split())


LOGIN = _words(
    "newsletter newsletters signup sign up in out login log logout register registration "
    "subscribe subscriber subscribers subscription account my profile password forgot "
    "create free trial already have an a or / | & and to continue reading"
)
WIDGET = _words(
    "share shares sharing tweet email e-mail print comment comments facebook twitter x linkedin "
    "whatsapp pinterest reddit instagram youtube tiktok telegram flipboard messenger copy link "
    "save saved bookmark gift article this story on via url copied / | & and or reply replies "
    "like likes view views follow us sms more options"
)
NAV = _words(
    "home menu search skip to content main navigation sections section close open next previous "
    "back top the site index go more show hide all toggle expand collapse of page and / | & "
    "today's paper today’s edition edit subscribe"
)

WIDGET_KEYS = _words(
    "share tweet email e-mail print comment comments facebook twitter linkedin whatsapp pinterest "
    "reddit instagram youtube tiktok telegram flipboard messenger bookmark reply sms"
)
NAV_KEYS = _words("home menu search skip navigation sections toggle index paper")


@dataclass(frozen=True, slots=True)
class Rule:
    """A pattern, the reason it gives, the longest block it may match, and whether it ends
    the article."""

    pattern: re.Pattern[str]
    reason: str
    max_words: int = 12
    ends_article: bool = False
    # lower-case substrings one of which must occur for the pattern to have a chance (speed)
    hints: tuple[str, ...] = ()


def _r(rx: str) -> re.Pattern[str]:
    return re.compile(rx, _I)


_CAP = r"[A-Z][\w.'’-]*"  # a capitalised word


def _outlet_names() -> str:
    """The names and aliases of the outlets of the registry, as one regex alternation."""
    from newsfuse.ingest.source import load_registry

    names = {n for o in load_registry().outlets for n in (o.name, *o.aliases)}
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


_RULES: tuple[Rule, ...] = (
    Rule(
        _r(
            r"\b\d+ (?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?) ago\b|"
            r"\b\d{1,2}:\d{2}\b.*\b(?:said|says|wrote):$|"
            r"^[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2} (?:said|says|wrote):$|"
            r"^(?:reply|report abuse|\d+ votes?\b.*|"
            r"(?:up|down)vote|permalink)$|^\d+ (?:replies|likes)$"
        ),
        "comment metadata",
        14,
        True,
    ),
    # a comment's time stamp and reply link opening a line: "July 17, 2011 at 12:39 am | Reply ..."
    Rule(
        _r(
            r"^\W*(?:[a-z]{3,9}\.? \d{1,2} ?, ?\d{4}|\d{1,2} [a-z]{3,9} \d{4}) at "
            r"\d{1,2}:\d{2} ?[ap]\.?m\.?\s*\|"
        ),
        "comment metadata",
        400,
        True,
    ),
    # ... and inside a line, where a flattened comment thread glues one comment's text, the next
    # one's time stamp and its links: "... !!! January 27, 2011 at 7:59 pm | Report abuse | ..."
    Rule(
        _r(
            r"(?:[a-z]{3,9}\.? \d{1,2} ?, ?\d{4}|\d{1,2} [a-z]{3,9} \d{4}) at "
            r"\d{1,2}:\d{2} ?[ap]\.?m\.?\s*\|\s*(?:report abuse|reply)\b"
        ),
        "comment metadata",
        400,
        True,
    ),
    Rule(_r(r"^[\W_]+$"), "separator", 3),
    Rule(_r(r"^(?:https?://|www\.)\S+$"), "link", 3),
    Rule(
        _r(
            r"^(?:advert|advertisement|advertising|ad|ads|sponsored(?: content| links?)?|"
            r"paid (?:content|post|partner(?:ship)?)|promoted(?: content| stories)?|"
            r"(?:story|article) continues (?:below|after)(?: (?:this|the) )?(?: ?advertisement| ?ad)?|"
            r"continue reading(?: the main story| below)?|scroll (?:down )?to continue(?: reading)?|"
            r"supported by|presented by|partner content|report an ad|ad feedback)[.:…]*$"
        ),
        "advert",
        8,
    ),
    Rule(_r(r"^(?:©|\(c\)\s*\d{4}|copyright\b)|\ball rights reserved\b"), "copyright", 30, True),
    Rule(
        _r(r"\b(?:take|answer|complete) (?:(?:a|our|this) )?(?:quick |short )?(?:survey|poll)\b"),
        "survey prompt",
        20,
        True,
    ),
    # "0 Comments" under a headline is furniture; no comment thread follows it
    Rule(_r(r"^(?:0|no) comments?$"), "share/comment widget", 3),
    Rule(
        _r(
            r"^\d+ comments?$|^(?:view|show|load|read|see|add|post|leave|write) "
            r"(?:all |more |a |your |the )?(?:\d+ )?comments?\b|^comments?(?: \(\d+\))?$|"
            r"\blog ?in to (?:comment|leave a comment|reply)\b|^comments are closed|"
            r"^join the (?:conversation|discussion)|^have your say|^facebook (?:users|connect)$|"
            r"^use your facebook account\b|^forgot (?:your )?password\??$|"
            r"^(?:login|log in|sign in) with (?:your )?\w+(?: account)?$|"
            r"^your email address will not be published|^required fields are marked|"
            r"^save my name,? email|^by submitting this form|^notify me of (?:follow-up|new)|"
            r"^(?:leave a reply|post a comment|add a comment)\b|community (?:standards|guidelines)"
        ),
        "share/comment widget",
        30,
        True,
    ),
    Rule(
        _r(
            r"^(?:related(?: articles?| stories| content| news| coverage| posts| links?| reading)?|"
            r"more (?:from|on|in|stories|news|articles|to read|like this)\b.*|"
            r"recommended(?: for you| stories| articles| reading)?|you (?:may|might) (?:also )?like|"
            r"(?:most|the most) (?:read|popular|viewed|shared|watched)\b.*|trending(?: now| stories)?|"
            r"popular(?: now| articles| stories| posts)?|latest(?: news| stories| articles)?|"
            r"what to read next|also read|see also|further reading|top stories|editors'? picks?|"
            r".*\bpopular articles?\b.*|.*\baccess ranking\b.*|.*\bwhat'?s trending\b.*|"
            r"(?:articles|offers)(?:,? (?:offers|&|and) useful resources)?.*|"
            r"(?:you may|we recommend|don'?t miss|read next|up next|watch next)\b.*)[:.…]*$"
        ),
        "related-articles list",
        12,
        False,
    ),
    Rule(
        _r(
            r"^(?:topics?|tags?|filed under|categories|category|related topics|keywords|"
            r"more about|explore more on these topics)\s*[:|]"
        ),
        "tags",
        40,
        True,
    ),
    Rule(
        _r(
            r"^(?:read more|read also|also read|related|see also|see more|watch|listen|more)\s*[:|»›>-]"
        ),
        "related link",
        30,
    ),
    Rule(
        _r(
            r"\[email\s*protected\]|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\bif you have a story\b|"
            r"\bsend (?:it|us|your \w+) to\b|\bcontact (?:us|the (?:news|editorial) desk)\b"
        ),
        "promo",
        40,
    ),
    Rule(
        _r(
            r"^\W*(?:click(?:ing)? here|sign up|subscribe|download (?:the|our)|follow us|"
            r"join (?:us|our)|get (?:the|our) (?:latest|best|free|daily|weekly|top)|don'?t miss|become a (?:member|"
            r"subscriber)|support (?:our|independent|quality) journalism|tell us (?:your|what)|"
            r"unlimited (?:digital )?access|start (?:your|a) free trial)\b|"
            r"\bclick(?:ing)? here\b|\bnewsletter\b|\bdelivered (?:right )?to your inbox\b|"
            r"\bgift (?:card|this article)\b|\bwin an? \w+ (?:gift|card|voucher|prize)\b|"
            r"\bhurry\b.*\b(?:only|until|ends)\b|^stay (?:up to date|informed|connected|tuned)\b|"
            r"\bsuc+es+ful+y subscribed\b|\bactivation link\b|^no,? thanks?!?$|"
            r"\bthank you for (?:subscribing|signing up|registering)\b"
        ),
        "promo",
        25,
    ),
    Rule(
        _r(
            r"\b(?:this (?:web)?site|we) uses? cookies\b|\bcookies? (?:are|is) (?:absolutely|strictly)?"
            r"\s*(?:essential|necessary)|\bcookies that\b|\bby continuing to (?:browse|use)\b"
        ),
        "legal notice",
        90,
    ),
    Rule(
        _r(
            r"\bwe use cookies\b|\bcookie (?:policy|settings|preferences)\b|\bprivacy policy\b|"
            r"\bterms (?:of|and) (?:use|service|conditions)\b|\bmanage (?:your )?consent\b"
        ),
        "legal notice",
        25,
    ),
    Rule(
        _r(
            r"^(?:photo|photos|image|images|picture|pictures|photograph|photography|illustration|"
            r"video|graphic|file photo|credits?|source|foto|photo credit|image credit|"
            r"image source|photo illustration)\s*(?:credit)?\s*(?::|\.\.\.|…|/|-|by\b)"
        ),
        "photo credit",
        16,
    ),
    Rule(
        _r(
            r"^\(?(?:AP|AFP|Reuters|Getty Images?|EPA|Shutterstock|Bloomberg|PA|Alamy|"
            r"iStock(?:photo)?|Xinhua|Kyodo|Yonhap|AAP|Anadolu)(?:\s*(?:Photo|Images?|"
            r"via Getty Images|/\s*\w[\w .]*))*\)?\.?$"
        ),
        "photo credit",
        8,
    ),
    Rule(
        _r(
            r"(?:\b(?:Photo|Image|Picture|Photograph|Credit|Foto)s?\s*:\s*[^.]{2,60}|"
            r"\((?:AP|AFP|Reuters|EPA|Getty)\b[^()]*(?:photo|/|images?)[^()]{0,60}\)|"
            r"^image copyright\b.*|^image caption\b.*|"
            r"\((?:photo|photograph|image|picture)s?\s*:[^()]{0,60}\)|\bvia Getty Images|/Getty Images|"
            r"\bREUTERS/[A-Z][^.]{0,40}|/(?:AP|AFP|Reuters|EPA|Pool)\b[^.]{0,30})\.?$"
        ),
        "photo caption",
        60,
    ),
    Rule(
        _r(
            r"^\d+\s*(?:min(?:ute)?s?|mins?)\s+read$|^(?:listen to (?:this )?(?:article|story)"
            r"(?:\s*\d+.*)?|play video|watch video|watch:?|video|audio|loading\.*|"
            r"please enable javascript.*|font size|text size|reading time.*|save article|"
            r"rating is available when the video has been rented\.?|"
            r"this feature is not available right now\..*|"
            r"the interactive transcript could not be loaded\.?|loading playlists?\.*|"
            r"media playback is (?:unsupported|not supported) on your device|"
            r"sorry,? the page you requested (?:was|could) not (?:be )?found\.?)$"
        ),
        "page widget",
        12,
    ),
    Rule(
        _r(
            r"^by\s+[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|and|&|de|van|von|al|bin))"
            r"{0,5}(?:\s*[,|-]\s*.{0,40})?$"
        ),
        "byline",
        14,
    ),
    Rule(
        _r(r"^(?:written|reported|posted|compiled) by\b|^(?:reporting|writing|editing) by\b"),
        "byline",
        25,
    ),
    # a reporter's sign-off closing a broadcast report: a name, an outlet of the registry
    # (newsfuse/data/outlets.json) and places, nothing else ("Ana Ruiz, CNN, Cairo, Egypt.")
    Rule(
        re.compile(
            rf"^{_CAP}(?: {_CAP}){{1,3}}\s*,\s*(?:{_outlet_names()})"
            rf"(?:\s*,\s*{_CAP}(?: {_CAP}){{0,2}}){{0,2}}\s*\.?$"
        ),
        "byline",
        12,
    ),
)


# cheap pre-checks for the patterns that are not anchored at the start of the line
_HINTS: dict[tuple[str, int], tuple[str, ...]] = {
    ("comment metadata", 14): (
        " ago", ":", "reply", "report", "vote", "permalink", "replies", "likes",
    ),
    ("comment metadata", 400): (" at ",),
    ("copyright", 30): ("©", "(c)", "copyright", "rights reserved"),
    ("survey prompt", 20): ("survey", "poll"),
    ("share/comment widget", 30): (
        "comment", "conversation", "discussion", "your say", "facebook", "password", "log",
        "sign in", "email address", "required fields", "save my name", "submitting this form",
        "notify me", "leave a reply", "community",
    ),
    ("promo", 40): ("@", "[email", "story", "send ", "contact"),
    ("promo", 25): (
        "click", "sign up", "subscri", "download", "follow", "join", "get ", "miss", "become",
        "support", "tell us", "unlimited", "trial", "newsletter", "inbox", "gift", "win ",
        "hurry", "stay ", "subscribed", "activation", "thank", "no thanks", "no, thank",
    ),
    ("legal notice", 90): ("cookie", "by continuing"),
    ("legal notice", 25): ("cookie", "privacy", "terms", "consent"),
    ("photo caption", 60): (
        "photo", "image", "picture", "credit", "foto", "(", "getty", "reuters", "/",
    ),
}  # fmt: skip
RULES: tuple[Rule, ...] = tuple(
    Rule(r.pattern, r.reason, r.max_words, r.ends_article, _HINTS.get((r.reason, r.max_words), ()))
    for r in _RULES
)


def _all_in(words: tuple[str, ...], vocab: frozenset[str]) -> bool:
    keys = [k for k in (w.lower().strip(".:|") for w in words) if k]
    return bool(keys) and all(k in vocab for k in keys)


def match_rule(block: Block) -> Rule | None:
    """The first furniture rule that matches ``block``, if any."""
    words = tuple(block.text.replace("/", " / ").replace("|", " | ").split())
    if len(words) <= 8:
        if _all_in(words, LOGIN) and any(
            w.lower() in {"login", "log", "sign", "register", "subscribe", "signup", "newsletter"}
            for w in words
        ):
            return Rule(re.compile(""), "login prompt", 8)
        if _all_in(words, WIDGET) and any(w.lower() in WIDGET_KEYS for w in words):
            return Rule(re.compile(""), "share/comment widget", 8)
        if _all_in(words, NAV) and any(w.lower() in NAV_KEYS for w in words):
            return Rule(re.compile(""), "navigation", 8)
    n = block.n_words
    low = block.text.lower()
    for rule in RULES:
        if n > rule.max_words or (rule.hints and not any(h in low for h in rule.hints)):
            continue
        if rule.pattern.search(block.text):
            return rule
    return None
