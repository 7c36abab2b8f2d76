"""30 participants vote on the online legplan at the same moment, on kit serve's real server, on SQLite and on
PostgreSQL: nothing accepted is lost, and no limit is passed, even when one participant's own requests race."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kit.content.catalog import DEFAULT_CONTENT, load_language
from kit.workshop.board import STICKERS, Boards, stickers
from kit.workshop.limits import Limits
from kit.workshop.web.app import create_app
from tests.test_serve_live import Phone
from tests.webkit import LiveServer, open_store, token, unique_name

PARTICIPANTS = 30
CATALOG = load_language(DEFAULT_CONTENT, "nl")
VOTED = [c.id for c in CATALOG.cards if not c.blank and CATALOG.category(c.category).voting]


def post(phone: Phone, url: str, data: dict) -> tuple[int, dict]:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/json"})
    try:
        with phone.opener.open(request, timeout=120) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_thirty_participants_vote_at_once_and_nothing_is_lost_or_over_the_limits(kind, tmp_path):
    store = open_store(kind, tmp_path)
    workshop, _ = store.create_workshop(unique_name(), "", "nl")
    with LiveServer(create_app(store, DEFAULT_CONTENT, limits=Limits(joins_per_hour=0))) as live:
        board = f"{live.url}/w/{workshop.code}/board"
        phones = []
        for n in range(PARTICIPANTS):
            phone = Phone()
            form_token = token(phone.get(board))
            assert phone.post(f"{board}/join", {"token": form_token, "name": f"Deelnemer {n}"}) == 303
            phones.append((phone, form_token))
        start = threading.Barrier(PARTICIPANTS * 4)
        answers: dict = {}

        def vote(n: int, lane: str, requests: list) -> None:
            phone, form_token = phones[n]
            start.wait()  # everyone, and each of their four lanes, in the same instant
            answers[(n, lane)] = [(card, colour, *post(phone, f"{board}/sticker", {"token": form_token, "card": card,
                                                                                    "colour": colour}))
                                  for card, colour in requests]

        threads = []
        for n in range(PARTICIPANTS):
            greens = [VOTED[(n + k) % len(VOTED)] for k in range(STICKERS + 2)]  # 12 greens for 10 stickers
            red = VOTED[(n + STICKERS + 5) % len(VOTED)]  # the same red card twice, at once
            lanes = {"a": [(c, "green") for c in greens[0::2]], "b": [(c, "green") for c in greens[1::2]],
                     "c": [(red, "red")], "d": [(red, "red")]}
            threads += [threading.Thread(target=vote, args=(n, lane, requests)) for lane, requests in lanes.items()]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)
        state = json.loads(Phone().get(f"{board}.json"))

    accepted, refused = set(), []
    for (n, _lane), results in answers.items():
        for card, colour, status, body in results:
            if status == 200:
                accepted.add((f"Deelnemer {n}", card, colour))
            else:
                refused.append((status, body["message"]))
    assert len(answers) == PARTICIPANTS * 4
    assert len(accepted) == PARTICIPANTS * (STICKERS + 1)  # ten greens and one red each, no more and no less
    expected_refusals = {CATALOG.text("board.refused.no_green_left").replace("{count}", str(STICKERS)),
                         CATALOG.text("board.refused.twice")}
    assert len(refused) == PARTICIPANTS * 3 and {status for status, _ in refused} == {409}
    assert {message for _, message in refused} == expected_refusals
    people = {p.id: p for p in Boards(store).participants(workshop)}
    assert all(p.green_used == STICKERS and p.red_used == 1 for p in people.values())
    with store.engine.connect() as db:
        rows = db.execute(stickers.select().where(stickers.c.workshop_id == workshop.id)).all()
    assert {(people[r.participant_id].name, r.card_id, r.colour) for r in rows} == accepted  # nothing lost, nothing extra
    assert sum(c["online_green"] for c in state["cards"].values()) == PARTICIPANTS * STICKERS
    assert sum(c["online_red"] for c in state["cards"].values()) == PARTICIPANTS
    store.close()
