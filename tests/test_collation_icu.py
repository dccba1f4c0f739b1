"""Czech order as ICU's Czech collation gives it (the fixture is ICU's own sort)."""

import random
from pathlib import Path

import pytest

from resoc_cli.domain.collation import czech_key, czech_keys

FIXTURE = Path(__file__).parent / "fixtures" / "icu_cs_names.txt"
ICU_ORDER = [
    line
    for line in FIXTURE.read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
]


def test_the_fixture_covers_what_it_should():
    text = "".join(ICU_ORDER)
    assert len(ICU_ORDER) >= 40
    for needed in "áčďéěíňóřšťúůýžŁØßÄÖÜ'-" + "0123456789"[:3]:
        assert needed.lower() in text.lower(), needed


@pytest.mark.parametrize("seed", range(5))
def test_czech_key_sorts_as_icu(seed):
    shuffled = ICU_ORDER[:]
    random.Random(seed).shuffle(shuffled)
    assert sorted(shuffled, key=czech_key) == ICU_ORDER
    keys = dict(zip(shuffled, czech_keys(shuffled), strict=True))
    assert sorted(shuffled, key=keys.__getitem__) == ICU_ORDER


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Kovář-Dvořák", "Kovářová"),  # a hyphen sorts before letters
        ("Kovář Dvořák", "Kovář-Dvořák"),  # a space before a hyphen
        ("Hrubý", "Chroustal"),  # ch after h
        ("Lasicová", "Łasicová"),  # Ł with L, after it on a tie
        ("Łasicová", "Lucie"),
        ("Ornová", "Ørnová"),
        ("Ørnová", "Pařez"),
        ("Straussová", "Straußová"),
        ("Straußová", "Strauz"),
        ("Müller", "Mullerz"),
        ("Mravenec 10", "Mravenec 2"),  # digits one by one, before letters
        ("Mravenec 2", "Mravenec-Malý"),
        ("ferda", "Ferda"),  # lower case first on a tie
        ("Zubatá", "Žížala"),
    ],
)
def test_pairs(first, second):
    assert czech_key(first) < czech_key(second)
