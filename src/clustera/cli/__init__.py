"""The ``clustera`` command: one entry point, a subcommand group per domain.

Each group lives in its own module and is loaded only when used, so
``clustera analyse`` never pays for Django start-up.
"""

from __future__ import annotations

import importlib
from typing import Any

import click

__all__ = ["main"]

# name -> "module:attribute"; each module defines a click command or group.
_COMMANDS: dict[str, str] = {
    "demo": "clustera.cli.demo:demo",
    "registry": "clustera.cli.registry:registry",
    "serve": "clustera.cli.serve:serve",
    "check": "clustera.cli.check:check",
    "analyse": "clustera.cli.analyse:analyse",
    "data": "clustera.cli.data:data",
    "match": "clustera.cli.match:match",
    "token": "clustera.cli.token:token",
    "report": "clustera.cli.report:report",
    "events": "clustera.cli.events:events",
    "backup": "clustera.cli.backup:backup",
    "survey": "clustera.cli.survey:survey",
    "content": "clustera.cli.content:content",
    "tasks": "clustera.cli.tasks:tasks",
    "privacy": "clustera.cli.privacy:privacy",
    "i18n": "clustera.cli.i18n:i18n",
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(_COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in _COMMANDS:
            module_name, attribute = _COMMANDS[cmd_name].split(":")
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name == module_name:
                    return None
                raise
            command: click.Command = getattr(module, attribute)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="clustera")
def main(**_: Any) -> None:
    """Clustera: registry, observatory and partnering for Europe's industrial clusters."""
