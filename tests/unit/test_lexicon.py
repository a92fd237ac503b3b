"""The screen's lexicon read straight from the packages' data files holds exactly what the packages' own
readers give: same words, same Zipf values to the last bit, same name sets."""
from __future__ import annotations

import math
import sys
from importlib import resources

from bot.privacy.lexicon import lexicon


def _census_by_package(name: str) -> frozenset[str]:
    with resources.files("names").joinpath(name).open(encoding="utf-8") as rows:
        return frozenset(line.split()[0].lower() for line in rows if line.strip())


def test_word_frequencies_are_wordfreqs_own():
    import wordfreq

    frequencies = wordfreq.get_frequency_dict("en", wordlist="small")
    expected = {word: math.log10(freq * 1e9) for word, freq in frequencies.items() if word.isalpha()}
    assert len(expected) > 20_000
    assert list(lexicon().zipf.items()) == list(expected.items())


def test_census_names_are_the_name_files_lines():
    given = _census_by_package("dist.male.first") | _census_by_package("dist.female.first")
    assert (len(given), len(_census_by_package("dist.all.last"))) == (5163, 88799)
    assert lexicon().given == given
    assert lexicon().surnames == _census_by_package("dist.all.last")
    assert lexicon().share["smith"] == 1.006, "each name's share of people, as its line says"


def test_loading_the_lexicon_imports_neither_package(monkeypatch):
    for module in [name for name in sys.modules if name.split(".")[0] in {"wordfreq", "langcodes", "ftfy"}]:
        monkeypatch.delitem(sys.modules, module)
    lexicon.cache_clear()
    try:
        assert lexicon().is_name("smith") and lexicon().commonness("the") > 7
        assert "wordfreq" not in sys.modules and "langcodes" not in sys.modules
    finally:
        lexicon.cache_clear()


def test_a_census_file_with_a_blank_or_short_line_is_read_line_by_line(tmp_path, monkeypatch):
    import bot.privacy.lexicon as lexicon_module

    odd = tmp_path / "odd"
    odd.write_text("SMITH 1.006 1.006 1\n\nJONES 0.6 1.6\nLEE 0.4 2.0 3\n", encoding="utf-8")
    monkeypatch.setattr(lexicon_module, "package_file", lambda package, name: odd)
    assert lexicon_module._census("odd") == {"smith": 1.006, "jones": 0.6, "lee": 0.4}
