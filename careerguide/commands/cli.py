"""The command line: build, serve, check and new. The only module that prints."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from careerguide import __version__
from careerguide.build import BuildResult, build_site
from careerguide.incremental.cache import Cache
from careerguide.load import reference_year
from careerguide.model.errors import BuildFailed, ContentError
from careerguide.parallel.forking import WorkerFailed
from careerguide.validate.urls import base_url_problem
from careerguide.write.folder import OutputFailed, OutputRefused
from careerguide.write.search import SearchFailed


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code. Without a command it builds: `python build.py --strict`."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["build", *argv]
    args = _parser().parse_args(argv)
    if (refused := _root_refused(args.root)) is not None:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    return args.run(args)


def _root_refused(root: Path) -> str | None:
    """Why `root` cannot be a site root, said before anything is read or written; None when it can be one."""
    if root.is_dir():
        return None
    what = "is not a folder" if root.exists() else "does not exist"
    return f"--root {root} {what}; name the site root, the folder that holds site.yaml (nothing was written)"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="careerguide", description="Build the multilingual career guide.")
    parser.add_argument("--version", action="version", version=f"careerguide {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="{build,serve,check,new,schema}")
    build = commands.add_parser("build", help="build the site into an output folder")
    _add_root(build)
    build.add_argument("--out", type=Path, help="output folder (default: <root>/site)")
    build.add_argument("--strict", action="store_true", help="treat warnings as errors")
    build.add_argument(
        "--jobs", type=int, default=None, metavar="N", help="worker processes (default: one per core for large sites)"
    )
    build.add_argument("--no-cache", action="store_true", help="render every page again, ignoring <root>/.cache")
    build.add_argument(
        "--no-search", action="store_true", help="skip the search index (faster; for previews and benchmarks)"
    )
    build.add_argument(
        "--dry-run",
        action="store_true",
        help="check everything a build checks and write nothing: no site, no cache (for commit hooks)",
    )
    _add_base_url(build)
    build.set_defaults(run=_build)
    check = commands.add_parser(
        "check", help="build into a temporary folder and report broken links, translations and stale figures"
    )
    _add_root(check)
    check.add_argument("--json", action="store_true", help="print the report as JSON (for CI)")
    _add_base_url(check)
    check.set_defaults(run=_check)
    new = commands.add_parser("new", help="scaffold an article and a fact box for a role in one language")
    new.add_argument("role", metavar="role-id", help="the role's id, e.g. customer-service-supervisor")
    new.add_argument("--lang", required=True, help="the language code, e.g. da")
    new.add_argument("--title", help="the role's title in that language; the file name is made from it")
    _add_root(new)
    new.set_defaults(run=_new)
    schema = commands.add_parser(
        "schema", help="write the JSON Schemas into <root>/schema/, where editors' YAML extensions read them"
    )
    _add_root(schema)
    schema.set_defaults(run=_schema)
    serve = commands.add_parser("serve", help="preview with live reload; rebuilds on every save")
    _add_root(serve)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.set_defaults(run=_serve)
    return parser


def _add_base_url(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--base-url",
        type=_base_url,
        metavar="URL",
        help="the address the site is published at, instead of site.yaml's base_url (e.g. a fork's Pages address)",
    )


def _base_url(text: str) -> str:
    """`--base-url` checked as site.yaml's base_url is, with the `/` every page address builds on."""
    if problem := base_url_problem(text):
        raise argparse.ArgumentTypeError(problem)
    return text if text.endswith("/") else text + "/"


def _add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help="the site root (default: the current folder)")


def _build(args: argparse.Namespace) -> int:
    if args.dry_run:
        with tempfile.TemporaryDirectory(prefix="careerguide-dry-run-") as temp:
            return _build_into(args, Path(temp) / "site", cache=None, search=False, dry_run=True)
    return _build_into(
        args,
        args.out or args.root / "site",
        cache=None if args.no_cache else Cache(args.root, keep_loaded=False),
        search=not args.no_search,
    )


def _build_into(
    args: argparse.Namespace, out: Path, *, cache: Cache | None, search: bool, dry_run: bool = False
) -> int:
    root: Path = args.root
    unchanged = "nothing was written (dry run)" if dry_run else f"{out} is unchanged"
    started = time.perf_counter()
    try:
        result = build_site(
            root,
            out,
            strict=args.strict,
            jobs=args.jobs,
            cache=cache,
            progress=_progress_bar(),
            search=search,
            base_url=args.base_url,
        )
    except BuildFailed as failed:
        _print_problems(failed.problems)
        errors = sum(1 for p in failed.problems if not p.warning)
        print(
            f"build failed: {errors} error(s), {len(failed.problems) - errors} warning(s); {unchanged}", file=sys.stderr
        )
        return 1
    except OutputRefused as refused:
        print(f"error: {refused}", file=sys.stderr)
        return 2
    except OutputFailed as failed:  # its message says that the previous site is untouched
        print(f"error: {failed}", file=sys.stderr)
        return 1
    except (SearchFailed, WorkerFailed) as failed:
        print(f"error: {failed}; {unchanged}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"build interrupted; {out} holds the last complete build", file=sys.stderr)
        return 130
    _print_problems(list(result.warnings))
    print(_summary(result, time.perf_counter() - started, "and wrote nothing (dry run)" if dry_run else f"into {out}"))
    return 0


def _progress_bar() -> Callable[[int, int], None] | None:
    """A progress bar on a terminal; none in CI logs or when the output is not a terminal."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None

    def show(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages{end}")
        sys.stderr.flush()

    return show


def _serve(args: argparse.Namespace) -> int:
    from careerguide.commands.serve import (
        PreviewFailed,
        Rebuilt,
        preview_url,
        serve,
    )  # the server's libraries load only when previewing

    def report(rebuilt: Rebuilt, changed: list[str]) -> None:
        after = f" after {', '.join(changed)}" if changed else ""
        _print_problems(list(rebuilt.problems))
        if rebuilt.failed:
            print(
                f"build failed{after}: the browser shows the problems until they are fixed", file=sys.stderr, flush=True
            )
        else:
            print(
                f"built in {rebuilt.seconds:.2f} s{after}: {rebuilt.rendered} page(s) rendered, {rebuilt.reused} "
                "unchanged",
                flush=True,
            )

    print(f"previewing {args.root.resolve()} at {preview_url(args.host, args.port)} (Ctrl+C stops)", flush=True)
    try:
        serve(args.root, host=args.host, port=args.port, report=report)
    except PreviewFailed as failed:
        print(f"error: {failed}", file=sys.stderr)
        return 1
    print("preview stopped; its temporary folder is removed", flush=True)
    return 0


def _print_problems(problems: list[ContentError]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def _summary(result: BuildResult, seconds: float, into: str) -> str:
    languages = ", ".join(f"{code} {count}" for code, count in result.languages)
    reused = f", {result.reused} unchanged" if result.reused else ""
    pages = sum(count for _, count in result.languages)
    return (
        f"built {pages} role pages ({languages}{reused}) {into}; {len(result.warnings)} warning(s), 0 errors; "
        f"{seconds:.2f} s"
    )


def _check(args: argparse.Namespace) -> int:
    from careerguide.commands.check import check_site, report_json, report_text  # loaded only when checking

    try:
        year = reference_year(os.environ.get("SOURCE_DATE_EPOCH"), datetime.date.today())
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        report = check_site(args.root, year=year, base_url=args.base_url)
    except BuildFailed as failed:
        if args.json:
            problems = [
                {"path": p.source.path, "line": p.source.line, "message": p.message, "warning": p.warning}
                for p in failed.problems
            ]
            print(json.dumps({"ok": False, "build_problems": problems}, ensure_ascii=False, indent=2))
        else:
            _print_problems(failed.problems)
            print("check failed: the site does not build", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        print(report_text(report, colour=sys.stdout.isatty() and not os.environ.get("NO_COLOR")))
    return 0 if report.ok else 1


def _schema(args: argparse.Namespace) -> int:
    from careerguide.commands.schemacopies import outdated_copies, write_copy

    outdated = outdated_copies(args.root)
    for path, text in outdated.items():
        try:
            write_copy(args.root, path, text)
        except OSError as exc:
            print(f"error: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        print(f"wrote {path}")
    if not outdated:
        print("the schemas in schema/ are up to date")
    return 0


def _new(args: argparse.Namespace) -> int:
    from careerguide.commands.scaffold import ScaffoldRefused, plan_new, read_site, write_plan

    try:
        plan = plan_new(read_site(args.root), args.role, args.lang, args.title)
        notes = write_plan(args.root, plan)
    except BuildFailed as failed:
        _print_problems(failed.problems)
        print("new: the site root cannot be read; nothing was written", file=sys.stderr)
        return 1
    except ScaffoldRefused as refused:
        print(f"error: {refused}; nothing was written", file=sys.stderr)
        return 1
    for line in (*plan.report, *notes):
        print(line)
    return 0
