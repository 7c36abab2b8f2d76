"""The deployment files: the compose file, the Caddyfile and the systemd unit name only options and settings that
kit serve has, and run two instances on one PostgreSQL behind HTTPS."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from click.testing import CliRunner

from kit.cli.main import cli

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def _serve_help() -> str:
    return CliRunner().invoke(cli, ["serve", "--help"], terminal_width=200).output


def test_compose_runs_two_instances_on_one_postgresql_behind_caddy():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert {"db", "kit1", "kit2", "caddy"} <= set(services)
    help_text = _serve_help()
    for name in ("kit1", "kit2"):
        environment = services[name]["environment"]
        assert environment["KIT_DATABASE_URL"].startswith("postgresql+psycopg://") and "@db/" in environment["KIT_DATABASE_URL"]
        assert all(f"env var: {key}" in help_text for key in environment), environment
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert "reverse_proxy kit1:8000 kit2:8000" in caddyfile and "./Caddyfile:/etc/caddy/Caddyfile" in str(services["caddy"])


def test_the_systemd_unit_and_the_dockerfile_use_options_kit_serve_has():
    help_text = _serve_help()
    unit = (DEPLOY / "kit-serve.service").read_text(encoding="utf-8")
    command = re.search(r"^ExecStart=\S+ serve (.*)$", unit, re.M).group(1)
    docker = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    for option in re.findall(r"--[a-z-]+", command) + re.findall(r'"(--[a-z-]+)"', docker):
        assert option in help_text, option
    for variable in re.findall(r"#\s+(KIT_[A-Z_]+)=", unit):
        assert f"env var: {variable}" in help_text, variable
