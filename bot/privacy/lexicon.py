"""What the name rules know about a word: is it a given name or a surname in the US census lists, and how
common is it as an ordinary English word.

The census lists (1990: 5,163 given names, 88,799 surnames; public-domain data of the US Census Bureau) are
read from the `names` package's data files (MIT), and word frequencies from `wordfreq`'s small English list;
both install from PyPI with Tipjar, nothing is downloaded at run time. Loaded once, on first use.

The files are read directly, without importing either package: importing `wordfreq` loads its language-code
tables and text-fixing library (about 0.4 s of a one-shot command's start), none of which reading one list
needs. The list's format (wordfreq's "cBpack") is a gzipped msgpack list: a header, then one bucket of words
per centibel of frequency, bucket i holding the words of frequency 10 ** (-i / 100).

A word that is both a name and an English word ("Johnson", "Brown", "Young", "Will") is weighed by how often it
would be written if it were used only as a name: the census says what share of people bear it, and a name borne
by 1% of people ("Smith") is written about as often as wordfreq says "smith" is. When wordfreq finds a word far
more often than that ("young", "will", "rest"), the word is mostly an ordinary word.
"""
from __future__ import annotations

import gzip
import importlib.util
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WORDFREQ_LIST = "data/small_en.msgpack.gz"

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


def package_file(package: str, relative: str) -> Path:
    """A data file inside an installed package, found without importing (running) the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {package} package, whose data the patient-data screen reads, is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / relative


def _census(name: str, weight: float = 1.0) -> dict[str, float]:
    """One census list: each name and the percent of people (of the list's population) who bear it. A line is
    a name and three figures (percent, cumulative percent, rank); split as one text, every fourth field is a
    name and the next its percent: one pass in C instead of one Python step per line."""
    text = package_file("names", name).read_text(encoding="utf-8").lower()
    fields = text.split()
    if text.endswith("\n") and len(fields) == 4 * text.count("\n"):
        return {name: float(percent) * weight for name, percent in zip(fields[0::4], fields[1::4])}
    # A blank line or a line of another shape: read line by line.
    rows = (line.split() for line in text.splitlines())
    return {cells[0]: float(cells[1]) * weight for cells in rows if len(cells) >= 2}


def _zipf() -> dict[str, float]:
    """wordfreq's small English list as Zipf values, alphabetic words only (as wordfreq.get_frequency_dict
    then log10(frequency * 1e9) gave them, to the last bit)."""
    import msgpack  # wordfreq's own dependency, so installed with it

    with gzip.open(package_file("wordfreq", WORDFREQ_LIST), "rb") as packed:
        header, *buckets = msgpack.load(packed, raw=False)
    if not isinstance(header, dict) or header.get("format") != "cB" or header.get("version") != 1:
        raise ValueError(f"wordfreq's {WORDFREQ_LIST} is not a cBpack of version 1: {header!r}")
    frequencies: dict[str, float] = {}
    for index, bucket in enumerate(buckets):
        frequency = 10 ** (-index / 100)
        for word in bucket:
            frequencies[word] = frequency  # a later (rarer) bucket wins, as in wordfreq
    return {word: math.log10(frequency * 1e9) for word, frequency in frequencies.items() if word.isalpha()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    zipf = _zipf()
    male, female = _census("dist.male.first", 0.5), _census("dist.female.first", 0.5)  # each half the people
    surnames = _census("dist.all.last")
    share = {**surnames}
    for names in (male, female):
        for name, percent in names.items():
            share[name] = max(share.get(name, 0.0), percent)
    return Lexicon(frozenset(male) | frozenset(female), frozenset(surnames), zipf, share)
