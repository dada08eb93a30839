"""The MiniLM encoder run by OpenVINO's CPU plugin, in bfloat16 where the CPU has it.

The graph is built with OpenVINO's opset API from the weights :class:`~newsfuse.embed.minilm.Encoder`
already loads (no ONNX export, nothing fetched): word + position + token-type embeddings and
LayerNorm, six blocks (query/key/value product with the attention scale folded in, additive
key mask, softmax, output product, residual and LayerNorm; feed-forward with erf GELU, residual
and LayerNorm), then mean pooling over the masked tokens and L2 normalisation, as the NumPy
forward pass does. Batch and length are dynamic; tokenization, the unpadded same-length batches
and the order of rows are the NumPy encoder's (this class only replaces ``encode_batch``).

The model is compiled once per encoder object, for one inference thread (the analysis processes
run one encoder each); each Python thread that calls ``encode_batch`` gets its own infer request.
The NumPy copies of the weights are released once the graph is built (it holds its own), before
the compile, so the process does not keep them beside the compiled model.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsfuse.embed.minilm import Encoder, pad_batch

#: The inference precisions this backend compiles for.
PRECISIONS = ("bf16", "f32")
#: Per precision, how far the cosine of two rows is taken to lie from the float32 NumPy
#: encoder's at most. bf16: the largest change measured over the 948,753 pairs of the 40-article
#: Syria story was 0.0032 (``bench/bench_openvino.py``), times 3. f32: rows within cosine
#: 0.9999998 of NumPy's, so a pair's cosine within 2 * sqrt(2 * 2e-7) = 0.0013, rounded up.
COSINE_MARGINS = {"bf16": 0.01, "f32": 0.002}


def openvino_imports() -> bool:
    """True when the ``openvino`` package imports."""
    try:
        import openvino  # noqa: F401
    except ImportError:
        return False
    return True


def openvino_bf16() -> bool:
    """True when ``openvino`` imports and its CPU plugin reports BF16 among its capabilities."""
    try:
        import openvino as ov
    except ImportError:
        return False
    try:
        caps = ov.Core().get_property("CPU", "OPTIMIZATION_CAPABILITIES")
    except Exception:  # noqa: BLE001 - a CPU plugin that cannot answer is no bf16 CPU
        return False
    return "BF16" in caps


class OpenVinoEncoder(Encoder):
    """:class:`Encoder` whose forward pass is an OpenVINO model compiled for ``precision``."""

    def __init__(
        self, model_dir: Path, threads: int | None = None, precision: str = "bf16"
    ) -> None:
        if precision not in PRECISIONS:
            raise ValueError(f"precision must be one of {PRECISIONS}, not {precision!r}")
        super().__init__(model_dir, threads=threads)
        import openvino as ov

        self._exact: Encoder | None = None  # the NumPy encoder, loaded when first needed
        self._exact_lock = threading.Lock()

        self.precision = precision
        model = self._build_model()  # holds its own copies of the weights
        self._release_weights()
        self._compiled = ov.Core().compile_model(
            model,
            "CPU",
            {
                "INFERENCE_PRECISION_HINT": precision,
                "INFERENCE_NUM_THREADS": 1,
                "NUM_STREAMS": 1,
                "PERFORMANCE_HINT": "LATENCY",
                # processes share the cores: pinning each to the same one would serialize them
                "ENABLE_CPU_PINNING": False,
            },
        )
        del model
        self._local = threading.local()

    @property
    def runtime(self) -> str:
        """``openvino-bf16`` or ``openvino-f32``."""
        return f"openvino-{self.precision}"

    @property
    def cosine_margin(self) -> float:
        """How far a cosine of two rows may lie from the NumPy encoder's (``COSINE_MARGINS``)."""
        return COSINE_MARGINS[self.precision]

    def exact_encode(self, texts: Sequence[str]) -> np.ndarray:
        """The float32 NumPy encoder's rows of ``texts``; its weights are read on the first
        call, in the process that makes it (about 0.3 s and 125 MB), and kept."""
        with self._exact_lock:
            if self._exact is None:
                self._exact = Encoder(self.model_dir, threads=self.threads)
        return self._exact.encode(texts)

    def _release_weights(self) -> None:
        """Drop the NumPy copies of the weights (about 90 MB) once the graph holds its own: this
        encoder's forward pass never reads them, and the compile then runs without them."""
        empty = np.empty((0, self.hidden), dtype=np.float32)
        self.word_emb = self.pos_emb = empty
        self.layers = ()

    def _build_model(self) -> Any:
        import openvino as ov
        import openvino.opset13 as op

        f32 = np.float32

        def const(x: np.ndarray | float | list[int]) -> Any:
            return op.constant(np.asarray(x, dtype=np.int64 if isinstance(x, list) else f32))

        def layer_norm(x: Any, gamma: np.ndarray, beta: np.ndarray) -> Any:
            norm = op.mvn(x, const([-1]), True, self.eps, "inside_sqrt")
            return op.add(op.multiply(norm, const(gamma)), const(beta))

        def dense(x: Any, w: np.ndarray, b: np.ndarray) -> Any:
            return op.add(op.matmul(x, const(w), False, False), const(b))

        ids = op.parameter([-1, -1], np.int64, name="input_ids")
        mask = op.parameter([-1, -1], f32, name="mask")
        length = op.gather(op.shape_of(ids), const([1]), const([0]))
        emb = op.add(
            op.gather(const(self.word_emb), ids, op.constant(np.int64(0))),
            op.slice(const(self.pos_emb), const([0]), length, const([1]), const([0])),
        )
        h = layer_norm(emb, self.emb_ln_g, self.emb_ln_b)
        # additive key mask: (n, 1, 1, length), -1e9 where the mask is 0
        bias = op.unsqueeze(op.multiply(op.subtract(const(1.0), mask), const(-1e9)), const([1, 2]))
        heads_shape = const([0, 0, self.heads, self.head_dim])
        for w in self.layers:
            qkv = dense(h, w.qkv_w, w.qkv_b)
            q, k, v = (
                op.transpose(op.reshape(part, heads_shape, True), const([0, 2, 1, 3]))
                for part in op.split(qkv, op.constant(np.int64(-1)), 3).outputs()
            )
            scores = op.add(op.matmul(q, k, False, True), bias)
            ctx = op.matmul(op.softmax(scores, -1), v, False, False)
            merged = op.reshape(
                op.transpose(ctx, const([0, 2, 1, 3])), const([0, 0, self.hidden]), True
            )
            attn = op.add(dense(merged, w.attn_out_w, w.attn_out_b), h)
            h = layer_norm(attn, w.ln1_g, w.ln1_b)
            inter = op.gelu(dense(h, w.inter_w, w.inter_b), "erf")
            h = layer_norm(op.add(dense(inter, w.out_w, w.out_b), h), w.ln2_g, w.ln2_b)
        pooled = op.divide(
            op.reduce_sum(op.multiply(h, op.unsqueeze(mask, const([2]))), const([1]), False),
            op.reduce_sum(mask, const([1]), True),
        )
        norm = op.sqrt(op.reduce_sum(op.multiply(pooled, pooled), const([1]), True))
        out = op.divide(pooled, op.maximum(norm, const(1e-12)))
        return ov.Model([out], [ids, mask], "minilm")

    def encode_batch(self, batch: list[list[int]]) -> np.ndarray:
        """Forward pass for one batch of id lists; returns pooled, normalized rows."""
        input_ids, mask = pad_batch(batch)
        request = getattr(self._local, "request", None)
        if request is None:
            request = self._local.request = self._compiled.create_infer_request()
        result = request.infer({0: input_ids, 1: mask})
        return np.array(result[0], dtype=np.float32, copy=True)
