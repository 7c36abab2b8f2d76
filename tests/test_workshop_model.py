"""The answer fields, their limits and the Fase 2 outcome, without web or database."""

from __future__ import annotations

import pytest

from kit.content.model import Card, Category
from kit.workshop.fields import (
    CODE_PATTERN,
    FIELD_BY_KEY,
    FieldError,
    clean_answer,
    clean_value,
    fields_for,
    new_code,
    new_secret,
    outcome,
    status,
)

VOTED = Category("toegang", "T", "Toegang", (0.1, 0.4, 0.5), "t.svg", "", voting=True)
REGIE = Category("regierol", "R", "Regierol", (0.2, 0.3, 0.5), "r.svg", "", voting=False)


def test_overlong_text_is_refused_with_its_limit():
    limit = FIELD_BY_KEY["motivation"].limit
    assert clean_value(FIELD_BY_KEY["motivation"], "a" * limit) == "a" * limit
    with pytest.raises(FieldError) as error:
        clean_value(FIELD_BY_KEY["motivation"], "a" * (limit + 1))
    assert (error.value.reason, error.value.limit) == ("too_long", limit)


def test_tallies_are_whole_numbers_within_reason():
    assert clean_value(FIELD_BY_KEY["green"], " 7 ") == 7
    assert clean_value(FIELD_BY_KEY["green"], "") is None
    assert clean_value(FIELD_BY_KEY["green"], "007") == 7
    for bad, reason in (("-1", "not_a_number"), ("2.5", "not_a_number"), ("٣", "not_a_number"), ("501", "too_high"),
                        ("9" * 5000, "too_high")):
        with pytest.raises(FieldError) as error:
            clean_value(FIELD_BY_KEY["green"], bad)
        assert error.value.reason == reason, bad


def test_text_is_tidied_but_kept():
    # every character stays; what a database cannot hold (NUL) becomes the visible replacement character
    assert clean_value(FIELD_BY_KEY["actions"], "één\r\ntwee\x00\x07 <b>&") == "één\ntwee\ufffd\x07 <b>&"
    assert clean_value(FIELD_BY_KEY["timeframe"], "  tegen\n  2027 ") == "tegen 2027"


def test_every_refusal_is_reported_at_once():
    answer, errors = clean_answer({"green": "x", "choice": "soon", "motivation": "ok", "impact": "i" * 5000},
                                  fields_for(Card("T01", "toegang", "x"), VOTED))
    assert answer == {"motivation": "ok"}
    assert sorted(e.key for e in errors) == ["choice", "green", "impact"]


def test_blank_cards_get_a_name_and_the_regierol_no_stickers():
    assert "title" in {f.key for f in fields_for(Card("TB1", "toegang", "Eigen", blank=True), VOTED)}
    assert "title" not in {f.key for f in fields_for(Card("T01", "toegang", "x"), VOTED)}
    assert not {"green", "red"} & {f.key for f in fields_for(Card("R01", "regierol", "x"), REGIE)}


@pytest.mark.parametrize("answer, expected", [
    ({"green": 5, "red": 0}, "keep"),
    ({"green": 5}, "keep"),
    ({"green": 0, "red": 3}, "drop"),
    ({"green": 0, "red": 0}, "drop"),
    ({"green": 2, "red": 1}, "discuss"),
    ({}, "open"),
    ({"choice": "short"}, "open"),
])
def test_fase2_outcome(answer, expected):
    assert outcome(answer, VOTED) == expected
    assert outcome(answer, REGIE) == "not_voted"


def test_status_follows_the_phases():
    six = dict.fromkeys(("motivation", "actions", "timeframe", "responsible", "target_group", "impact"), "x")
    assert status({}) == "empty"
    assert status({"green": 1}) == "started"
    assert status({**six, "green": 1}) == "done"


def test_codes_are_random_and_typeable():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(CODE_PATTERN.fullmatch(c) for c in codes)
    assert not set("".join(codes)) & set("01ilo")
    assert len(new_secret()) >= 32
