"""Invented French-sounding names from syllables, so synthetic monographs share no name with
the real one and no two generated documents share a cluster, person or region name."""

from __future__ import annotations

import random

_ONSETS = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "br", "cl", "gr",
           "pr", "tr", "ch", "j", "qu", "fl", "st", "v"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ou", "é", "è", "au", "eu", "an", "on", "in"]
_CODAS = ["", "", "", "r", "l", "n", "s", "x", "rt", "nd"]
_PLACE_ENDINGS = ["ois", "ie", "ac", "ay", "ville", "court", "mont", "ange", "eux", "ières"]
_FIRST_ENDINGS_M = ["ien", "ard", "ric", "in", "el", "ent", "as", "ier"]
_FIRST_ENDINGS_F = ["ine", "elle", "ette", "ie", "ence", "iane", "ise"]
_SIMPLE_VOWELS = ["a", "e", "i", "o", "u", "é", "au", "ou"]
_MIDDLES = ["r", "l", "n", "m", "s", "d", "v", "b", "st", "nd", "ss", "ll", "rn", "th"]
_ACRONYM_LETTERS = "ABCDEFGHIJKLMNOPRSTUVZ"


class NameBook:
    """Hands out unused invented names; one book per corpus keeps every document distinct."""

    def __init__(self, rng: random.Random, used: set[str] | None = None) -> None:
        self.rng = rng
        self.used = used if used is not None else set()

    def _fresh(self, make) -> str:  # type: ignore[no-untyped-def]
        for _ in range(1000):
            name = make()
            key = name.casefold()
            if key not in self.used:
                self.used.add(key)
                return name
        raise RuntimeError("name space exhausted")

    def _syllables(self, count: int) -> str:
        parts = [self.rng.choice(_ONSETS) + self.rng.choice(_VOWELS) for _ in range(count)]
        return "".join(parts) + self.rng.choice(_CODAS)

    def word(self, syllables: int = 2) -> str:
        """A capitalised invented word (not reserved)."""
        return self._syllables(syllables).capitalize()

    def region(self) -> str:
        """A two-part region name such as « Vaurin-Pas de Bréville »."""
        def make() -> str:
            left = self._syllables(2).capitalize() + self.rng.choice(_PLACE_ENDINGS)
            right = self._syllables(1).capitalize() + self.rng.choice(_PLACE_ENDINGS)
            return f"{left}-{self.rng.choice(['Pas de ', 'Val de ', 'Haute-', ''])}{right}"
        return self._fresh(make)

    def town(self) -> str:
        return self._fresh(lambda: self._syllables(2).capitalize() + self.rng.choice(_PLACE_ENDINGS))

    def acronym(self, length: int | None = None) -> str:
        """An upper-case acronym of 3 to 5 letters."""
        attempts = [0]

        def make() -> str:
            attempts[0] += 1  # a crowded length gives way to a longer one
            size = (length or self.rng.randint(3, 5)) + attempts[0] // 50
            return "".join(self.rng.choice(_ACRONYM_LETTERS) for _ in range(size))

        return self._fresh(make)

    def brand(self) -> str:
        """A one-word cluster brand such as « Velitex » or « Noravia »."""
        suffix = self.rng.choice(["tex", "via", "nov", "tec", "lia", "gen", "mat", "sys", "com"])
        return self._fresh(lambda: self._syllables(2).capitalize() + suffix)

    def _first_name(self, endings: list[str]) -> str:
        stem = self.rng.choice(_ONSETS) + self.rng.choice(_SIMPLE_VOWELS) + self.rng.choice(_MIDDLES)
        return (stem + self.rng.choice(endings)).capitalize()

    def person(self) -> tuple[str, str, bool]:
        """(first name, surname, is_female), the full name unused so far."""
        female = self.rng.random() < 0.4
        endings = _FIRST_ENDINGS_F if female else _FIRST_ENDINGS_M

        def make() -> str:
            first = self._first_name(endings)
            if self.rng.random() < 0.15:
                first += "-" + self._first_name(endings)
            last = self._syllables(self.rng.randint(2, 3)).capitalize()
            if self.rng.random() < 0.08:
                last += "-" + self._syllables(2).capitalize()
            return f"{first}\t{last}"

        first, last = self._fresh(make).split("\t")
        return first, last, female
