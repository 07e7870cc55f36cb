"""Allow ``python -m cocommission``."""

import sys

from cocommission import loading

# Before the command line (and SQLAlchemy with it) is loaded; resumed as the command runs.
loading.pause()

from cocommission.cli import main  # noqa: E402 - loaded once the collector is paused

sys.exit(main())
