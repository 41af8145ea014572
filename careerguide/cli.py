"""The command line: build, serve, check and new. The only module that prints."""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from careerguide import __version__
from careerguide.errors import BuildFailed, ContentError
from careerguide.pipeline import BuildResult, build_site
from careerguide.write import OutputRefused


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = _parser().parse_args(argv)
    if args.command is None:
        args = _parser().parse_args(["build", *(argv or [])])
    return args.run(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="careerguide", description="Build the multilingual career guide.")
    parser.add_argument("--version", action="version", version=f"careerguide {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{build}")
    build = commands.add_parser("build", help="build the site into an output folder")
    _add_root(build)
    build.add_argument("--out", type=Path, help="output folder (default: <root>/site)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.set_defaults(run=_build)
    return parser


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="the site root (default: the current folder)")


def _build(args: argparse.Namespace) -> int:
    root: Path = args.root
    out: Path = args.out or root / "site"
    started = time.perf_counter()
    try:
        result = build_site(root, out, strict=args.strict)
    except BuildFailed as failed:
        _print_problems(failed.problems)
        errors = sum(1 for p in failed.problems if not p.warning)
        print(f"build failed: {errors} error(s), {len(failed.problems) - errors} warning(s); {out} is unchanged", file=sys.stderr)
        return 1
    except OutputRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    _print_problems(list(result.warnings))
    print(_summary(result, time.perf_counter() - started, out))
    return 0


def _print_problems(problems: list[ContentError]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _summary(result: BuildResult, seconds: float, out: Path) -> str:
    per_language = Counter(page.ref.lang for page in result.site.pages)
    languages = ", ".join(f"{lang.code} {per_language[lang.code]}" for lang in result.site.content.config.languages)
    return f"built {len(result.site.pages)} role pages ({languages}) into {out}; {len(result.warnings)} warning(s), 0 errors; {seconds:.2f} s"
