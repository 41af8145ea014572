"""Run the command line with `python -m careerguide`."""

import sys

from careerguide.cli import main

sys.exit(main())
