"""What the name rules know about a word: is it a given name or a surname in the US census lists, and how
common is it as an ordinary English word.

The census lists (1990: 5,163 given names, 88,799 surnames; public-domain data of the US Census Bureau) are
read from the `names` package's data files (MIT), and word frequencies from `wordfreq`'s small English list;
both install from PyPI with Tipjar, nothing is downloaded at run time. Loaded once, on first use.

The files are read directly, without importing either package: importing `wordfreq` loads its language-code
tables and text-fixing library (about 0.4 s of a one-shot command's start), none of which reading one list
needs. The list's format (wordfreq's "cBpack") is a gzipped msgpack list: a header, then one bucket of words
per centibel of frequency, bucket i holding the words of frequency 10 ** (-i / 100).
"""
from __future__ import annotations

import gzip
import importlib.util
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WORDFREQ_LIST = "data/small_en.msgpack.gz"


@dataclass(frozen=True)
class Lexicon:
    given: frozenset[str]
    surnames: frozenset[str]
    zipf: dict[str, float]  # log10 of a word's frequency per billion words, for words above 1 per million

    def commonness(self, word: str) -> float:
        return self.zipf.get(word, 0.0)

    def is_name(self, word: str) -> bool:
        return word in self.given or word in self.surnames


def package_file(package: str, relative: str) -> Path:
    """A data file inside an installed package, found without importing (running) the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {package} package, whose data the patient-data screen reads, is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / relative


def _census(name: str) -> frozenset[str]:
    """One census list: a name and its three figures (frequency, cumulative frequency, rank) on each line.
    Split as one text, every fourth field is a name: one pass in C instead of one Python step per line."""
    text = package_file("names", name).read_text(encoding="utf-8").lower()
    fields = text.split()
    if text.endswith("\n") and len(fields) == 4 * text.count("\n"):
        return frozenset(fields[0::4])
    # A blank line or a line of another shape: read line by line.
    return frozenset(line.split(None, 1)[0] for line in text.splitlines() if line.strip())


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
    given = _census("dist.male.first") | _census("dist.female.first")
    return Lexicon(given, _census("dist.all.last"), _zipf())
