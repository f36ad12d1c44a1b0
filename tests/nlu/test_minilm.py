"""The NumPy MiniLM gives the reference implementation's vectors (transformers' BERT)."""

from __future__ import annotations

import numpy as np
import pytest
import transformers  # a dev dependency: without it this test must fail, not skip

from bot.language.minilm import packaged_model_dir, shared_encoder
from nlu.minilm_featurizer import token_vectors

SENTENCES = [
    "Is infrared light therapy safe?",
    "my feet burn at nite and the pills make me dizzy 😢 <b>help</b>",
    "x",
]


@pytest.fixture(scope="module")
def reference():
    directory = str(packaged_model_dir())
    return transformers.BertTokenizerFast.from_pretrained(directory), transformers.TFBertModel.from_pretrained(
        directory
    )


@pytest.mark.parametrize("sentence", SENTENCES)
def test_vectors_match_the_reference_implementation(reference, sentence):
    tokenizer, model = reference
    hidden = model(**tokenizer(sentence, return_tensors="tf")).last_hidden_state.numpy()[0]
    expected = hidden.mean(axis=0) / np.linalg.norm(hidden.mean(axis=0))
    encoded = shared_encoder().encode(sentence)
    assert np.abs(encoded.piece_vectors - hidden[1:-1]).max() < 1e-4
    assert float(encoded.sentence_vector @ expected) > 0.99999


def test_similar_questions_are_close_and_unrelated_ones_are_not():
    encode = lambda text: shared_encoder().encode(text).sentence_vector  # noqa: E731
    cost, price, alarm = (
        encode("how much does the therapy cost"),
        encode("what is the price of the treatment"),
        encode("set an alarm for 6am"),
    )
    assert cost @ price > 0.5 > cost @ alarm


def test_token_vectors_average_the_word_pieces_inside_each_token():
    encoded = shared_encoder().encode("nueropathy pain")
    vectors = token_vectors(encoded, [(0, 10), (11, 15), (20, 25)])
    pieces_of_first = [i for i, (s, e) in enumerate(encoded.piece_spans) if s < 10]
    assert len(pieces_of_first) > 1  # a typo splits into several pieces
    assert np.allclose(vectors[0], encoded.piece_vectors[pieces_of_first].mean(axis=0))
    assert not vectors[2].any()  # a span with no pieces gets zeros
