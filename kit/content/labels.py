"""The shape of strings.yaml: every label the kit prints or shows on its web pages, and the placeholders each may use.

A missing or empty label, an unknown one (a typo) or a placeholder the label may
not use is refused when the catalog loads, with the file and line (kit.content.schema).
Adding a label means adding its field here and its text to content/<lang>/strings.yaml.
"""

from __future__ import annotations

from typing import Annotated, ClassVar

import msgspec

from kit.content import placeholders
from kit.content.schema import problem

Label = Annotated[str, msgspec.Meta(min_length=1)]
CONTENT_PLACEHOLDERS = ("municipality",)  # what any printed text may say, filled in at build time


class Section(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """A group of labels; PLACEHOLDERS names the labels that may use more than {municipality}."""

    PLACEHOLDERS: ClassVar[dict] = {}

    def __post_init__(self):
        for field in msgspec.structs.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, str):
                allowed = self.PLACEHOLDERS.get(field.name, CONTENT_PLACEHOLDERS)
                bad = placeholders.unknown(value, allowed)
                if bad:
                    raise problem(field.name, f"the label '{field.name}' uses the unknown placeholder {{{bad[0]}}} "
                                              f"(allowed: {', '.join('{' + a + '}' for a in allowed)}).")


class Question(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """One of the six Fase 3 questions: its short label and the question itself."""

    label: Label
    hint: Label


class Card(Section):
    """The labels under `card:`."""
    examples: Label
    question: Label
    blank_title: Label
    blank_name: Label
    blank_actions: Label


class Legplan(Section):
    """The labels under `legplan:`."""
    PLACEHOLDERS: ClassVar[dict] = {'sheet': ('n', 'total'), 'tile': ('row', 'col', 'rows', 'cols')}
    title: Label
    values: Label
    values_hint: Label
    existing: Label
    short_term: Label
    long_term: Label
    sheet: Label
    tile: Label
    tile_howto: Label
    glue: Label


class Matrix(Section):
    """The labels under `matrix:`."""
    title: Label
    intro: Label
    actor: Label
    other: Label


class Votes(Section):
    """The labels under `votes:`."""
    PLACEHOLDERS: ClassVar[dict] = {'blank_fill': ('title', 'line')}
    title: Label
    intro: Label
    rule_keep: Label
    rule_drop: Label
    rule_discuss: Label
    card: Label
    green: Label
    red: Label
    outcome: Label
    keep: Label
    drop: Label
    discuss: Label
    questions_title: Label
    questions: Annotated[list[Label], msgspec.Meta(min_length=1)]
    blank_fill: Label  # a blank card on the voting sheet and on its fiche: "{title}: {line}", the line to write on


class Fiche(Section):
    """The labels under `fiche:`."""
    title: Label
    scan: Label
    questions: Annotated[list[Question], msgspec.Meta(min_length=6, max_length=6)]


class ManualKit(Section):
    """The labels under `manual.kit:`."""
    cards: Label
    blanks: Label
    legplan: Label
    matrix: Label
    votes: Label
    fiches: Label


class Manual(Section):
    """The labels under `manual:`."""
    PLACEHOLDERS: ClassVar[dict] = {'phase': ('n',), 'doc_title': ('title', 'subtitle')}
    contents: Label
    phase: Label
    tip: Label
    colophon: Label
    scan: Label
    doc_title: Label  # the PDF's title in its properties: "{title}: {subtitle}"
    kit: ManualKit


class Calibrate(Section):
    """The labels under `calibrate:`."""
    PLACEHOLDERS: ClassVar[dict] = {'howto': ('flip',)}
    title: Label
    howto: Label
    front: Label
    back: Label
    long: Label
    short: Label


class WebErrors(Section):
    """The labels under `web.errors:`."""
    PLACEHOLDERS: ClassVar[dict] = {'too_long': ('limit',), 'too_high': ('limit',)}
    too_long: Label
    not_a_number: Label
    too_high: Label
    unknown_choice: Label
    required: Label
    date: Label
    language: Label


class Web(Section):
    """The labels under `web:`."""
    PLACEHOLDERS: ClassVar[dict] = {'saved_at': ('when',), 'too_many': ('seconds',), 'close_question': ('municipality',),
                                  'error_item': ('field', 'message')}
    site_name: Label
    start_intro: Label
    new_workshop: Label
    municipality: Label
    date: Label
    language: Label
    create: Label
    created: Label
    overview: Label
    code: Label
    print_hint: Label
    participants: Label
    results_hint: Label
    export: Label
    choose_card: Label
    open: Label
    phase12: Label
    exists: Label
    exists_yes: Label
    exists_partly: Label
    exists_no: Label
    existing_actions: Label
    stickers: Label
    green: Label
    red: Label
    no_vote: Label
    choice: Label
    choice_short: Label
    choice_long: Label
    choice_not_now: Label
    choice_none: Label
    phase3: Label
    title: Label
    save: Label
    saved: Label
    refused: Label
    expired: Label
    history: Label
    saved_at: Label
    back: Label
    not_found: Label
    too_large: Label
    retry: Label
    server_error: Label
    too_many: Label
    workshop_full: Label
    unavailable: Label
    closed: Label
    close_hint: Label
    close: Label
    reopen: Label
    card: Label
    status: Label
    status_empty: Label
    status_started: Label
    status_done: Label
    outcome_open: Label
    outcome_not_voted: Label
    last_saved: Label
    language_name: Label
    skip: Label
    errors_title: Label
    error_prefix: Label
    error_item: Label
    close_expired: Label
    card_about: Label
    answers: Label
    no_answer: Label
    save_link_title: Label
    save_link: Label
    secret_link: Label
    copy: Label
    copied: Label
    copy_hint: Label
    close_question: Label
    close_confirm: Label
    cancel: Label
    not_found_title: Label
    error_title: Label
    to_start: Label
    overview_table: Label
    your_card: Label
    errors: WebErrors


class Results(Section):
    """The labels under `results:`."""
    PLACEHOLDERS: ClassVar[dict] = {'summary': ('cards', 'keep', 'discuss', 'drop', 'short', 'long'), 'generated': ('date',),
                                    'workshop_code': ('code',), 'stickers': ('green', 'red')}
    title: Label
    summary: Label
    per_category: Label
    exists: Label
    choice: Label
    to_discuss: Label
    to_discuss_none: Label
    existing: Label
    plan_title: Label
    plan_draft: Label
    plan_intro: Label
    plan_none: Label
    to_fill: Label
    filled_legplan: Label
    generated: Label
    workshop_code: Label  # under the report's title
    stickers: Label  # a card to discuss: its green and red stickers


class Edition(Section):
    """The labels under `edition:` (the HTML edition of the kit, kit.edition)."""
    PLACEHOLDERS: ClassVar[dict] = {'link_workshop': ('code',)}
    name: Label
    intro: Label
    parts: Label
    start: Label
    cards: Label
    cards_intro: Label
    link: Label
    link_workshop: Label
    blanks: Label
    blank_purpose: Label
    worksheets: Label
    fiche_intro: Label
    read: Label
    this_card: Label
class BoardDone(Section):
    """The labels under `board.done:`: what the online legplan says after an action worked."""
    PLACEHOLDERS: ClassVar[dict] = {'moved': ('card', 'zone'), 'stuck_green': ('card',), 'stuck_red': ('card',),
                                    'removed': ('card',), 'named': ('card',), 'joined': ('count',)}
    moved: Label
    stuck_green: Label
    stuck_red: Label
    removed: Label
    named: Label
    values: Label
    joined: Label
    locked: Label
    unlocked: Label
    reset: Label


class BoardRefused(Section):
    """The labels under `board.refused:`: why the online legplan refused an action."""
    PLACEHOLDERS: ClassVar[dict] = {'not_voted': ('category',), 'no_green_left': ('count',), 'no_red_left': ('count',),
                                    'full': ('limit',), 'name': ('limit',), 'display_name': ('limit',),
                                    'values': ('count', 'limit')}
    expired: Label
    unknown: Label
    not_voted: Label
    no_green_left: Label
    no_red_left: Label
    twice: Label
    no_sticker: Label
    locked: Label
    not_joined: Label
    full: Label
    name: Label
    display_name: Label
    values: Label


class Board(Section):
    """The labels under `board:`: the online legplan of kit serve."""
    PLACEHOLDERS: ClassVar[dict] = {'tally': ('green', 'red', 'outcome'), 'values_label': ('count', 'limit'), 'join_intro': ('count',),
                                    'me': ('name', 'green', 'red'), 'participants': ('count',),
                                    'participant': ('name', 'green', 'red'), 'live_tally': ('card', 'tally'),
                                    'live_many': ('count',), 'lies': ('zone',), 'online_stickers': ('green', 'red'),
                                    'moved_at': ('when', 'zone'), 'disagree_choice': ('card', 'zone', 'choice'),
                                    'disagree_exists': ('card', 'zone')}
    title: Label
    projector: Label
    intro: Label
    read_only: Label
    read_only_title: Label
    zones_nav: Label
    pile: Label
    aside: Label
    tally: Label
    drag: Label
    move: Label
    values_edit: Label
    values_label: Label
    values_save: Label
    values_none: Label
    name_blank: Label
    name_save: Label
    form_link: Label
    sticker_green: Label
    sticker_red: Label
    sticker_remove: Label
    mine_green: Label
    mine_red: Label
    join_title: Label
    join_intro: Label
    join_name: Label
    join: Label
    me: Label
    voting_open: Label
    voting_locked: Label
    lock: Label
    unlock: Label
    controls: Label
    participants: Label
    participant: Label
    reset: Label
    nobody: Label
    join_here: Label
    qr_alt: Label
    offline: Label
    online: Label
    live_tally: Label
    live_many: Label
    counting: Label
    on_board: Label
    lies: Label
    online_stickers: Label
    moves: Label
    moved_at: Label
    open: Label
    projector_open: Label
    participants_link: Label
    disagreements: Label
    agree: Label
    disagree_choice: Label
    disagree_exists: Label
    done: BoardDone
    refused: BoardRefused


class Strings(Section):
    """Every label of strings.yaml."""
    kit_name: Label
    municipality_default: Label
    card: Card
    legplan: Legplan
    matrix: Matrix
    votes: Votes
    fiche: Fiche
    manual: Manual
    calibrate: Calibrate
    web: Web
    results: Results
    edition: Edition
    board: Board
    months: Annotated[list[Label], msgspec.Meta(min_length=12, max_length=12)]
