"""The ``cocommission`` command as a process: the installed ``cocommission`` and ``python -m cocommission``.

Both start here, so both load the same way: the garbage collector is paused before the command
line (and SQLAlchemy with it) is loaded, and resumed as the command runs or once the window is
on screen (see ``loading``); the process then ends without a last collection. ``cli.main`` is the
command itself, which tests and scripts run in their own process.
"""

import sys
from collections.abc import Sequence

from cocommission import loading


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (or the desktop app) in this process, which then ends; returns the exit status."""
    loading.pause()
    from cocommission.cli import main as run_command

    try:
        return run_command(argv)
    finally:
        loading.ending()


if __name__ == "__main__":
    sys.exit(main())
