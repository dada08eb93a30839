"""BERT uncased WordPiece tokenization in pure Python, equal to the model's ``tokenizer.json``.

It reproduces the Hugging Face ``tokenizers`` pipeline that ``all-MiniLM-L6-v2`` declares:

1. ``BertNormalizer`` (clean_text, handle_chinese_chars, lowercase, strip_accents=None which
   means "strip because lowercase"): control characters are dropped, whitespace becomes a
   space, CJK ideographs are padded with spaces, text is NFD-decomposed without nonspacing
   marks, then lowercased character by character.
2. ``BertPreTokenizer``: split on whitespace, every punctuation character is a word of its own.
3. ``WordPiece``: greedy longest match, continuation pieces prefixed ``##``; a word longer than
   100 characters or with no full cover by the vocabulary becomes ``[UNK]``.
4. ``[CLS] ... [SEP]`` with truncation to ``max_length`` ids in all.

Equality with the Rust implementation was checked on real article sentences and random Unicode
strings (see ``docs/embeddings.md``).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from pathlib import Path

#: Unicode White_Space characters (what Rust's ``char::is_whitespace`` accepts).
_WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
#: "Other" categories that BertNormalizer drops; unassigned code points (Cn) are kept, as in
#: the Rust implementation.
_CONTROL_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co"})
_PUNCT_CATEGORIES = frozenset({"Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps"})
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_CJK_RANGES = (
    (0x4E00, 0x9FFF),
    (0x3400, 0x4DBF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2B73F),
    (0x2B740, 0x2B81F),
    (0x2B920, 0x2CEAF),
    (0xF900, 0xFAFF),
    (0x2F800, 0x2FA1F),
)


def _is_cjk(cp: int) -> bool:
    return any(lo <= cp <= hi for lo, hi in _CJK_RANGES)


def _is_punct(ch: str) -> bool:
    return ch in _ASCII_PUNCT or unicodedata.category(ch) in _PUNCT_CATEGORIES


#: ASCII fast path of :func:`normalize`: tab, newline and CR become spaces, other controls go.
_ASCII_CLEAN = str.maketrans(
    {chr(i): (" " if chr(i) in "\t\n\r" else None) for i in [*range(32), 127]}
)


def normalize(text: str) -> str:
    """Apply BertNormalizer (clean, CJK spacing, strip accents, lowercase) to ``text``."""
    if text.isascii():
        return text.translate(_ASCII_CLEAN).lower()
    out: list[str] = []
    for ch in text:
        cp = ord(ch)
        if ch in _WHITESPACE:
            # \t \n \r are never "control"; the other White_Space controls (\x0b \x0c \x85)
            # are dropped by the control filter, which runs first.
            if ch in "\t\n\r" or unicodedata.category(ch) not in _CONTROL_CATEGORIES:
                out.append(" ")
            continue
        if cp == 0 or cp == 0xFFFD or unicodedata.category(ch) in _CONTROL_CATEGORIES:
            continue
        if cp >= 0x3400 and _is_cjk(cp):
            out.append(f" {ch} ")
        else:
            out.append(ch)
    cleaned = unicodedata.normalize("NFD", "".join(out))
    if not cleaned.isascii():
        cleaned = "".join(c for c in cleaned if unicodedata.category(c) != "Mn")
        return "".join(c.lower() for c in cleaned)
    return cleaned.lower()


def pre_tokenize(text: str) -> Iterator[str]:
    """Split normalized ``text`` into words: on whitespace, and around each punctuation mark."""
    for chunk in text.split(" "):
        if not chunk:
            continue
        if chunk.isalnum():
            yield chunk
            continue
        start = 0
        for i, ch in enumerate(chunk):
            if ch in _WHITESPACE or _is_punct(ch):
                if start < i:
                    yield chunk[start:i]
                if ch not in _WHITESPACE:
                    yield ch
                start = i + 1
        if start < len(chunk):
            yield chunk[start:]


class WordPieceTokenizer:
    """Text to BERT input ids with ``[CLS]``/``[SEP]`` and truncation (uncased vocabulary)."""

    def __init__(
        self,
        vocab: dict[str, int],
        max_length: int = 256,
        unk_token: str = "[UNK]",
        cls_token: str = "[CLS]",
        sep_token: str = "[SEP]",
        max_input_chars_per_word: int = 100,
    ) -> None:
        if max_length < 2:
            raise ValueError("max_length must leave room for [CLS] and [SEP]")
        self.vocab = vocab
        self.max_length = max_length
        self.unk_id = vocab[unk_token]
        self.cls_id = vocab[cls_token]
        self.sep_id = vocab[sep_token]
        self.max_input_chars_per_word = max_input_chars_per_word

    @classmethod
    def from_model_dir(cls, model_dir: Path, max_length: int = 256) -> WordPieceTokenizer:
        """Read the vocabulary from ``tokenizer.json`` (or ``vocab.txt``) in ``model_dir``."""
        tok_json = model_dir / "tokenizer.json"
        if tok_json.is_file():
            spec = json.loads(tok_json.read_text(encoding="utf-8"))
            model = spec["model"]
            return cls(
                dict(model["vocab"]),
                max_length=max_length,
                unk_token=model.get("unk_token", "[UNK]"),
                max_input_chars_per_word=model.get("max_input_chars_per_word", 100),
            )
        lines = (model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines()
        return cls({tok: i for i, tok in enumerate(lines)}, max_length=max_length)

    def word_ids(self, word: str) -> list[int]:
        """WordPiece ids of one pre-tokenized ``word`` (``[UNK]`` if it cannot be covered)."""
        vocab = self.vocab
        whole = vocab.get(word)
        if whole is not None:
            return [whole]
        if len(word) > self.max_input_chars_per_word:
            return [self.unk_id]
        ids: list[int] = []
        start, n = 0, len(word)
        while start < n:
            end = n
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return [self.unk_id]
            ids.append(found)
            start = end
        return ids

    def encode(self, text: str) -> list[int]:
        """Ids of ``text``: ``[CLS]``, word pieces (truncated), ``[SEP]``."""
        budget = self.max_length - 2
        ids = [self.cls_id]
        for word in pre_tokenize(normalize(text)):
            ids.extend(self.word_ids(word))
            if len(ids) > budget:
                del ids[budget + 1 :]
                break
        ids.append(self.sep_id)
        return ids

    def tokens(self, text: str) -> list[str]:
        """The word-piece strings of ``text`` (for inspection and tests)."""
        inverse = {i: t for t, i in self.vocab.items()}
        return [inverse[i] for i in self.encode(text)]
