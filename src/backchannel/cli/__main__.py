"""``python -m backchannel.cli``: the same as the ``backchannel`` command."""

from backchannel.cli import main

main()
