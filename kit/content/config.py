"""Reads kit.yaml: the form URL template, paper, card preset, duplex flip edge and municipality.

An explicit option (from the command line) beats kit.yaml, which beats the default.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from kit.content import formurl
from kit.errors import KitError
from kit.content.yamlfile import LineDict, load_yaml

DEFAULT_CONFIG = "kit.yaml"
FLIPS = ("long", "short")


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
    source: str = "(defaults)"


def load_config(path: Path | str | None = None, **overrides) -> KitConfig:
    """Load kit.yaml (or the given file); keyword overrides that are not None win."""
    config = KitConfig()
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
    if not isinstance(data, LineDict):
        raise KitError(f"{path}: expected a mapping of settings such as 'form_url:' and 'paper:'.")
    known = {f.name for f in fields(KitConfig)} - {"source"}
    for key in data:
        if key not in known:
            raise KitError(f"{data.where(key)}: unknown setting '{key}' (known: {', '.join(sorted(known))}).")
    values = {k: v for k, v in data.items() if v is not None}
    if "form_url" in values:
        formurl.check_template(values["form_url"], data.where("form_url"))
    for key in ("paper", "cards", "flip", "municipality", "logo", "legplan_size", "matrix_actors", "server", "workshop"):
        if key in values and not isinstance(values[key], str):
            raise KitError(f"{data.where(key)}: '{key}' must be a text.")
    if "blanks_per_category" in values and (isinstance(values["blanks_per_category"], bool)
                                            or not isinstance(values["blanks_per_category"], int)):
        raise KitError(f"{data.where('blanks_per_category')}: 'blanks_per_category' must be a whole number from 0 to 20.")
    if "back_offset" in values:
        offset = values["back_offset"]
        if not (isinstance(offset, list) and len(offset) == 2 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in offset)
                and all(abs(v) <= 10 for v in offset)):
            raise KitError(f"{data.where('back_offset')}: 'back_offset' must be [x, y] in mm, each between -10 and 10, as read from the calibration sheet.")
        values["back_offset"] = (float(offset[0]), float(offset[1]))
    if "date" in values:
        values["date"] = str(values["date"])  # YAML reads 2026-03-17 as a date
    if "values" in values:
        if isinstance(values["values"], str):
            values["values"] = (values["values"],)
        if not isinstance(values["values"], list | tuple) or not all(isinstance(v, str) for v in values["values"]):
            raise KitError(f"{data.where('values')}: 'values' must be a list of core values.")
        values["values"] = tuple(values["values"])
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
