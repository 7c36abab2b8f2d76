"""What the online legplan shows, as plain data for its page and its JSON: every card with its zone, tallies and
outcome in the workshop's words, the zones in the order of the printed legplan, and the blank cards on offer.

The numbers come from kit.workshop.results (the same model as the overview and
`kit results`), so the board never counts differently from the rest of the kit.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.content import placeholders
from kit.content.model import Card, Catalog, Category
from kit.workshop.board import ZONES, Participant
from kit.workshop.fields import MAX_BLANKS
from kit.workshop.results import CardResult, Results, combine

PRINTED_BLANKS = 3  # the blank cards per category a default kit prints; the board offers one more once they are used
OUTCOME_KEYS = {"keep": "votes.keep", "drop": "votes.drop", "discuss": "votes.discuss", "open": "web.outcome_open",
                "not_voted": "web.outcome_not_voted"}


@dataclass(frozen=True)
class BoardCard:
    """One card as the board shows it."""

    result: CardResult
    index: int  # its place in the catalog: the order on the pile and under "dit gebeurt al"
    mine: str = ""  # the colour of this browser's participant's sticker on it

    @property
    def card(self) -> Card:
        return self.result.card

    @property
    def category(self) -> Category:
        return self.result.category

    @property
    def zone(self) -> str:
        return self.result.zone if self.result.zone in ZONES else "pile"

    @property
    def title(self) -> str:
        return self.result.title or self.card.title

    @property
    def sort(self) -> int:
        """Cards laid in a term or set aside keep the order they were laid in; elsewhere the catalog's order."""
        return self.result.order if self.zone in ("short", "long", "aside") else self.index

    @property
    def list_key(self) -> str:
        """The list it sits in: per category under "dit gebeurt al" and on the pile, else the zone's one list."""
        return f"{self.zone}-{self.category.prefix}" if self.zone in ("existing", "pile") else self.zone


def zone_names(catalog: Catalog) -> dict:
    return {"pile": catalog.text("board.pile"), "existing": catalog.text("legplan.existing"),
            "short": catalog.text("legplan.short_term"), "long": catalog.text("legplan.long_term"),
            "aside": catalog.text("board.aside")}


def tally_text(catalog: Catalog, result: CardResult) -> str:
    """The card's stickers and Fase 2 outcome in words, e.g. "3 groen · 1 rood: bespreken"."""
    outcome = catalog.text(OUTCOME_KEYS[result.outcome])
    if result.outcome in ("open", "not_voted"):
        return outcome
    return placeholders.fill(catalog.text("board.tally"), {"green": result.values.get("green", 0),
                                                         "red": result.values.get("red", 0), "outcome": outcome})


def board_cards(results: Results, catalog: Catalog, mine: dict | None = None) -> list[BoardCard]:
    """Every card of the workshop in catalog order: the printed ones, and per category the blank cards a kit prints
    plus any the group used and one spare after the highest used."""
    found = {r.card.id: r for r in results.cards}
    highest = {}
    for r in results.cards:
        if r.card.blank:
            highest[r.card.category] = max(highest.get(r.card.category, 0), _number(r.card))
    cards = []
    for index, card in enumerate(catalog.cards):
        if card.blank and card.id not in found:
            offered = min(MAX_BLANKS, max(PRINTED_BLANKS, highest.get(card.category, 0) + 1))
            if _number(card) > offered:
                continue
        category = catalog.category(card.category)
        result = found.get(card.id) or CardResult(card, category, combine({}, category, "", (0, 0), results.board.counted))
        cards.append(BoardCard(result, index, (mine or {}).get(card.id, "")))
    return cards


def _number(card: Card) -> int:
    digits = card.id[2:]
    return int(digits) if digits.isdigit() else 0


def state_json(results: Results, catalog: Catalog, cards: list[BoardCard], *, closed: bool, me: Participant | None) -> dict:
    """The board as JSON: per card its zone, green and red (the form's paper stickers and the board's together, as
    everywhere), the board's own stickers, the outcome, and a version number that grows with every change."""
    return {
        "version": results.board.version,
        "closed": closed,
        "voting_locked": results.board.voting_locked,
        "participants": results.board.participants,
        "core_values": list(results.board.core_values),
        "me": {"name": me.name, "green_left": me.left("green"), "red_left": me.left("red")} if me else None,
        "cards": {c.card.id: {
            "zone": c.zone, "category": c.category.id, "title": c.title, "blank": c.card.blank,
            "green": c.result.values.get("green"), "red": c.result.values.get("red"),  # None: not counted yet
            "online_green": c.result.online[0], "online_red": c.result.online[1], "outcome": c.result.outcome,
            "tally": tally_text(catalog, c.result), "mine": c.mine or None, "sort": c.sort,
        } for c in cards},
    }
