"""careerguide's cold build of a benchmark corpus under cProfile: the top functions by cumulative time.

    python bench/profile_build.py --roles 1000 [--top 15] [--source DIR]

The build runs in one process without the search index (`--jobs 1 --no-search`), so the profile
sees all the work, as it did before there were worker processes.

`--source` profiles another checkout, e.g. an older commit unpacked with
`git archive <commit> careerguide templates | tar -x -C DIR`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Bench  # noqa: E402


def profile(root: Path, top: int) -> str:
    """Build `root` cold into a temporary folder under cProfile; the `top` lines sorted by cumulative time."""
    from careerguide.commands.cli import main as careerguide

    shutil.rmtree(root / ".cache", ignore_errors=True)
    with tempfile.TemporaryDirectory() as out:
        profiler = cProfile.Profile()
        argv = [
            "build",
            "--root",
            str(root),
            "--out",
            str(Path(out) / "site"),
            "--strict",
            "--jobs",
            "1",
            "--no-search",
        ]
        code = profiler.runcall(careerguide, argv)
    if code != 0:
        raise SystemExit(f"the build failed with exit code {code}")
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).strip_dirs().sort_stats("cumulative").print_stats(top)
    return text.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--work", type=Path, default=HERE / "work")
    parser.add_argument(
        "--source", type=Path, default=HERE.parent, help="the folder holding careerguide/ (default: this checkout)"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(args.source.resolve()))
    bench = Bench(args.roles, args.work)
    bench.prepare(force=False)
    print(profile(bench.dir / "careerguide", args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
