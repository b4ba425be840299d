import math
import re

from certificates import models
from certificates.models import CODE_ALPHABET, new_verification_code, normalise_code


def test_code_alphabet_has_no_ambiguous_characters():
    for ambiguous in "0O1IL":
        assert ambiguous not in CODE_ALPHABET
    assert len(set(CODE_ALPHABET)) == len(CODE_ALPHABET)


def test_code_has_at_least_64_bits_of_entropy():
    code = new_verification_code()
    symbols = len(code.replace("-", ""))
    assert symbols * math.log2(len(CODE_ALPHABET)) >= 64


def test_code_is_grouped_for_reading_aloud():
    pattern = re.compile(rf"^[{CODE_ALPHABET}]{{4}}(-[{CODE_ALPHABET}]{{4}}){{3}}$")
    assert all(pattern.match(new_verification_code()) for _ in range(200))


def test_code_comes_from_secrets(monkeypatch):
    calls = []

    def choice(alphabet):
        calls.append(alphabet)
        return "Z"

    monkeypatch.setattr(models.secrets, "choice", choice)
    assert new_verification_code() == "ZZZZ-ZZZZ-ZZZZ-ZZZZ"
    assert len(calls) == 16


def test_codes_do_not_repeat():
    assert len({new_verification_code() for _ in range(5000)}) == 5000


def test_typed_code_is_matched_ignoring_case_spaces_and_dashes():
    assert normalise_code(" abcd efgh-jkmn pqrs ") == "ABCD-EFGH-JKMN-PQRS"
    assert normalise_code("ABCDEFGHJKMNPQRS") == "ABCD-EFGH-JKMN-PQRS"


def test_malformed_code_normalises_to_nothing():
    assert normalise_code("ABCD-EFGH-JKMN-PQR0") == ""
    assert normalise_code("ABCD") == ""
    assert normalise_code("") == ""
