"""The build context: one language's checked catalog, the settings and the folders (kit.content.sources.Layers: the
working folder's over the package's), which every recipe starts from."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kit.content import customize as custom
from kit.content import formurl
from kit.content.catalog import DEFAULT_CONTENT, icon_path, load_language
from kit.content.config import KitConfig
from kit.content.customize import Customization
from kit.content.model import Card, Catalog, Category
from kit.content.sources import Layers, as_layers, content_layers, layout_layers


@dataclass(frozen=True)
class BuildContext:
    """Everything a language build needs, loaded and checked."""

    catalog: Catalog
    config: KitConfig
    content: Layers
    layouts: Layers
    _icons: dict = field(default_factory=dict, compare=False, repr=False)
    _read: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def lang(self) -> str:
        return self.catalog.lang

    def icon_file(self, category: Category) -> Path:
        """The category's icon file (looked up once: renderers ask for every card)."""
        if category.icon not in self._icons:
            self._icons[category.icon] = icon_path(self.content, category.icon)
        return self._icons[category.icon]

    def manual(self):
        """The language's manual, Dutch blocks where a translation has none (None: there is no manual); read once per
        process, for the manual and the HTML edition."""
        if "manual" not in self._read:
            from kit.content.manual import language_manual

            self._read["manual"] = language_manual(self.content, self.lang)
        return self._read["manual"]

    def payload(self, card: Card) -> str:
        """What the card's QR code opens: the form URL with this card's values."""
        return formurl.expand(self.config.form_url, card=card.id, lang=self.lang, category=card.category,
                              municipality=self.config.municipality, workshop=self.config.workshop)

    def municipality(self) -> str:
        """The name card texts print for {municipality}."""
        return self.config.municipality or self.catalog.text("municipality_default")

    def customization(self) -> Customization:
        return customization(self.config)

    def palette(self) -> tuple:
        """(sRGB, CMYK) of every category that has a print colour: what a print-shop file writes for each colour."""
        return tuple((c.colour, c.cmyk) for c in self.catalog.categories if c.cmyk)


@lru_cache(maxsize=16)  # the legplan and the matrix both need it; the logo is read once
def customization(config: KitConfig) -> Customization:
    """The legplan's municipality, logo, date and core values from the settings, each checked."""
    return Customization(
        municipality=custom.municipality_name(config.municipality),
        logo=custom.logo(config.logo),
        date=custom.workshop_date(config.date),
        values=custom.core_values(config.values),
    )


def load_context(content_dir, lang: str, config: KitConfig, layouts_dir=None, *, strict: bool = False,
                 warn=None) -> BuildContext:
    """Load and check one language (texts it lacks come from Dutch, see kit.content.catalog.load_language).

    Content and presets come from the folders given (a folder, or Layers), else from the settings' working
    folder over the package's defaults (kit.content.sources).
    """
    content = content_layers(content_dir, config.folder)
    layouts = as_layers(layouts_dir) if layouts_dir is not None else layout_layers(config.folder)
    catalog = load_language(content, lang, blanks_per_category=config.blanks_per_category, strict=strict, warn=warn)
    return BuildContext(catalog=catalog, config=config, content=content, layouts=layouts)


__all__ = ["DEFAULT_CONTENT", "BuildContext", "customization", "load_context"]
