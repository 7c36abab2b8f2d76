"""Loads layout presets from layouts/<kind>/<name>.yaml (data only): every measure of every artefact, in mm and points.

A preset may say `extends: OTHER` to start from another preset of the same kind
and change only what differs; nested mappings merge key by key, and a key set to
null removes the parent's value. A card preset with `scale_frames: true` takes its
parent's frames scaled to its own width and height. Each kind declares its shape
as msgspec structs (kit.content.schema names the file and line of a bad value).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from kit import defaults
from kit.content.schema import convert, problem
from kit.content.sources import Layers, as_layers
from kit.content.yamlfile import load_yaml
from kit.errors import KitError
from kit.layout.geometry import Rect

DEFAULT_LAYOUTS = defaults.LAYOUTS
MIN_QR_MM = 12.0
MIN_TEXT_PT = 7.0  # the smallest type the kit prints; the preflight holds every file to it


def Mm(low: float = 0.0, high: float = 2000.0):
    """A length in millimetres between two bounds."""
    return Annotated[float, msgspec.Meta(ge=low, le=high)]


Pt = Annotated[float, msgspec.Meta(ge=MIN_TEXT_PT, le=200)]  # a type size in points
Box = Annotated[list[float], msgspec.Meta(min_length=4, max_length=4)]  # [x, y, width, height] in mm
Colour = Annotated[str, msgspec.Meta(pattern=r"^#[0-9a-fA-F]{6}$")]


class Preset(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Base of every preset file: `extends` is resolved before the shape is checked."""


# -- loading ---------------------------------------------------------------------------------------


def presets(kind: str, layouts_dir=DEFAULT_LAYOUTS) -> list[str]:
    """The names of the presets of a kind (layouts/<kind>/*.yaml in any folder of the layers, kit.content.sources)."""
    return sorted(Path(name).stem for name in as_layers(layouts_dir).names(kind, pattern="*.yaml"))


def card_presets(layouts_dir=DEFAULT_LAYOUTS) -> list[str]:
    return presets("cards", layouts_dir)


def load_preset(kind: str, name: str, shape: type, layouts_dir=DEFAULT_LAYOUTS):
    """A preset with everything it extends merged in, checked against its shape; a bad value is reported at the
    line of the preset file that set it."""
    merged, chain = _merged(kind, name, as_layers(layouts_dir))
    return convert(merged, shape, chain[0].path, lambda steps, _: f"the {kind} preset '{name}'", roots=chain)


def preset_files(kind: str, name: str, layouts_dir=DEFAULT_LAYOUTS) -> list[Path]:
    """The files a preset is read from: its own, then those it extends (kit validate says where each piece came from)."""
    return [Path(data.path) for data in _merged(kind, name, as_layers(layouts_dir))[1]]


def _merged(kind: str, name: str, layers: Layers, seen=()) -> tuple[dict, list]:
    """The preset's settings over those it extends, and the files read (the preset itself first).

    A preset found in an upper folder (a working folder's layouts/) replaces the one below of the same name;
    with `extends: <its own name>` it starts from the one below and changes only what differs.
    """
    path = layers.find(kind, f"{name}.yaml")
    if path is None or not path.is_file():
        available = presets(kind, layers)
        raise KitError(f"unknown {kind} preset '{name}' (available: {', '.join(available) or 'none'}).")
    if path in seen:
        raise KitError(f"{path}: 'extends' loops back to '{name}'.")
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise KitError(f"{path}: a preset must be a mapping of settings.")
    parent = data.get("extends")
    if parent is not None and not isinstance(parent, str):
        raise KitError(f"{data.where('extends')}: 'extends' names another preset of the same kind.")
    if parent == name and not layers.below(path).find(kind, f"{name}.yaml"):
        raise KitError(f"{data.where('extends')}: 'extends: {name}' names the preset itself, and no folder below has one.")
    searched = layers.below(path) if parent == name else layers  # where the parent is looked for
    base, chain = _merged(kind, parent, searched, seen + (path,)) if parent else ({}, [])
    own = {k: v for k, v in data.items() if k != "extends"}
    merged = _deep_merge(base, own)
    if own.get("scale_frames") and base.get("width_mm") and base.get("height_mm"):
        merged = _scaled(merged, own, base)
    merged.pop("scale_frames", None)
    return merged, [data, *chain]


def _deep_merge(base: dict, over: dict) -> dict:
    """Merge a preset over its parent, key by key; a key set to null removes the parent's value."""
    out = dict(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = _deep_merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _scaled(merged: dict, own: dict, base: dict) -> dict:
    """A card of another size laid out like its parent: positions scale with width and height."""
    sx = merged["width_mm"] / base["width_mm"]
    sy = merged["height_mm"] / base["height_mm"]

    def rect(r):
        return [round(r[0] * sx, 3), round(r[1] * sy, 3), round(r[2] * sx, 3), round(r[3] * sy, 3)]

    out = dict(merged)
    if "frames" not in own:
        out["frames"] = {k: rect(v) for k, v in base["frames"].items()}
    if "band_icon" not in own:
        out["band_icon"] = rect(base["band_icon"])
    if "band_mm" not in own:
        out["band_mm"] = round(base["band_mm"] * sy, 3)
    if "qr" not in own:
        qr = dict(base["qr"])
        qr["symbol_mm"] = max(MIN_QR_MM, round(qr["symbol_mm"] * min(sx, sy), 3))
        right, bottom = base["width_mm"] - qr["x_mm"] - base["qr"]["symbol_mm"], qr["y_mm"]
        qr["x_mm"] = round(merged["width_mm"] - right * sx - qr["symbol_mm"], 3)
        qr["y_mm"] = round(bottom * sy, 3)
        out["qr"] = qr
    if "back" not in own:
        back = dict(base["back"])
        for key, value in base["back"].items():
            if isinstance(value, list):  # frames scale; flags and fonts stay
                back[key] = rect(value)
        out["back"] = back
    return out


def _rect(box) -> Rect:
    return Rect(*(float(v) for v in box))


# -- paper -----------------------------------------------------------------------------------------


class PaperPreset(Preset):
    width_mm: Mm(50)
    height_mm: Mm(50)
    unprintable_mm: Mm(0, 30)


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: float
    height_mm: float
    unprintable_mm: float

    @property
    def landscape(self) -> tuple[float, float]:
        """(width, height) of the sheet turned landscape."""
        return max(self.width_mm, self.height_mm), min(self.width_mm, self.height_mm)


@lru_cache(maxsize=64)
def load_paper(name: str, layouts_dir=DEFAULT_LAYOUTS) -> Paper:
    preset = load_preset("paper", name, PaperPreset, layouts_dir)
    return Paper(name=name, width_mm=preset.width_mm, height_mm=preset.height_mm, unprintable_mm=preset.unprintable_mm)


# -- cards -----------------------------------------------------------------------------------------

FRAME_KEYS = ("band_name", "card_id", "title", "body", "question", "caption", "blank_lines")
CardFont = Annotated[float, msgspec.Meta(ge=MIN_TEXT_PT, le=72)]


class CardFonts(Preset):
    band_name: CardFont
    card_id: CardFont
    title: CardFont
    body: CardFont
    question: CardFont
    caption: CardFont


class CardFrames(Preset):
    band_name: Box
    card_id: Box
    title: Box
    body: Box
    question: Box
    caption: Box
    blank_lines: Box


class CardQr(Preset):
    symbol_mm: Mm(MIN_QR_MM, 100)  # the symbol without its quiet zone of 4 modules
    x_mm: Mm(0, 400)
    y_mm: Mm(0, 400)


class CardBack(Preset):
    icon: Box
    name: Box
    kit_name: Box
    fonts: dict[str, CardFont]
    explanation: Box | None = None
    question_and_qr: bool = False  # small cards: the question and QR code go on the back
    question: Box | None = None
    qr: Box | None = None
    caption: Box | None = None

    def __post_init__(self):
        if self.question_and_qr and not (self.question and self.caption and self.qr):
            raise problem("question_and_qr", "with back.question_and_qr the back needs 'question', 'caption' and 'qr'.")
        if self.qr and self.qr[2] < MIN_QR_MM:
            raise problem("qr", f"the QR code on the back must be at least {MIN_QR_MM:g} mm wide.")


class CardPreset(Preset):
    width_mm: Mm(20, 400)
    height_mm: Mm(20, 400)
    bleed_mm: Mm(0, 10)
    safe_mm: Mm(0, 20)
    mark_gap_mm: Mm(0, 10)
    mark_length_mm: Mm(0, 20)
    band_mm: Mm(0, 100)
    band_icon: Box
    frames: CardFrames
    qr: CardQr
    fonts: CardFonts
    min_font_pt: Annotated[float, msgspec.Meta(ge=MIN_TEXT_PT, le=20)]  # text shrinks no further; the preflight holds the cards to it
    back: CardBack
    imposition: Literal["separate", "shared"] = "separate"  # shared: cards touch and share cut lines
    corner_radius_mm: Mm(0, 10) = 0.0
    examples_label: bool = True  # the "for example" heading above the examples

    def __post_init__(self):
        trim = Rect(0, 0, self.width_mm, self.height_mm)
        for key in FRAME_KEYS:
            if not trim.contains(_rect(getattr(self.frames, key))):
                raise problem(f"frames.{key}", f"frame '{key}' lies outside the {self.width_mm:g}x{self.height_mm:g} mm card.")
        qr = Rect(self.qr.x_mm, self.qr.y_mm, self.qr.symbol_mm, self.qr.symbol_mm)
        if not trim.inset(self.safe_mm).contains(qr):
            raise problem("qr", "the QR code lies outside the card's safe area.")


@dataclass(frozen=True)
class CardLayout:
    name: str
    width_mm: float
    height_mm: float
    bleed_mm: float
    safe_mm: float
    mark_gap_mm: float
    mark_length_mm: float
    band_mm: float
    band_icon: Rect
    frames: dict
    qr_symbol_mm: float
    qr_x_mm: float
    qr_y_mm: float
    fonts: dict
    min_font_pt: float
    back_icon: Rect
    back_frames: dict
    back_fonts: dict
    shared_cuts: bool = False  # cards touch and share cut lines (more per sheet)
    examples_label: bool = True  # the "for example" heading above the examples
    question_on_back: bool = False  # small cards: the question and QR code go on the back
    back_qr: Rect | None = None  # where the QR symbol sits on the back, with question_on_back
    corner_radius_mm: float = 0.0  # rounded corners on the cut line

    @property
    def trim(self) -> Rect:
        return Rect(0, 0, self.width_mm, self.height_mm)


@lru_cache(maxsize=64)  # a build asks for the same preset from several places; read it once
def load_card_layout(name: str, layouts_dir=DEFAULT_LAYOUTS) -> CardLayout:
    """A card preset, checked; a malformed value is one sentence naming the preset file and line."""
    preset = load_preset("cards", name, CardPreset, layouts_dir)
    back = preset.back
    back_frames = {key: _rect(getattr(back, key)) for key in ("name", "kit_name", "explanation", "question", "caption")
                   if getattr(back, key) is not None}
    return CardLayout(
        name=name, width_mm=preset.width_mm, height_mm=preset.height_mm, bleed_mm=preset.bleed_mm, safe_mm=preset.safe_mm,
        mark_gap_mm=preset.mark_gap_mm, mark_length_mm=preset.mark_length_mm, band_mm=preset.band_mm, band_icon=_rect(preset.band_icon),
        frames={key: _rect(getattr(preset.frames, key)) for key in FRAME_KEYS},
        qr_symbol_mm=preset.qr.symbol_mm, qr_x_mm=preset.qr.x_mm, qr_y_mm=preset.qr.y_mm,
        fonts=msgspec.structs.asdict(preset.fonts), min_font_pt=preset.min_font_pt,
        back_icon=_rect(back.icon), back_frames=back_frames, back_fonts=dict(back.fonts),
        shared_cuts=preset.imposition == "shared", examples_label=preset.examples_label, question_on_back=back.question_and_qr,
        back_qr=_rect(back.qr) if back.qr else None, corner_radius_mm=preset.corner_radius_mm,
    )


# -- the legplan -----------------------------------------------------------------------------------


class BoardHeader(Preset):
    logo_width_mm: Mm(10, 300)
    logo_gap_mm: Mm(0, 50)
    kit_name_mm: Mm(3, 50)
    kit_name_pt: Pt
    title_pt: Pt
    title_min_pt: Pt
    date_mm: Mm(3, 50)
    date_pt: Pt
    date_min_pt: Pt


class ZoneLabel(Preset):
    corner_mm: Mm(0, 20)
    padding_mm: Mm(0, 20)
    text_pt: Pt


class SlotStyle(Preset):
    inset_mm: Mm(0, 10)
    corner_mm: Mm(0, 10)
    line_pt: Annotated[float, msgspec.Meta(ge=0.1, le=5)]
    dash_pt: tuple[Annotated[float, msgspec.Meta(ge=0, le=20)], Annotated[float, msgspec.Meta(ge=0, le=20)]]
    number_pt: Pt
    number_box_mm: Mm(3, 50)


class ChosenCard(Preset):
    inset_mm: Mm(0, 20)
    band_mm: Mm(5, 50)
    padding_mm: Mm(0, 20)
    border_pt: Annotated[float, msgspec.Meta(ge=0.1, le=5)]
    id_pt: Pt
    title_pt: Pt
    title_min_pt: Pt


class ValuesField(Preset):
    padding_mm: Mm(0, 30)
    hint_mm: Mm(3, 50)
    hint_pt: Pt
    values_pt: Pt
    values_min_pt: Pt
    line_pitch_mm: Mm(5, 40)


class TileStyle(Preset):
    glue_grey: Annotated[float, msgspec.Meta(ge=0, le=1)]
    glue_opacity: Annotated[float, msgspec.Meta(ge=0, le=1)]
    glue_line_pt: Annotated[float, msgspec.Meta(ge=0.1, le=5)]
    cut_line_pt: Annotated[float, msgspec.Meta(ge=0.1, le=5)]
    cross_radius_mm: Mm(0.5, 10)
    cross_arm_mm: Mm(1, 20)
    label_pt: Pt


class BoardPreset(Preset):
    slot_margin_mm: Mm(0, 10)  # every card slot is the card preset's trim plus this on each side
    margin_mm: Mm(5, 50)
    header_mm: Mm(10, 100)
    footer_mm: Mm(0, 30)
    gap_mm: Mm(0, 50)
    label_mm: Mm(6, 40)
    priority_slots: Annotated[int, msgspec.Meta(ge=1, le=40)]
    values_slots: tuple[Annotated[int, msgspec.Meta(ge=1, le=6)], Annotated[int, msgspec.Meta(ge=1, le=6)]]
    header: BoardHeader
    footer_pt: Pt
    zone_label: ZoneLabel
    slots: SlotStyle
    chosen_card: ChosenCard
    values: ValuesField
    tiles: TileStyle
    size: Literal["A0", "A1", "A2", "A3"] = "A1"
    tile_paper: str = "A4"
    tile_overlap_mm: Mm(3, 40) = 10.0
    tile_label_mm: Mm(5, 30) = 12.0


def load_board_layout(name: str = "legplan", layouts_dir=DEFAULT_LAYOUTS) -> BoardPreset:
    return load_preset("boards", name, BoardPreset, layouts_dir)


# -- the manual ------------------------------------------------------------------------------------


class Margins(Preset):
    top: Mm(0, 100)
    bottom: Mm(0, 100)
    inner: Mm(0, 100)
    outer: Mm(0, 100)


class ManualFormat(Preset):
    paper: str
    margins: Margins
    body_pt: Pt
    h1_pt: Pt
    h2_pt: Pt
    h3_pt: Pt
    footer_pt: Pt
    qr_mm: Mm(MIN_QR_MM, 60)
    fact_label_mm: Mm(10, 80)  # the label column of a phase's fact box
    edge_mm: Mm(0, 50)  # art that would run off the page (covers, a phase's band) stops this far inside its edges


class ManualSpacing(Preset):
    paragraph_after_mm: Mm(0, 30)
    item_after_mm: Mm(0, 30)
    list_after_mm: Mm(0, 30)
    h2_before_mm: Mm(0, 30)
    h3_before_mm: Mm(0, 30)
    heading_after_mm: Mm(0, 30)
    chapter_title_after_mm: Mm(0, 30)
    chapter_rule_mm: Mm(0, 200)
    chapter_rule_after_mm: Mm(0, 30)
    chapter_new_page_below: Annotated[float, msgspec.Meta(ge=0, le=1)]
    chapter_gap_mm: Mm(0, 60)
    phase_band_lines: Annotated[float, msgspec.Meta(ge=1, le=10)]
    phase_band_after_mm: Mm(0, 60)
    box_padding_mm: Mm(0, 20)
    box_corner_mm: Mm(0, 10)
    box_after_mm: Mm(0, 30)
    fact_row_gap_mm: Mm(0, 20)
    tip_bar_mm: Mm(0, 10)
    qr_gap_mm: Mm(0, 20)
    qr_after_mm: Mm(0, 20)
    contents_indent_mm: Mm(0, 40)
    footer_rule_above_mm: Mm(0, 30)


class ManualPreset(Preset):
    accent: Colour
    phase_colours: Annotated[list[Colour], msgspec.Meta(min_length=4, max_length=4)]
    spacing: ManualSpacing
    formats: dict[Literal["a4", "a5"], ManualFormat]

    def __post_init__(self):
        if set(self.formats) != {"a4", "a5"}:
            raise problem("formats", "'formats' must define a4 and a5.")


def load_manual_layout(layouts_dir=DEFAULT_LAYOUTS, name: str = "default") -> ManualPreset:
    return load_preset("manual", name, ManualPreset, layouts_dir)


# -- the matrix, the worksheets, the calibration sheet and the reports ----------------------------


class MatrixPreset(Preset):
    paper: str
    landscape: bool
    margin_mm: Mm(0, 50)
    header_mm: Mm(5, 100)
    title_pt: Pt
    column_head_mm: Mm(5, 50)
    column_head_pt: Pt
    column_icon_mm: Mm(3, 40)
    actor_column_mm: Mm(20, 200)
    actor_pt: Pt
    actor_heading_pt: Pt
    group_row_mm: Mm(3, 30)
    group_pt: Pt
    rule_pt: Annotated[float, msgspec.Meta(ge=0.1, le=5)]


class VotesSheet(Preset):
    title_pt: Pt
    title_mm: Mm(5, 80)
    rule_pt: Pt
    rule_row_mm: Mm(2, 30)
    card_column_mm: Mm(20, 150)
    sticker_column_mm: Mm(8, 60)
    head_mm: Mm(4, 30)
    head_pt: Pt
    row_mm: Mm(5, 30)
    row_pt: Pt
    outcome_pt: Pt
    questions_title_pt: Pt
    question_pt: Pt
    writing_lines: Annotated[int, msgspec.Meta(ge=0, le=20)]
    line_pitch_mm: Mm(4, 30)


class FicheSheet(Preset):
    band_mm: Mm(8, 60)
    band_pt: Pt
    id_pt: Pt
    icon_mm: Mm(3, 40)
    qr_mm: Mm(MIN_QR_MM, 60)
    scan_pt: Pt
    title_pt: Pt
    question_pt: Pt
    line_pitch_mm: Mm(4, 30)


class WorksheetPreset(Preset):
    paper: str
    margin_mm: Mm(5, 50)
    votes: VotesSheet
    fiches: FicheSheet


class CalibrationPreset(Preset):
    margin_mm: Mm(5, 50)
    scale_mm: Mm(1, 20)
    tick_mm: Mm(0.3, 10)
    long_tick_mm: Mm(0.3, 10)
    scale_label_pt: Pt
    scale_label_gap_mm: Mm(0, 10)
    title_pt: Pt
    label_pt: Pt
    scale_offset_mm: Mm(3, 30)
    corner_x_mm: Mm(20, 200)
    corner_y_mm: Mm(20, 200)
    zero_line_mm: Mm(1, 40)
    arrow_below_centre_mm: Mm(0, 200)
    arrow_length_mm: Mm(5, 100)
    arrow_width_mm: Mm(3, 100)


class ReportPreset(Preset):
    paper: str
    margin_mm: Mm(5, 50)
    footer_mm: Mm(3, 40)
    footer_pt: Pt
    body_pt: Pt
    small_pt: Pt
    title_pt: Pt
    h1_pt: Pt
    h2_pt: Pt
    label_pt: Pt
    cell_pt: Pt


@lru_cache(maxsize=64)
def load_layout(kind: str, shape: type, layouts_dir=DEFAULT_LAYOUTS, name: str = "default"):
    """The preset of an artefact that has one format (matrix, worksheets, calibration, reports), read once."""
    return load_preset(kind, name, shape, layouts_dir)
