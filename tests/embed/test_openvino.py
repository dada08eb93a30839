"""newsfuse.embed.openvino_backend: the OpenVINO encoder against the NumPy one, and the setting.

The vectors of the OpenVINO graph (bf16 where the CPU has it) must stay within cosine 0.9999 of
the NumPy encoder's, and keep the NumPy encoder's property that a text's vector is the same bits
whatever batch it is run in.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from newsfuse.config import Settings
from newsfuse.embed.minilm import Encoder, load_encoder
from newsfuse.errors import NewsfuseError

TEXTS = [
    "The minister resigned on Tuesday after weeks of pressure over the budget.",
    "Under pressure for weeks over the budget, the minister quit on Tuesday.",
    "Shares of the carmaker fell 4.5% to $231.10 in early trading.",
    "Rescue teams reached the flooded village by boat before dawn.",
    "Rain.",
    "",
    "The central bank held its main rate at 3.25%, citing slower growth and steady prices.",
    "Talks between the two sides broke down late on Friday, a spokesman for the union said.",
    "Police said three people were arrested near the stadium after the match.",
    "The company said it would cut 1,200 jobs, mostly in its European factories, by next year.",
    " ".join(["Officials said the flood defences held overnight."] * 30),
]


@pytest.fixture(scope="module")
def numpy_encoder() -> Encoder:
    return load_encoder(runtime="numpy")


@pytest.fixture(scope="module")
def ov_encoder() -> Encoder:
    pytest.importorskip("openvino")
    return load_encoder(runtime="openvino")


def test_numpy_setting_is_the_numpy_encoder(numpy_encoder: Encoder) -> None:
    assert type(numpy_encoder) is Encoder and numpy_encoder.runtime == "numpy"
    fresh = Encoder(numpy_encoder.model_dir, threads=1)
    assert np.array_equal(numpy_encoder.encode(TEXTS), fresh.encode(TEXTS))


def test_openvino_is_within_cosine_of_numpy(numpy_encoder: Encoder, ov_encoder: Encoder) -> None:
    ref = numpy_encoder.encode(TEXTS)
    got = ov_encoder.encode(TEXTS)
    assert got.shape == ref.shape and got.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
    assert (ref * got).sum(axis=1).min() >= 0.9999
    # the similarities the cross-checks compare move by far less than their bars' margins
    assert np.abs(ref @ ref.T - got @ got.T).max() < 0.005


def test_openvino_vector_does_not_depend_on_the_batch(ov_encoder: Encoder) -> None:
    # same-length texts share a batch: a text alone and among others gives the same bits
    same_length = [f"Officials in district {d} said the defences held." for d in range(2, 9)]
    texts = [*TEXTS, *same_length]
    together = ov_encoder.encode(texts, batch_size=64)
    alone = np.vstack([ov_encoder.encode([t]) for t in texts])
    assert np.array_equal(together, alone)
    assert np.array_equal(ov_encoder.encode(texts, batch_size=3), together)
    assert np.array_equal(ov_encoder.encode(texts, threads=2), together)
    assert ov_encoder.encode([]).shape == (0, 384)


def test_auto_picks_openvino_bf16_on_a_bf16_cpu_else_f32(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsfuse.embed import openvino_backend

    pytest.importorskip("openvino")
    monkeypatch.setattr(openvino_backend, "openvino_bf16", lambda: True)
    auto = load_encoder(runtime="auto")
    assert isinstance(auto, openvino_backend.OpenVinoEncoder) and auto.runtime == "openvino-bf16"
    # a CPU without BF16: OpenVINO f32 (NumPy's vectors to the 7th decimal, docs/embeddings.md)
    monkeypatch.setattr(openvino_backend, "openvino_bf16", lambda: False)
    auto = load_encoder(runtime="auto")
    assert isinstance(auto, openvino_backend.OpenVinoEncoder) and auto.runtime == "openvino-f32"
    assert load_encoder(runtime="openvino").runtime == "openvino-f32"
    # the briefings' default is auto; the bare loader stays NumPy
    assert Settings().encoder_runtime == "auto"
    assert type(load_encoder()) is Encoder


def test_openvino_f32_is_f32_even_on_a_bf16_cpu(
    monkeypatch: pytest.MonkeyPatch, numpy_encoder: Encoder
) -> None:
    from newsfuse.embed import openvino_backend

    pytest.importorskip("openvino")
    monkeypatch.setattr(openvino_backend, "openvino_bf16", lambda: True)
    f32 = load_encoder(runtime="openvino-f32")
    assert isinstance(f32, openvino_backend.OpenVinoEncoder) and f32.runtime == "openvino-f32"
    ref = numpy_encoder.encode(TEXTS)
    got = f32.encode(TEXTS)
    # f32 is within float32 rounding of NumPy's vectors, far closer than bf16's 0.9999
    assert (ref * got).sum(axis=1).min() >= 0.99999
    assert np.abs(ref @ ref.T - got @ got.T).max() < 1e-4
    assert Settings(encoder_runtime="openvino-f32").encoder_runtime == "openvino-f32"


def test_auto_falls_back_to_numpy_when_openvino_does_not_import(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newsfuse.embed import openvino_backend

    # a None entry in sys.modules makes `import openvino` raise ImportError
    monkeypatch.setitem(sys.modules, "openvino", None)
    assert not openvino_backend.openvino_imports()
    assert not openvino_backend.openvino_bf16()
    enc = load_encoder(runtime="auto")
    assert type(enc) is Encoder and enc.runtime == "numpy"
    assert enc.encode(TEXTS[:2]).shape == (2, 384)
    with pytest.raises(NewsfuseError, match="NF302"):
        load_encoder(runtime="openvino")
    with pytest.raises(NewsfuseError, match="NF302"):
        load_encoder(runtime="openvino-f32")


def test_openvino_encoder_keeps_no_numpy_weights(ov_encoder: Encoder) -> None:
    # the compiled model holds the weights; the NumPy copies are released
    assert ov_encoder.layers == () and ov_encoder.word_emb.size == 0
    assert ov_encoder.encode(TEXTS[:1]).shape == (1, 384)


def test_unknown_runtime_is_a_coded_error() -> None:
    with pytest.raises(NewsfuseError, match="NF302"):
        load_encoder(runtime="torch")


def test_openvino_without_the_package_is_a_coded_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsfuse.embed import openvino_backend

    monkeypatch.setattr(openvino_backend, "openvino_imports", lambda: False)
    with pytest.raises(NewsfuseError, match="NF302"):
        load_encoder(runtime="openvino")
