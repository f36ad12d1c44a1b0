import pytest

from bot.clinic.references import (
    ALPHABET,
    LENGTH,
    is_valid_reference,
    looks_like_a_code,
    new_reference,
    normalize_reference,
)


def test_new_references_are_short_codes_from_the_alphabet():
    codes = {new_reference() for _ in range(500)}

    assert all(len(code) == LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert len(codes) > 490  # random, not sequential or repeating
    assert all(is_valid_reference(code) for code in codes)
    assert all(looks_like_a_code(code) for code in codes)  # always a digit: never a word


@pytest.mark.parametrize("text", ["k7q dmx", "HEYW9T", " 47attk "])
def test_a_message_that_is_only_a_code_looks_like_one(text):
    assert looks_like_a_code(text)


@pytest.mark.parametrize("text", ["agreed", "NATURE", "hello", "K7QDMX please", "at 10am", ""])
def test_words_and_sentences_do_not_look_like_codes(text):
    assert not looks_like_a_code(text)


def test_the_alphabet_has_no_look_alike_characters():
    assert not set("0O1IL5S2Z8B") & set(ALPHABET)


def test_patients_may_type_lowercase_spaces_and_dashes():
    assert normalize_reference(" k7q-dmx ") == "K7QDMX"
    assert normalize_reference("#K7Q DMX") == "K7QDMX"
    assert is_valid_reference("k7q dmx")


def test_malformed_references_are_not_valid():
    assert not is_valid_reference("")
    assert not is_valid_reference("K7QDM")
    assert not is_valid_reference("K7QDMXA")
    assert not is_valid_reference("K7QDM0")  # 0 is never used, so it is not guessed either
    assert not is_valid_reference("K7QDMS")
