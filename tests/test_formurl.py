"""Form URL templates: the prefilled links of common form tools work; bad templates are refused."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from kit.content import formurl
from kit.content.config import load_config
from kit.errors import KitError

VALUES = {"card": "T01", "lang": "nl", "category": "toegang", "municipality": "Comines-Warneton / Komen-Waasten"}


def test_google_forms_prefill():
    template = "https://docs.google.com/forms/d/e/1FAIpQLSf/viewform?usp=pp_url&entry.111={card}&entry.222={municipality}"
    url = formurl.expand(formurl.check_template(template, "t"), **VALUES)
    query = parse_qs(urlsplit(url).query)
    assert query["entry.111"] == ["T01"]
    assert query["entry.222"] == ["Comines-Warneton / Komen-Waasten"]
    assert " " not in url


def test_limesurvey_prefill():
    url = formurl.expand("https://enquete.gemeente.be/index.php/123456?lang={lang}&kaart={card}&cat={category}", **VALUES)
    assert url == "https://enquete.gemeente.be/index.php/123456?lang=nl&kaart=T01&cat=toegang"


def test_kobotoolbox_prefill_keeps_brackets():
    url = formurl.expand(formurl.check_template("https://ee.kobotoolbox.org/x/abcd?d[kaart]={card}", "t"), **VALUES)
    assert url == "https://ee.kobotoolbox.org/x/abcd?d[kaart]=T01"


def test_odd_characters_are_encoded():
    url = formurl.expand("https://x.be/{municipality}", **{**VALUES, "municipality": "Écaussinnes&x=1#y"})
    assert url == "https://x.be/%C3%89caussinnes%26x%3D1%23y"


@pytest.mark.parametrize(
    "template, message",
    [
        ("https://x.be/{kaart}", "unknown placeholder {kaart}"),
        ("ftp://x.be/{card}", "must start with http:// or https://"),
        ("x.be/{card}", "must start with http:// or https://"),
        ("https:///{card}", "name a host"),
        ("https://x.be/a b/{card}", "contains a space"),
    ],
)
def test_bad_templates_are_refused(template, message):
    with pytest.raises(KitError, match=message.replace("{", r"\{").replace("}", r"\}").replace("/", "/")):
        formurl.check_template(template, "kit.yaml:3")


def test_config_file_errors_name_the_line(tmp_path):
    config = tmp_path / "kit.yaml"
    config.write_text("paper: A4\nform_url: https://x.be/{kaart}\n", encoding="utf-8")
    with pytest.raises(KitError, match=r"kit\.yaml:2: the form URL uses the unknown placeholder \{kaart\}"):
        load_config(config)


def test_option_beats_file(tmp_path):
    config = tmp_path / "kit.yaml"
    config.write_text("paper: A4\nflip: long\n", encoding="utf-8")
    loaded = load_config(config, flip="short", paper=None)
    assert loaded.flip == "short" and loaded.paper == "A4"


def test_unknown_setting(tmp_path):
    config = tmp_path / "kit.yaml"
    config.write_text("papier: A4\n", encoding="utf-8")
    with pytest.raises(KitError, match=r"kit\.yaml:1: the settings file has an unknown field 'papier' \(known: form_url, paper"):
        load_config(config)
