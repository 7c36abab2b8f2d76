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
    PLACEHOLDERS: ClassVar[dict] = {'too_long': ('limit',), 'too_high': ('limit',), 'unprintable': ('chars',)}
    too_long: Label
    not_a_number: Label
    too_high: Label
    unknown_choice: Label
    required: Label
    date: Label
    language: Label
    unprintable: Label  # a municipality name the kit's typefaces cannot print: {chars}, the characters


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
    participants: Label
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


class WorkbenchSteps(Section):
    """The labels under `workbench.steps:`: what a build on demand is making, as "Making {step}"."""
    cards: Label
    legplan: Label
    matrix: Label
    worksheets: Label
    manual: Label
    calibration: Label
    check: Label
    zip: Label
    preview: Label
    results: Label


class WorkbenchKinds(Section):
    """The labels under `workbench.kinds:`: each file the workbench offers, what it is and how to print it (a file's
    kind with '_' for '-')."""
    PLACEHOLDERS: ClassVar[dict] = {'cards_home': ('flip',)}
    cards_home: Label
    cards_printshop: Label
    cut_lines: Label
    legplan: Label
    legplan_tiled: Label
    matrix: Label
    worksheet_votes: Label
    worksheet_fiches: Label
    manual: Label
    manual_booklet: Label
    calibration: Label
    results: Label
    legplan_filled: Label
    legplan_filled_tiled: Label
    plan: Label
    plan_docx: Label
    zip: Label


class WorkbenchFailed(Section):
    """The labels under `workbench.failed:`: why a build on demand failed, one sentence each."""
    settings: Label
    changed: Label
    other: Label
    stopped: Label
    timeout: Label


class WorkbenchErrors(Section):
    """The labels under `workbench.errors:`: a refused logo or print setting."""
    PLACEHOLDERS: ClassVar[dict] = {'logo_size': ('limit',), 'logo_pixels': ('limit',), 'offset': ('limit',)}
    logo_type: Label
    logo_size: Label
    logo_pixels: Label
    logo_damaged: Label
    logo_svg_script: Label
    logo_svg_external: Label
    logo_svg_entity: Label
    logo_svg_size: Label
    offset: Label


class Workbench(Section):
    """The labels under `workbench:`: the trekker's workbench on the overview of kit serve (the legplan, the printable
    kit and the results in the browser), and the print instructions in the kit's ZIP."""
    PLACEHOLDERS: ClassVar[dict] = {'logo_hint': ('size', 'pixels'), 'logo_now': ('kind', 'size'), 'values_hint': ('count', 'limit'),
                                    'preview_alt': ('n', 'total'), 'kit_intro': ('address',), 'results_current': ('when',),
                                    'results_old': ('when',), 'state_running': ('step', 'percent'), 'made_at': ('when',),
                                    'instructions': ('flip', 'paper')}
    legplan_title: Label
    legplan_intro: Label
    logo: Label
    logo_hint: Label
    logo_now: Label
    logo_none: Label
    logo_remove: Label
    values: Label
    values_hint: Label
    size: Label
    size_hint: Label
    save_legplan: Label
    saved: Label
    refused: Label
    preview: Label
    preview_alt: Label
    preview_making: Label
    preview_none: Label
    kit_title: Label
    kit_intro: Label
    unreachable: Label
    paper: Label
    cards: Label
    flip: Label
    flip_long: Label
    flip_short: Label
    offset: Label
    offset_hint: Label
    offset_x: Label
    offset_y: Label
    make_kit: Label
    kit_ready: Label
    kit_none: Label
    results_title: Label
    results_intro: Label
    make_results: Label
    results_current: Label
    results_old: Label
    answers: Label
    xlsx: Label
    csv_hint: Label
    sheet: Label
    column_category: Label
    column_title: Label
    column_zone: Label
    making: Label
    ready: Label
    failed_title: Label
    state_queued: Label
    state_running: Label
    check_again: Label
    back: Label
    previous: Label
    made_at: Label
    files: Label
    instructions_file: Label
    instructions_title: Label
    instructions: Label
    steps: WorkbenchSteps
    kinds: WorkbenchKinds
    failed: WorkbenchFailed
    errors: WorkbenchErrors


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
    workbench: Workbench
    months: Annotated[list[Label], msgspec.Meta(min_length=12, max_length=12)]
