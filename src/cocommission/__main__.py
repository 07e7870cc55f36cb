"""Allow ``python -m cocommission``."""

import sys

from cocommission.cli import main

sys.exit(main())
