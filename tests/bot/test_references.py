from bot.references import ALPHABET, LENGTH, is_valid_reference, new_reference, normalize_reference


def test_new_references_are_short_codes_from_the_alphabet():
    codes = {new_reference() for _ in range(500)}

    assert all(len(code) == LENGTH and set(code) <= set(ALPHABET) for code in codes)
    assert len(codes) > 490  # random, not sequential or repeating
    assert all(is_valid_reference(code) for code in codes)


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
