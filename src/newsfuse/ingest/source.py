"""Deciding an article's outlet, the wire service it copies, and the outlets it credits.

The registry lives in ``newsfuse/data/outlets.json``: each outlet has domains, signature patterns
(lines such as "© KYODO" or "send it to UNILAD" that only that outlet prints) and aliases (the
names other articles credit it by: "according to Kyodo News", "as per the Yomiuri newspaper").
Every decision comes back with the method that made it, so a briefing can say how it knew.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import urlsplit

from newsfuse import textsearch


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    wire: bool
    domains: tuple[str, ...]
    signatures: tuple[re.Pattern[str], ...]
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Registry:
    outlets: tuple[Outlet, ...]
    credit_re: re.Pattern[str]
    alias_to_name: dict[str, str]
    #: the words a match of ``credit_re`` can start with, lowercased (empty: not known, the
    #: whole text is searched)
    credit_starts: tuple[str, ...] = field(default=(), compare=False)

    def by_domain(self, host: str) -> Outlet | None:
        host = host.lower().removeprefix("www.")
        for outlet in self.outlets:
            if any(host == d or host.endswith("." + d) for d in outlet.domains):
                return outlet
        return None

    def canonical(self, name: str) -> str:
        """The registry name for an alias ("Kyodo" -> "Kyodo News"), else ``name`` itself."""
        return self.alias_to_name.get(name.lower(), name)

    def is_wire(self, name: str) -> bool:
        return any(o.wire and o.name == self.canonical(name) for o in self.outlets)


CREDIT_TEMPLATES = (
    r"according to (?:the )?(?:{a})",
    r"as per (?:the )?(?:{a})",
    r"(?:{a}) (?:news agency )?(?:reported|reports|said|quoted)",
    r"(?:citing|cited by|told) (?:the )?(?:{a})",
)
#: what a credit can start with besides an alias (the templates' leading words)
CREDIT_WORDS = ("according to", "as per", "citing", "cited by", "told")


def load_registry(path: str | None = None) -> Registry:
    """Read the outlet registry (the packaged one unless ``path`` is given; that one is read
    once per process)."""
    if path is None:
        return _packaged_registry()
    with open(path, encoding="utf-8") as fh:
        return _registry(fh.read())


@functools.cache
def _packaged_registry() -> Registry:
    return _registry(resources.files("newsfuse.data").joinpath("outlets.json").read_text("utf-8"))


def _registry(text: str) -> Registry:
    outlets = tuple(
        Outlet(
            name=o["name"],
            wire=bool(o.get("wire", False)),
            domains=tuple(o.get("domains", ())),
            signatures=tuple(re.compile(p, re.MULTILINE) for p in o.get("signatures", ())),
            aliases=tuple(o.get("aliases", ())),
        )
        for o in json.loads(text)["outlets"]
    )
    alias_to_name: dict[str, str] = {}
    for o in outlets:
        for a in (o.name, *o.aliases):
            alias_to_name[a.lower()] = o.name
    aliases = sorted(alias_to_name, key=len, reverse=True)
    credited = [a for a in aliases if len(a) > 2]
    alt = "|".join(re.escape(a) for a in credited)
    credit_re = re.compile(
        r"\b(?:"
        + "|".join(t.format(a=f"(?P<a{i}>{alt})") for i, t in enumerate(CREDIT_TEMPLATES))
        + r")\b",
        re.IGNORECASE,
    )
    starts = tuple(sorted({*CREDIT_WORDS, *(a.lower() for a in credited)}))
    return Registry(outlets, credit_re, alias_to_name, starts)


def source_from_url(url: str | None, registry: Registry) -> tuple[str | None, str]:
    if not url:
        return None, ""
    host = urlsplit(url).hostname or ""
    if not host:
        return None, ""
    outlet = registry.by_domain(host)
    if outlet:
        return outlet.name, f"url domain {host}"
    return host.removeprefix("www."), f"url domain {host}"


def detect_source(
    raw: str,
    registry: Registry,
    *,
    given: str | None = None,
    url: str | None = None,
    site_name: str | None = None,
) -> tuple[str | None, str]:
    """The outlet of an article and how it was decided.

    Order: a name given by the user or the input record; the URL's domain; the page's site name;
    a signature line of a non-wire outlet in the raw text (a wire signature says what the article
    copies, not who published it).
    """
    if given:
        return registry.canonical(given), "given"
    name, method = source_from_url(url, registry)
    if name:
        return name, method
    if site_name:
        return registry.canonical(site_name), "site metadata"
    for outlet in registry.outlets:
        if outlet.wire:
            continue
        for pat in outlet.signatures:
            m = pat.search(raw)
            if m:
                return outlet.name, f"signature {m.group(0).strip()!r} in the text"
    return None, "unknown: no URL, metadata or signature"


def detect_wire(raw: str, registry: Registry) -> tuple[str | None, str]:
    """A wire service the article is a copy of, from its signature lines ("© KYODO")."""
    for outlet in registry.outlets:
        if not outlet.wire:
            continue
        for pat in outlet.signatures:
            m = pat.search(raw)
            if m:
                return outlet.name, f"signature {m.group(0).strip()!r} in the text"
    return None, ""


def credit_matches(text: str, registry: Registry) -> list[re.Match[str]]:
    """The matches of ``registry.credit_re`` in ``text``, as ``finditer`` finds them, the
    pattern tried only where one of ``registry.credit_starts`` starts in the lowercased text
    (:func:`newsfuse.textsearch.matches_at_starts`)."""
    starts = registry.credit_starts or None
    return textsearch.matches_at_starts(registry.credit_re, text, textsearch.lowered(text), starts)


def detect_credits(text: str, registry: Registry) -> tuple[str, ...]:
    """Outlets the text credits for its information, in order of first mention."""
    found: list[str] = []
    for m in credit_matches(text, registry):
        alias = next(v for k, v in m.groupdict().items() if v)
        name = registry.canonical(alias)
        if name not in found:
            found.append(name)
    return tuple(found)
