"""The public surface is complete and documented, as datasette and httpx keep theirs."""

from __future__ import annotations

import re
from pathlib import Path

import backchannel
from backchannel.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"


def test_all_names_exist_and_nothing_public_is_missing():
    assert all(hasattr(backchannel, name) for name in backchannel.__all__)
    exported = {name for name in dir(backchannel) if not name.startswith("_") and name[0].isupper()}
    assert exported <= set(backchannel.__all__)


def test_every_error_derives_from_the_root():
    errors = [
        getattr(backchannel, n)
        for n in backchannel.__all__
        if n.endswith("Error") or n == "RejectedArticle"
    ]
    assert all(issubclass(e, backchannel.BackchannelError) for e in errors)


def test_every_cli_command_and_option_is_in_the_readme():
    readme = README.read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"backchannel {name}" in readme, f"command {name} is not documented"
        for option in re.findall(r'"(--[a-z-]+)"', _source(command.callback)):
            assert option in readme, f"option {option} of {name} is not documented"


def _source(func) -> str:
    import inspect

    return inspect.getsource(func)
