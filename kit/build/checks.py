"""The preflight of a build: every PDF is checked before anything is written (kit.output.preflight), in forked
workers that import the checks while the files are made; in a big deck on a sample of the card pages."""

from __future__ import annotations

from concurrent.futures import Future

from kit.build.workers import ReadyPool, can_fork, import_all
from kit.errors import KitError

CHECK_MODULES = ("kit.output.preflight", "kit.output.objects", "kit.output.inks", "pypdfium2", "zxingcpp")  # imported ahead
SINGLE_INK_BELOW_PT = 12.0  # print shops: text under this size in one solid ink
TOTAL_INK_PCT = 300.0  # print shops: the most ink (C + M + Y + K) coated paper takes in one place (FOGRA39)


def rules_for(entry: dict) -> dict:
    """The options of check_pdf that a file's manifest entry asks for (the same for `kit build` and `kit check`):
    the kit's smallest text, or the artefact's own where it is larger; for an office printer a blank border; for a
    print shop CMYK, small text in one solid ink and no colour over the total ink coated paper takes; for cards
    their safe zone."""
    from kit.layout.presets import MIN_TEXT_PT

    options: dict = {"min_text_pt": max(MIN_TEXT_PT, float(entry.get("min_text_pt") or 0))}
    if entry.get("printer") == "office" and entry.get("unprintable_mm"):
        options["unprintable_mm"] = float(entry["unprintable_mm"])
    if entry.get("printer") == "print shop" or entry.get("kind") == "cards-printshop":
        options.update(require_cmyk=True, single_ink_below_pt=SINGLE_INK_BELOW_PT, total_ink_pct=TOTAL_INK_PCT)
    if isinstance(entry.get("safe_zone"), dict):
        options["safe_zone"] = entry["safe_zone"]
    return options


class Preflight:
    """The print checks of one build, run in workers while the build goes on: `check(outputs)` as each recipe
    finishes, `wait()` at the end raises the first failure. Workers start at once, so that their imports
    overlap with the build (kit.build.workers.ReadyPool)."""

    def __init__(self, cards: list, processes: int | None = None, import_here: bool = False):
        if import_here and can_fork():  # once, here, for the workers and the process of the recipes made aside
            import_all(CHECK_MODULES)
        self.cards, self.pool, self.pending = cards, ReadyPool(CHECK_MODULES, processes), []

    def check(self, outputs: list) -> None:
        jobs = sorted(_jobs(outputs, self.cards), key=lambda job: -len(job[1]))  # the biggest file first
        self.pending += [self.pool.submit(_check_job, job) for job in jobs]

    def made(self, outputs: list, problems: list[str] | None = None) -> None:
        """Hears of a recipe's files (kit.build.builder.make): checks them, or takes what the preflight of the
        process that made them found (see `problems`), in its turn among the others."""
        if problems is None:
            self.check(outputs)
            return
        done = Future()
        done.set_result(problems)
        self.pending.append(done)

    def wait(self) -> None:
        for pending in self.pending:
            problems = pending.result()
            if problems:
                raise KitError(f"preflight failed, nothing was written: {problems[0]}.")

    def close(self) -> None:
        self.pool.close()


def problems(outputs: list) -> list[str]:
    """The preflight of some files (not of a big deck's cards), run in this process: for a recipe made in a process
    of its own (kit.build.builder.make), which checks its files while the others are still being made."""
    return [problem for job in _jobs(outputs, ()) for problem in _check_job(job)]


def _jobs(outputs: list, cards: list) -> list:
    """The checks of some files, as (name, bytes, options of check_pdf).

    A file with QR codes is checked in two jobs at once, the codes and the rest (each takes about
    as long). In a big deck the home sheets are checked page by page on a sample (see
    _card_sample). The print-shop file's faces play the same recordings as the home sheets
    (kit.render.record), so it is read on what is its own: the first card of each kind and the
    last card (_first_of_each_kind). `kit check` reads every page.
    """
    home = next((entry for _, _, entry in outputs if entry["kind"] == "cards-home"), None)
    sample = _card_sample(home, [(card.category, card.blank) for card in cards]) if home and cards else None
    jobs = []
    for name, data, entry in outputs:
        if not name.endswith(".pdf"):
            continue
        kind = entry["kind"]
        qr_pages, expected, pages = entry.get("qr_pages"), entry.get("qr_payloads"), None
        if kind == "cards-home":
            qr_pages, expected = _qr_sample(entry)
            if sample is not None:
                pages = sorted({2 * (i // entry["cards_per_sheet"]) + side for i in sample for side in (0, 1)})
        elif kind == "cards-printshop" and cards:
            pages = [2 * i + side for i in _first_of_each_kind(cards) for side in (0, 1)]  # front, back
        options = {**rules_for(entry), "expected_qr": expected, "qr_pages": qr_pages, "own": True}
        jobs.append((name, data, {**options, "qr": False, "pages": pages}))
        if qr_pages:
            jobs.append((name, data, {**options, "qr": True, "pages": []}))
    return jobs


def _check_job(job) -> list[str]:
    from kit.output.preflight import check_pdf

    name, data, options = job
    return [f"{name}: {f'page {f.page}: ' if f.page else ''}{f.message}" for f in check_pdf(data, name, **options).failures()]


QR_SAMPLE_SHEETS = 12


def _qr_sheets(entry: dict) -> set[int]:
    """The home sheets whose QR codes the build decodes: every sheet up to QR_SAMPLE_SHEETS; in bigger decks
    the first and last sheets and the sheet with the longest payload (the densest code)."""
    cards, per_sheet = entry["cards"], entry["cards_per_sheet"]
    sheets = -(-len(cards) // per_sheet)
    if sheets <= QR_SAMPLE_SHEETS:
        return set(range(sheets))
    longest = max(range(len(cards)), key=lambda i: len(cards[i]["qr"])) // per_sheet
    return set(range(QR_SAMPLE_SHEETS // 2)) | set(range(sheets - QR_SAMPLE_SHEETS // 2, sheets)) | {longest}


def _qr_sample(entry: dict) -> tuple[list[int], list[str]]:
    """Front pages whose QR codes the build decodes (see _qr_sheets), and the payloads they must yield.
    `kit check` decodes every page."""
    per_sheet = entry["cards_per_sheet"]
    chosen = _qr_sheets(entry)
    expected = [c["qr"] for i, c in enumerate(entry["cards"]) if i // per_sheet in chosen]
    side = 1 if entry.get("qr_on_back") else 0  # pages alternate front, back
    return sorted(2 * s + side for s in chosen), expected


def _card_sample(home: dict, kinds: list) -> list[int] | None:
    """The cards whose pages a big deck's preflight reads (None: all of them, in a small deck).

    The cards on the QR sample sheets, and every sheet with the first card of a kind
    (category, blank or not): each kind draws its own icon, colours and back, so every
    form and colour of the files is among the pages read. Reading all 12000 pages of
    6000 cards took longer than building them.
    """
    per_sheet = home["cards_per_sheet"]
    sheets = _qr_sheets(home)
    if len(sheets) * per_sheet >= len(kinds):
        return None
    first = {}
    for index, kind in enumerate(kinds):
        first.setdefault(kind, index)
    sheets |= {index // per_sheet for index in first.values()}
    return [i for i in range(len(kinds)) if i // per_sheet in sheets]


def _first_of_each_kind(cards: list) -> list[int]:
    """The first card of each kind (category, blank or not) and the last card: the print-shop pages a big
    deck's preflight reads. Its cards are played from the same recordings as the home sheets, whose
    sample the preflight reads whole; what is the print shop's own (CMYK, boxes, forms) is here."""
    first = {}
    for index, card in enumerate(cards):
        first.setdefault((card.category, card.blank), index)
    return sorted({*first.values(), len(cards) - 1})
