"""`python -m coopstats.cli`: the coopstats command."""

import sys

from coopstats.cli import main

sys.exit(main())
