"""The typesetting rules, counted on everything the kit sets with its own fitter in every language: hyphenation (none in
titles, bands, headers and table heads; at most two hyphenated lines in a row; three letters before and after a break;
German at compound boundaries; French never before a mute final syllable), and French spacing."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
import yaml

from kit.build.builder import build_language
from kit.build.context import load_context
from kit.content.catalog import DEFAULT_CONTENT
from kit.content.config import KitConfig
from kit.render import text as text_module
from kit.typeset import fit as fit_module

pytestmark = pytest.mark.xdist_group("test_typesetting")  # on one pytest-xdist worker: its kit typeset in four languages is made once

LANGUAGES = ("nl", "fr", "de", "en")
PARTS = ["cards", "legplan", "matrix", "worksheets", "manual"]  # the manual part: the A5 booklet uses the fitter
# titles, bands, headers and table heads: the first run of these frames
HEADINGS = re.compile(r"^(title|title and description|category name|id|band|municipality name|zone label|kit name|"
                      r"title of chosen card \w+|actor heading|heading .*|group|column \w+|questions title|phase title|"
                      r"cover title|fact label)$")
# a last syllable whose only vowel is a mute e (French): written here, apart from content/fr/typography.yaml
MUTE = re.compile(r"^(?:qu|gu|[bcçdfghjklmnpqrstvwxz])*(?:e|es)$")
# the breaks the review found in German, each against a compound boundary
LONG_GERMAN = 12  # a German word this long that breaks is listed with its joints (compounds run long)
BAD_GERMAN = ("Mehrjah|resplan", "Sozi|alorganisationen", "Nach|bargemeinden", "Gemein|deblatt", "Barrie|refreiheit")


@dataclass(frozen=True)
class Break:
    lang: str
    piece: str
    field: str
    word: str  # the whole word as the text has it
    head: str  # what stands at the line's end, without an added hyphen
    tail: str
    added: bool  # a hyphen the typesetter added (hyphenation), not the word's own

    def __str__(self) -> str:
        return f"{self.lang} {self.piece} {self.field}: {self.head}{'-' if self.added else ''}|{self.tail}"


def _letters(text: str) -> int:
    return sum(map(str.isalpha, text))


def _line_text(line) -> str:
    return line if isinstance(line, str) else "".join(piece[0] for piece in line)


def _run_text(run) -> str:
    return "".join(span.text for span in run.spans) if run.spans else run.text


def breaks_and_ladders(lang, piece, field, set_run):
    """The line-end breaks inside words of one set run, and the longest number of lines in a row ending in a hyphen."""
    words = re.split(r"[ \t\n\r]+", _run_text(set_run.run).strip())
    lines = [_line_text(line).split(" ") for line, _ in set_run.lines]
    found, ladder, longest, index, rest = [], 0, 0, 0, None
    for number, tokens in enumerate(lines):
        for position, token in enumerate(tokens):
            word = rest if rest is not None else words[index]
            if token == word:
                index, rest = index + 1, None
                continue
            last = number < len(lines) - 1 and position == len(tokens) - 1
            assert last, f"{lang} {piece} {field}: '{token}' is not the word '{word}'"
            whole = words[index]
            if word.startswith(token):  # broken at the word's own hyphen
                found.append(Break(lang, piece, field, whole, token, word[len(token):], False))
                rest = word[len(token):]
            else:
                assert token.endswith("-"), f"{lang} {piece} {field}: '{token}' ends a line inside '{word}' without a hyphen"
                tail = lines[number + 1][0]
                found.append(Break(lang, piece, field, whole, token[:-1], tail, True))
                rest = word[len(token) - 1:] if word.startswith(token[:-1]) else tail  # a dictionary may change letters
        ends = tokens[-1].endswith("-") and number < len(lines) - 1
        ladder = ladder + 1 if ends else 0
        longest = max(longest, ladder)
    return found, longest


@pytest.fixture(scope="module")
def typeset(tmp_path_factory):
    """Every frame the fitter set while building the kit's pieces in the four languages: (lang, piece, field, Fitted)."""
    record = []
    original = fit_module.fit_or_fail

    def recording(runs, frame, base, minimum, *, lang, card, field):
        done = original(runs, frame, base, minimum, lang=lang, card=card, field=field)
        record.append((lang, card, field, done))
        return done

    patch = pytest.MonkeyPatch()
    patch.setattr(fit_module, "fit_or_fail", recording)
    patch.setattr(text_module, "fit_or_fail", recording)
    patch.setenv("KIT_START_METHOD", "none")  # every card laid out in this process, so every frame is seen
    out = tmp_path_factory.mktemp("typeset")
    try:
        for lang in LANGUAGES:
            build_language(load_context(DEFAULT_CONTENT, lang, KitConfig(municipality="Sint-Genesius-Rode")), out,
                           only=PARTS, check=False)
    finally:
        patch.undo()
    return record, out


@pytest.fixture(scope="module")
def analysed(typeset):
    record, _ = typeset
    breaks, ladders, headings = [], [], []
    for lang, piece, field, fitted in record:
        for number, set_run in enumerate(fitted.runs):
            found, longest = breaks_and_ladders(lang, piece, field, set_run)
            breaks += found
            if longest > 2:
                ladders.append(f"{lang} {piece} {field}: {longest} hyphenated lines in a row")
            if number == 0 and HEADINGS.match(field):
                headings += [b for b in found if b.added]
    return breaks, ladders, headings


def test_the_kit_sets_enough_text_to_count_on(typeset, analysed):
    record, _ = typeset
    breaks, _, _ = analysed
    assert {lang for lang, *_ in record} == set(LANGUAGES)
    assert len(record) > 2000
    assert sum(b.added for b in breaks) > 100  # hyphenation does happen: the rules below are not counted on nothing


def test_no_hyphenation_in_titles_bands_headers_and_table_heads(analysed):
    _, _, headings = analysed
    assert [str(b) for b in headings] == []


def test_at_most_two_hyphenated_lines_in_a_row(analysed):
    _, ladders, _ = analysed
    assert ladders == []


def test_at_least_three_letters_before_and_after_every_break(analysed):
    breaks, _, _ = analysed
    short = [str(b) for b in breaks if _letters(b.head.rsplit("-", 1)[-1] if b.added else b.head) < 3
             or _letters(b.tail.split("-", 1)[0] if b.added else b.tail) < 3]
    assert short == []


def test_a_hyphenated_word_breaks_at_its_own_hyphen_without_a_second_one(analysed):
    breaks, _, _ = analysed
    assert [str(b) for b in breaks if b.tail.startswith("-") or (b.added and b.head.endswith("-"))] == []
    assert any(not b.added for b in breaks)  # such breaks happen ("Sint-|Genesius-Rode", "e-|mail")


def test_french_never_breaks_before_a_mute_final_syllable(analysed):
    breaks, _, _ = analysed
    french = [b for b in breaks if b.lang == "fr" and b.added]
    assert french
    assert [str(b) for b in french if MUTE.match(re.sub(r"\W+$", "", b.tail.split("-")[0]).lower())] == []


def test_german_breaks_listed_words_only_where_the_list_allows_and_at_compound_boundaries(analysed):
    listed = {}
    for word in yaml.safe_load((DEFAULT_CONTENT / "de" / "typography.yaml").read_text(encoding="utf-8"))["hyphenation"]["words"]:
        plain, points = "", set()
        for ch in word:
            if ch in "=-":
                points.add(len(plain))
            else:
                plain += ch
        listed[plain.lower()] = points
    for bad in BAD_GERMAN:
        assert bad.index("|") not in listed[bad.replace("|", "").lower()]
    german = [b for b in analysed[0] if b.lang == "de" and b.added]
    assert german
    wrong = []
    for b in german:
        core = re.sub(r"^\W+|\W+$", "", b.word)
        at = len(re.sub(r"^\W+", "", b.head))
        if core.lower() in listed and at not in listed[core.lower()]:
            wrong.append(f"{b} (not a listed break)")
        elif core.lower() not in listed and _letters(core) >= LONG_GERMAN and "-" not in core:
            wrong.append(f"{b} (a long word, so likely a compound: list it in content/de/typography.yaml)")
    assert wrong == []


def test_french_never_starts_a_line_with_its_high_punctuation(typeset):
    """A narrow no-break space keeps ? ! : ; and » with the word before them, and « with the word after."""
    record, _ = typeset
    starts = []
    for lang, piece, field, fitted in record:
        for set_run in fitted.runs:
            lines = [_line_text(line) for line, _ in set_run.lines]
            starts += [f"{lang} {piece} {field}: '{line[:20]}'" for line in lines[1:] if line[:1] in "?!:;»"]
            starts += [f"{lang} {piece} {field}: '{line[-20:]}'" for line in lines[:-1] if line.rstrip().endswith("«")]
    assert starts == []
    french = [_run_text(set_run.run) for lang, _, _, fitted in record if lang == "fr" for set_run in fitted.runs]
    assert sum("\u202f?" in text for text in french) > 28  # every card's question, at least
    assert not any(re.search(r"[ \u00a0][?!:;»]|«[ \u00a0]", text) for text in french)


def test_the_french_cards_draw_a_narrow_no_break_space_before_their_question_marks(typeset):
    from tests.pdfread import drawn_text

    _, out = typeset
    shown = drawn_text(out / "fr" / "cards-printshop.pdf", 0)  # the front of T01
    assert "heures\u202f?" in shown.replace("\n", "")
    assert not re.search(r" [?!:;]", shown)
    assert "\u202f" not in drawn_text(out / "nl" / "cards-printshop.pdf", 0)
