"""What the card images add to a cold build: builds without and with them, alternating, compared by CPU time.

    python bench/cards_cost.py --roles 1000 --rounds 3

Each round builds the corpus cold twice, `--no-search` unless `--search` is given: once with card
drawing and the card files taken out (the build's card step does nothing and the language cards
are empty; the pages still name their cards), once as it is. CPU time (user + system, worker
processes included) from wait4(2) is what is compared, as it stays comparable when the machine is
shared; the wall time and the load average are printed beside it.

Every build writes into a folder of its own, with `--no-cache`, and nothing is deleted between
builds. On ext4 without a journal (this machine's disk) the kernel passes over every inode deleted
in the last minute (five, until the deletion is written out) before it reuses one, reading the
inode table for each: a build that follows the deletion of many files creates each of its own up
to 25 times slower (docs/benchmarks.md, item 43), which is the deleting, not the build. So the
last run's outputs are deleted first, written out (sync), and the first build waits `--settle`
seconds; the outputs of this run are left for the next run to delete.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from measure import timed  # noqa: E402
from run import REPO, Bench  # noqa: E402

WITHOUT_CARDS = """\
import sys
from careerguide import render
from careerguide.commands.cli import main
from careerguide.parallel import rendering
from careerguide.render import pages

rendering.put_card = lambda path, card, temp, previous: None
render.draw_card = pages.draw_card = lambda card: b""  # role pages' cards, and each language's card
sys.exit(main(sys.argv[1:]))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "work")
    parser.add_argument("--search", action="store_true", help="build the search index too, as the default build does")
    parser.add_argument("--settle", type=float, default=61, help="seconds to wait after deleting (see above)")
    args = parser.parse_args()
    bench = Bench(args.roles, args.work)
    bench.prepare(force=False)
    root, outputs = bench.dir / "careerguide", bench.dir / "out" / "cards-cost"
    shutil.rmtree(outputs, ignore_errors=True)
    shutil.rmtree(root / ".cache", ignore_errors=True)
    os.sync()
    print(f"waiting {args.settle:.0f} s for the deleted files to be passed over no more", flush=True)
    time.sleep(args.settle)
    commands = {"without cards": [sys.executable, "-c", WITHOUT_CARDS], "with cards": [sys.executable, "build.py"]}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for number in range(args.rounds):
        for name, command in commands.items():
            out = outputs / f"{number}-{name.replace(' ', '-')}"
            argv = [*command, "build", "--root", str(root), "--out", str(out), "--strict", "--no-cache"]
            sample, _ = timed(argv + ([] if args.search else ["--no-search"]), REPO)
            cpu[name].append(sample.cpu)
            print(
                f"round {number + 1}, {name}: CPU {sample.cpu:.2f} s, wall {sample.wall:.2f} s, load {sample.load:.1f}",
                flush=True,
            )
    ratios = [with_ / without - 1 for with_, without in zip(cpu["with cards"], cpu["without cards"], strict=True)]
    print(
        f"median CPU: {statistics.median(cpu['without cards']):.2f} s without cards, "
        f"{statistics.median(cpu['with cards']):.2f} s with them; "
        f"by round {min(ratios):+.0%} to {max(ratios):+.0%}"
    )


if __name__ == "__main__":
    main()
