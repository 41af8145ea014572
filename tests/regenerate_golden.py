"""Rebuild the golden output of every site root that has an `expected/` folder: python tests/regenerate_golden.py"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))

from careerguide.build import build_site  # noqa: E402

SITES = Path(__file__).parent / "sites"
GOLDEN = ["good"]


def main() -> None:
    os.environ["SOURCE_DATE_EPOCH"] = (
        "1609459200"  # the year the tests age salary statistics against (conftest.TEST_EPOCH)
    )
    for name in GOLDEN:
        with tempfile.TemporaryDirectory() as temp:
            root = Path(temp) / "root"
            shutil.copytree(SITES / name, root, ignore=shutil.ignore_patterns("expected"))
            expected = SITES / name / "expected"
            shutil.rmtree(expected, ignore_errors=True)
            build_site(root, Path(temp) / "out", strict=True)
            shutil.copytree(Path(temp) / "out", expected)
            print(f"wrote {expected}")


if __name__ == "__main__":
    main()
