"""Build the career guide: `python build.py` builds the site in this folder into site/."""

import sys

from careerguide.commands.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
