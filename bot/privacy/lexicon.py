"""What the name rules know about a word: is it a given name or a surname in the US census lists, and how
common is it as an ordinary English word.

The census lists (1990: 5,163 given names, 88,799 surnames; public-domain data of the US Census Bureau) are
read from the `names` package's data files (MIT), and word frequencies from `wordfreq`'s small English list;
both install from PyPI with Tipjar, nothing is downloaded at run time. Loaded once, on first use (~0.3 s).
"""
from __future__ import annotations

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
    """One census list: a name and its frequencies on each line, the name first."""
    with resources.files("names").joinpath(name).open(encoding="utf-8") as rows:
        return frozenset(line.split()[0].lower() for line in rows if line.strip())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    import wordfreq  # imported here: only the screen needs it, and only once

    frequencies = wordfreq.get_frequency_dict("en", wordlist="small")
    zipf = {word: math.log10(freq * 1e9) for word, freq in frequencies.items() if word.isalpha()}
    given = _census("dist.male.first") | _census("dist.female.first")
    return Lexicon(given, _census("dist.all.last"), zipf)
