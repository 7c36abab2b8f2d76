"""Reads kit.yaml: the form URL template, paper, card preset, duplex flip edge, municipality and the legplan's details.

An explicit option (from the command line) beats kit.yaml, which beats the default.
The folder of kit.yaml (or the current folder when there is none) is the working
folder: its content/ and layouts/ come before the package's own (kit.content.sources).
The file's shape is declared as a msgspec struct (kit.content.schema names the line of a bad value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from kit.content import formurl
from kit.content.schema import convert
from kit.content.yamlfile import load_yaml
from kit.errors import KitError

DEFAULT_CONFIG = "kit.yaml"
FLIPS = ("long", "short")
Offset = Annotated[float, msgspec.Meta(ge=-10, le=10)]
LANG = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")  # a language code such as nl or fr (kit.content.catalog.LANG)


@dataclass(frozen=True)
class KitConfig:
    form_url: str = "https://formulier.example.be/beleidstool/{lang}/{card}?gemeente={municipality}"
    paper: str = "A4"
    cards: str = "poker"
    flip: str = "long"
    # front/back correction in mm read from `kit calibrate`'s sheet, as seen from the front: [x, y]
    back_offset: tuple = (0.0, 0.0)
    blanks_per_category: int = 3
    municipality: str = ""
    # the customised legplan
    logo: str = ""
    date: str = ""
    values: tuple = ()
    legplan_size: str = "A1"
    # a municipality's own actor list for the digitale-inclusiematrix
    matrix_actors: str = ""
    # the kit's own form (kit serve): its address and the workshop code the QR codes carry
    server: str = ""
    workshop: str = ""
    # the languages a build makes when no --lang is given (kit init writes the ones it was asked for)
    languages: tuple = ()
    source: str = "(defaults)"
    # the working folder, whose content/ and layouts/ come before the package's ("": none, the package's alone)
    folder: str = ""


class SettingsFile(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """What kit.yaml may say; every setting is optional (None: not set)."""

    form_url: str | None = None
    paper: str | None = None
    cards: str | None = None
    flip: Literal["long", "short"] | None = None
    back_offset: tuple[Offset, Offset] | None = None
    blanks_per_category: Annotated[int, msgspec.Meta(ge=0, le=20)] | None = None
    municipality: str | None = None
    logo: str | None = None
    date: str | None = None
    values: list[str] | str | None = None
    legplan_size: str | None = None
    matrix_actors: str | None = None
    server: str | None = None
    workshop: str | None = None
    languages: list[str] | str | None = None


def load_config(path: Path | str | None = None, **overrides) -> KitConfig:
    """Load kit.yaml (or the given file); keyword overrides that are not None win. The file's folder, or the current
    one, is the working folder."""
    config = KitConfig(folder=str(Path(path).parent) if path is not None else ".")
    if path is None and Path(DEFAULT_CONFIG).is_file():
        path = DEFAULT_CONFIG
    if path is not None:
        config = _from_file(Path(path), config)
    explicit = {k: v for k, v in overrides.items() if v is not None}
    if "form_url" in explicit:
        formurl.check_template(explicit["form_url"], "--form-url")
    config = replace(config, **explicit)
    return _checked(config, config.source)


def _from_file(path: Path, config: KitConfig) -> KitConfig:
    data = load_yaml(path)
    if data is None:
        return replace(config, source=str(path))
    if not isinstance(data, dict):
        raise KitError(f"{path}: expected a mapping of settings such as 'form_url:' and 'paper:'.")
    settings = convert(data, SettingsFile, path, lambda steps, _: "the settings file")
    values = {key: value for key, value in msgspec.structs.asdict(settings).items() if value is not None}
    if "form_url" in values:
        formurl.check_template(values["form_url"], data.where("form_url"))
    if "back_offset" in values:
        values["back_offset"] = tuple(values["back_offset"])
    for key in ("values", "languages"):  # one or a list
        if key in values:
            values[key] = (values[key],) if isinstance(values[key], str) else tuple(values[key])
    wrong = [lang for lang in values.get("languages", ()) if not LANG.match(lang)]
    if wrong:
        raise KitError(f"{data.where('languages')}: '{wrong[0]}' is not a language code such as nl, fr, de or en.")
    for key in ("logo", "matrix_actors"):
        if values.get(key):  # relative to the settings file, not to where kit runs
            values[key] = str((path.parent / values[key]).resolve()) if not Path(values[key]).is_absolute() else values[key]
    return replace(config, **values, source=str(path))


def _checked(config: KitConfig, where: str) -> KitConfig:
    formurl.check_template(config.form_url, where)
    config = _with_workshop(config, where)
    if config.flip not in FLIPS:
        raise KitError(f"{where}: flip must be 'long' or 'short' (the sheet edge the printer turns over), got '{config.flip}'.")
    if not isinstance(config.blanks_per_category, int) or not 0 <= config.blanks_per_category <= 20:
        raise KitError(f"{where}: blanks_per_category must be a whole number from 0 to 20.")
    from kit.content.customize import municipality_name

    # the same rule (and the same tidy spacing) for the QR codes as for the legplan
    return replace(config, municipality=municipality_name(config.municipality))


def _with_workshop(config: KitConfig, where: str) -> KitConfig:
    """Point the QR codes at `kit serve` for a workshop, unless form_url already places {workshop} itself."""
    from kit.content.placeholders import names
    from kit.workshop.fields import CODE_PATTERN

    code = config.workshop.strip().lower()
    uses_code = "workshop" in names(config.form_url)
    if not code:
        if uses_code:
            raise KitError(f"{where}: the form URL uses {{workshop}}; give the workshop code with --workshop CODE "
                           "(from kit workshop create).")
        if config.server:
            raise KitError(f"{where}: 'server' is set but no workshop code; give --workshop CODE (from kit workshop create).")
        return config
    if not CODE_PATTERN.fullmatch(code):
        raise KitError(f"{where}: '{config.workshop}' is not a workshop code; kit workshop create gives one of 12 letters and digits.")
    if uses_code:
        return replace(config, workshop=code)
    if not config.server:
        raise KitError(f"{where}: a workshop code needs the address of kit serve: give --server, e.g. "
                       "--server http://192.168.1.20:8000, or set 'server' in kit.yaml.")
    return replace(config, workshop=code, form_url=formurl.server_template(config.server, where))
