"""Run the command line with `python -m careerguide`."""

import sys

from careerguide.commands.cli import main

sys.exit(main())
