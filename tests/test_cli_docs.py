"""Every `newsarchive` command has help text, and the README names it (sqlite-utils' docs test)."""

from pathlib import Path

import click
import pytest

from crawler.cli import main

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        out.append((path, command))
        if isinstance(command, click.Group):
            out.extend(_commands(command, path + " "))
    return out


COMMANDS = _commands(main)


def test_the_cli_has_the_commands_the_issues_ask_for():
    names = {path for path, _ in COMMANDS}
    for wanted in ("demo", "crawl", "outlets list", "outlets check", "outlets add", "samples serve",
                   "extract", "search", "show", "export", "stats", "rebuild", "serve"):
        assert wanted in names


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_command_has_help_and_is_in_the_readme(path, command):
    assert (command.help or command.short_help or "").strip(), f"`newsarchive {path}` has no help"
    group, _, name = path.rpartition(" ")
    if group:  # a subcommand: its group is documented and the README names it
        assert f"`{group}" in README and name in README, f"README does not mention `{path}`"
    else:
        assert f"`{name}" in README or f"newsarchive {name}" in README, f"README does not mention `{path}`"


def test_readme_begins_with_the_two_setup_commands():
    block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["make demo", "make test"]
