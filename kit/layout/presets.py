"""Loads layout presets from layouts/ (YAML, data only) into dataclasses.

A preset may say `extends: OTHER` to start from another preset of the same kind
and change only what differs; nested mappings merge key by key.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kit.errors import KitError
from kit.layout.geometry import Rect
from kit.content.yamlfile import load_yaml

DEFAULT_LAYOUTS = Path(__file__).resolve().parents[2] / "layouts"
MIN_QR_MM = 12.0


@dataclass(frozen=True)
class Paper:
    name: str
    width_mm: float
    height_mm: float
    unprintable_mm: float


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


def _merged(kind: str, name: str, layouts_dir: Path, seen=()) -> dict:
    path = Path(layouts_dir) / kind / f"{name}.yaml"
    if not path.is_file():
        available = sorted(p.stem for p in (Path(layouts_dir) / kind).glob("*.yaml"))
        raise KitError(f"unknown {kind} preset '{name}' (available: {', '.join(available) or 'none'}).")
    if name in seen:
        raise KitError(f"{path}: 'extends' loops back to '{name}'.")
    data = load_yaml(path) or {}
    if not isinstance(data, dict):
        raise KitError(f"{path}: a preset must be a mapping of settings.")
    parent = data.get("extends")
    base = _merged(kind, parent, layouts_dir, seen + (name,)) if parent else {}
    merged = _deep_merge(base, {k: v for k, v in data.items() if k != "extends"})
    if data.get("scale_frames") and base.get("width_mm") and base.get("height_mm"):
        merged = _scaled(merged, data, base)
    merged["__path__"] = str(path)
    return merged


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
        scale = min(sx, sy)
        qr["symbol_mm"] = max(12.0, round(qr["symbol_mm"] * scale, 3))
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


def _deep_merge(base: dict, over: dict) -> dict:
    """Merge a preset over its parent, key by key; a key set to null removes the parent's value."""
    out = dict(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = _deep_merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _number(data: dict, key: str, *, low: float = 0.0, high: float = 2000.0) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise KitError(f"{data['__path__']}: '{key}' must be a number from {low} to {high}, got {value!r}.")
    return float(value)


def _choice(data: dict, key: str, allowed: tuple, default: str) -> str:
    value = data.get(key, default)
    if value not in allowed:
        raise KitError(f"{data['__path__']}: '{key}' must be one of {', '.join(allowed)}, got {value!r}.")
    return value


def card_presets(layouts_dir: Path = DEFAULT_LAYOUTS) -> list[str]:
    return sorted(p.stem for p in (Path(layouts_dir) / "cards").glob("*.yaml"))


def _rect(data: dict, value, what: str) -> Rect:
    if not (isinstance(value, list) and len(value) == 4 and all(isinstance(v, (int, float)) for v in value)):
        raise KitError(f"{data['__path__']}: {what} must be [x, y, width, height] in mm, got {value!r}.")
    return Rect(*(float(v) for v in value))


@lru_cache(maxsize=64)
def load_paper(name: str, layouts_dir: Path = DEFAULT_LAYOUTS) -> Paper:
    data = _merged("paper", name, layouts_dir)
    return Paper(
        name=name,
        width_mm=_number(data, "width_mm", low=50),
        height_mm=_number(data, "height_mm", low=50),
        unprintable_mm=_number(data, "unprintable_mm", high=30),
    )


FONT_KEYS = ("band_name", "card_id", "title", "body", "question", "caption")
FRAME_KEYS = ("band_name", "card_id", "title", "body", "question", "caption", "blank_lines")


@lru_cache(maxsize=64)  # a build asks for the same preset from several places; read it once
def load_card_layout(name: str, layouts_dir: Path = DEFAULT_LAYOUTS) -> CardLayout:
    """A card preset, checked; any malformed value is one sentence naming the preset file."""
    path = Path(layouts_dir) / "cards" / f"{name}.yaml"
    try:
        return _card_layout(name, layouts_dir)
    except (TypeError, KeyError, AttributeError, ValueError, IndexError) as exc:
        raise KitError(f"{path}: a value of the card preset '{name}' is malformed ({type(exc).__name__}: {exc}); compare it with poker.yaml.") from None


def _card_layout(name: str, layouts_dir: Path) -> CardLayout:
    data = _merged("cards", name, layouts_dir)
    fonts = data.get("fonts") or {}
    for key in FONT_KEYS:
        value = fonts.get(key)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 4 <= value <= 72:
            raise KitError(f"{data['__path__']}: fonts.{key} must be a size in points from 4 to 72, got {value!r}.")
    for key in data.get("frames") or {}:
        if key not in FRAME_KEYS:
            raise KitError(f"{data['__path__']}: unknown frame '{key}' (frames: {', '.join(FRAME_KEYS)}).")
    qr = data.get("qr") or {}
    qr["__path__"] = data["__path__"]
    back = data.get("back") or {}
    layout = CardLayout(
        name=name,
        width_mm=_number(data, "width_mm", low=20, high=400),
        height_mm=_number(data, "height_mm", low=20, high=400),
        bleed_mm=_number(data, "bleed_mm", high=10),
        safe_mm=_number(data, "safe_mm", high=20),
        mark_gap_mm=_number(data, "mark_gap_mm", high=10),
        mark_length_mm=_number(data, "mark_length_mm", high=20),
        band_mm=_number(data, "band_mm", high=100),
        band_icon=_rect(data, data.get("band_icon"), "band_icon"),
        frames={k: _rect(data, v, f"frames.{k}") for k, v in (data.get("frames") or {}).items()},
        qr_symbol_mm=_number(qr, "symbol_mm", low=MIN_QR_MM, high=100),
        qr_x_mm=_number(qr, "x_mm", high=400),
        qr_y_mm=_number(qr, "y_mm", high=400),
        fonts=dict(data.get("fonts") or {}),
        min_font_pt=_number(data, "min_font_pt", low=4, high=20),
        back_icon=_rect(data, back.get("icon"), "back.icon"),
        back_frames={k: _rect(data, v, f"back.{k}") for k, v in back.items() if k not in ("icon", "fonts", "qr", "question_and_qr")},
        back_fonts=dict(back.get("fonts") or {}),
        shared_cuts=_choice(data, "imposition", ("separate", "shared"), "separate") == "shared",
        corner_radius_mm=_number(data, "corner_radius_mm", high=10) if "corner_radius_mm" in data else 0.0,
        examples_label=bool(data.get("examples_label", True)),
        question_on_back=bool(back.get("question_and_qr", False)),
        back_qr=_rect(data, back["qr"], "back.qr") if back.get("qr") else None,
    )
    if layout.question_on_back and not (layout.back_qr and {"question", "caption"} <= set(layout.back_frames)):
        raise KitError(f"{data['__path__']}: with back.question_and_qr the back needs 'question', 'caption' and 'qr'.")
    if layout.back_qr and layout.back_qr.w < MIN_QR_MM:
        raise KitError(f"{data['__path__']}: the QR code on the back must be at least {MIN_QR_MM:g} mm wide.")
    for key in FRAME_KEYS:
        if key not in layout.frames:
            raise KitError(f"{data['__path__']}: the card preset has no frame '{key}'.")
    safe = layout.trim.inset(layout.safe_mm)
    for key, frame in layout.frames.items():
        if not layout.trim.contains(frame):
            raise KitError(f"{data['__path__']}: frame '{key}' lies outside the {layout.width_mm}x{layout.height_mm} mm card.")
    if not safe.contains(Rect(layout.qr_x_mm, layout.qr_y_mm, layout.qr_symbol_mm, layout.qr_symbol_mm)):
        raise KitError(f"{data['__path__']}: the QR code lies outside the card's safe area.")
    return layout


@dataclass(frozen=True)
class BoardLayout:
    name: str
    slot_margin_mm: float
    margin_mm: float
    header_mm: float
    footer_mm: float
    gap_mm: float
    label_mm: float
    priority_slots: int
    values_slots: tuple[int, int]
    size: str
    tile_paper: str
    tile_overlap_mm: float
    tile_label_mm: float


def load_board_layout(name: str = "legplan", layouts_dir: Path = DEFAULT_LAYOUTS) -> BoardLayout:
    data = _merged("boards", name, layouts_dir)
    values = data.get("values_slots")
    if not (isinstance(values, list) and len(values) == 2 and all(isinstance(v, int) and 1 <= v <= 6 for v in values)):
        raise KitError(f"{data['__path__']}: 'values_slots' must be [columns, rows], each 1 to 6.")
    priority = data.get("priority_slots")
    if not isinstance(priority, int) or not 1 <= priority <= 40:
        raise KitError(f"{data['__path__']}: 'priority_slots' must be a whole number from 1 to 40.")
    return BoardLayout(
        name=name,
        slot_margin_mm=_number(data, "slot_margin_mm", high=10),
        margin_mm=_number(data, "margin_mm", low=5, high=50),
        header_mm=_number(data, "header_mm", low=10, high=100),
        footer_mm=_number(data, "footer_mm", high=30),
        gap_mm=_number(data, "gap_mm", high=50),
        label_mm=_number(data, "label_mm", low=6, high=40),
        priority_slots=priority,
        values_slots=tuple(values),
        size=str(data.get("size", "A1")),
        tile_paper=str(data.get("tile_paper", "A4")),
        tile_overlap_mm=_number(data, "tile_overlap_mm", low=3, high=40),
        tile_label_mm=_number(data, "tile_label_mm", low=5, high=30),
    )


def load_manual_layout(layouts_dir: Path = DEFAULT_LAYOUTS, name: str = "default") -> dict:
    """The manual's colours and page formats (layouts/manual/<name>.yaml), checked for the keys renderers use."""
    from kit.content.colour import parse_hex

    data = _merged("manual", name, layouts_dir)
    where = data["__path__"]
    if parse_hex(data.get("accent")) is None:
        raise KitError(f"{where}: 'accent' must be a colour such as #3d4f7c.")
    colours = data.get("phase_colours")
    if not (isinstance(colours, list) and len(colours) == 4 and all(parse_hex(c) for c in colours)):
        raise KitError(f"{where}: 'phase_colours' must list four colours, one per phase.")
    formats = data.get("formats")
    needed = ("paper", "margins", "body_pt", "h1_pt", "h2_pt", "h3_pt", "footer_pt", "qr_mm")
    if not isinstance(formats, dict) or not {"a4", "a5"} <= set(formats):
        raise KitError(f"{where}: 'formats' must define a4 and a5.")
    for name_, f in formats.items():
        missing = [k for k in needed if k not in (f or {})]
        if missing:
            raise KitError(f"{where}: format '{name_}' lacks {', '.join(missing)}.")
    return data
