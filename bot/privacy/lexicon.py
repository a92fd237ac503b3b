"""What the name rules know about a word: is it a given name or a surname in the US census lists, and how
common is it as an ordinary English word.

The census lists (1990: 5,163 given names, 88,799 surnames; public-domain data of the US Census Bureau) are
read from the `names` package's data files (MIT), and word frequencies from `wordfreq`'s small English list;
both install from PyPI with Tipjar, nothing is downloaded at run time. Loaded once, on first use (~0.3 s).

A word that is both a name and an English word ("Johnson", "Brown", "Young", "Will") is weighed by how often it
would be written if it were used only as a name: the census says what share of people bear it, and a name borne
by 1% of people ("Smith") is written about as often as wordfreq says "smith" is. When wordfreq finds a word far
more often than that ("young", "will", "rest"), the word is mostly an ordinary word.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

NAME_WRITTEN_PER_SHARE = 7.5e6  # times per billion words a name borne by everyone would be written (Smith: 1.0%)
RAREST_SHARE = 0.0005  # the census lists round the rarest names' share to 0.000%
NAME_LIKE_EXCESS = 0.6  # zipf above the name's own: "Lee" 0.5 and "Brown" 0.3 read as names, "King" 1.0 does not


@dataclass(frozen=True)
class Lexicon:
    given: frozenset[str]
    surnames: frozenset[str]
    zipf: dict[str, float]  # log10 of a word's frequency per billion words, for words above 1 per million
    share: dict[str, float]  # percent of people with the name (the higher of surname and given name)

    def commonness(self, word: str) -> float:
        return self.zipf.get(word, 0.0)

    def name_like(self, word: str) -> bool:
        """A census name written about as often as people bearing it would be: "Johnson", "Lee", not "Young"."""
        if word not in self.share:
            return False
        as_name = math.log10(max(self.share[word], RAREST_SHARE) / 100 * NAME_WRITTEN_PER_SHARE)
        return self.commonness(word) - as_name < NAME_LIKE_EXCESS

    def is_name(self, word: str) -> bool:
        return word in self.given or word in self.surnames


def _census(name: str, weight: float = 1.0) -> dict[str, float]:
    """One census list: each name and the percent of people (of the list's population) who bear it."""
    with resources.files("names").joinpath(name).open(encoding="utf-8") as rows:
        return {cells[0].lower(): float(cells[1]) * weight for cells in map(str.split, rows) if cells}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    import wordfreq  # imported here: only the screen needs it, and only once

    frequencies = wordfreq.get_frequency_dict("en", wordlist="small")
    zipf = {word: math.log10(freq * 1e9) for word, freq in frequencies.items() if word.isalpha()}
    male, female = _census("dist.male.first", 0.5), _census("dist.female.first", 0.5)  # each half the people
    surnames = _census("dist.all.last")
    share = {**surnames}
    for names in (male, female):
        for name, percent in names.items():
            share[name] = max(share.get(name, 0.0), percent)
    return Lexicon(frozenset(male) | frozenset(female), frozenset(surnames), zipf, share)
