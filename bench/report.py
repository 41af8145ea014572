"""The results of bench/run.py as Markdown: the table in docs/benchmarks.md and a summary for the terminal."""

from __future__ import annotations

import re
from pathlib import Path

START = "<!-- bench:results:start (written by bench/run.py; edit outside these markers) -->"
END = "<!-- bench:results:end -->"
ROWS = (
    ("careerguide cold, no search", "careerguide, cold build without the search index (`--no-search`)"),
    ("careerguide cold", "careerguide, cold build with the search index (no output, no `.cache/`)"),
    ("careerguide no change", "careerguide, rebuild with nothing changed"),
    ("careerguide one change", "careerguide, rebuild after one article changed"),
    (
        "careerguide one fact box change",
        "careerguide, rebuild after one fact box changed (builds the site from the cache)",
    ),
    ("careerguide start-up", "careerguide, start-up alone (`build.py --version`)"),
    ("hugo", "Hugo"),
    ("pelican", "Pelican"),
    ("mkdocs", "MkDocs"),
)


def targets(entry: dict) -> list[tuple[str, str, bool | None]]:
    """(target, measured, met) for each target of the issue; None where it applies only at 15,000 pages or a tool was
    not run.

    Against the other tools the cold build without the search index counts: none of them builds one.
    Time and memory are given both ways, since Pagefind (a binary of its own) is most of both.
    """
    m = {name: values["wall_s"] for name, values in entry["measures"].items()}
    rss = entry["measures"]["careerguide cold"]["memory_mb"]
    plain_rss = entry["measures"].get("careerguide cold, no search", entry["measures"]["careerguide cold"])["memory_mb"]
    cold = m["careerguide cold"]
    plain = m.get("careerguide cold, no search", cold)  # results from before that measure existed
    big = entry["pages"] >= 15000
    one_change = m["careerguide one change"] - m["careerguide start-up"]
    rows: list[tuple[str, str, bool | None]] = []
    if "hugo" in m:
        rows += [
            (
                "cold build no slower than Hugo (ratio <= 1.0), both without a search index",
                f"{plain / m['hugo']:.2f}",
                plain <= m["hugo"],
            ),
            ("the same with careerguide's Pagefind index included", f"{cold / m['hugo']:.2f}", cold <= m["hugo"]),
        ]
    for tool, name in (("pelican", "Pelican"), ("mkdocs", "MkDocs")):
        if tool in m:
            rows.append((f"at least 4x faster than {name}", f"{m[tool] / plain:.1f}x", m[tool] >= 4 * plain))
    return rows + [
        (
            "no-change rebuild under a tenth of the cold build",
            f"{m['careerguide no change'] / cold:.3f}",
            m["careerguide no change"] < cold / 10,
        ),
        (
            "one changed article: under 200 ms plus start-up (15,000 pages)",
            f"{one_change * 1000:.0f} ms + {m['careerguide start-up'] * 1000:.0f} ms start-up",
            one_change < 0.2 if big else None,
        ),
        (
            "peak memory under 500 MB (15,000 pages), without a search index",
            f"{plain_rss:.0f} MB",
            plain_rss < 500 if big else None,
        ),
        ("the same with careerguide's Pagefind index included", f"{rss:.0f} MB", rss < 500 if big else None),
    ]


def size_section(entry: dict) -> list[str]:
    """One corpus size: every measure, then the targets."""
    cold = entry["measures"]["careerguide cold"]["wall_s"]
    lines = [
        f"### {entry['roles']:,} roles, {entry['pages']:,} pages",
        "",
        f"Measured {entry['date']}, {len(entry['measures']['careerguide cold']['runs'])} runs each; "
        f"load average before the runs {_load_range(entry)}.",
        "",
        "| build | wall, median | wall, best | CPU, median | peak memory | largest process | wall vs careerguide "
        "cold |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for key, label in ROWS:
        values = entry["measures"].get(key)
        if values is None:
            continue
        lines.append(
            f"| {label} | {values['wall_s']:.2f} s | {values['wall_best_s']:.2f} s | {values['cpu_s']:.2f} s "
            f"| {values['memory_mb']:.0f} MB | {values['peak_rss_mb']:.0f} MB "
            f"| {values['wall_s'] / cold:.2f} |"
        )
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    for target, measured, met in targets(entry):
        lines.append(f"| {target} | {measured} | {'yes' if met else 'no' if met is False else 'n/a at this size'} |")
    lines += ["", f"HTML files written: {', '.join(f'{tool} {n:,}' for tool, n in entry['html_files'].items())}.", ""]
    return lines


def _load_range(entry: dict) -> str:
    loads = [run["load"] for values in entry["measures"].values() for run in values["runs"]]
    return f"{min(loads):.2f}–{max(loads):.2f}"


def growth_lines(sizes: list[dict]) -> list[str]:
    """How careerguide's peak memory and cold time grow with the site, between the smallest and largest size."""
    if len(sizes) < 2:
        return []
    small, large = sizes[0], sizes[-1]
    pages = large["pages"] / small["pages"]
    rss = large["measures"]["careerguide cold"]["memory_mb"] / small["measures"]["careerguide cold"]["memory_mb"]
    wall = large["measures"]["careerguide cold"]["wall_s"] / small["measures"]["careerguide cold"]["wall_s"]
    return [
        f"From {small['pages']:,} to {large['pages']:,} pages ({pages:.1f}x the site), careerguide's cold build took "
        f"{wall:.1f}x the time and {rss:.1f}x the peak memory (target: memory growing no faster than the site).",
        "",
    ]


def _versions(sizes: list[dict]) -> dict[str, str]:
    """Each package's version across the sizes' runs, which may differ: a size measured without Pelican and MkDocs
    does not make them "not installed" for the size that measured them."""
    found: dict[str, list[str]] = {}
    for entry in sizes:
        for name, version in entry["versions"].items():
            found.setdefault(name, [])
            if version not in found[name]:
                found[name].append(version)
    return {name: " / ".join([v for v in values if v != "not installed"] or values) for name, values in found.items()}


def render(results: dict) -> str:
    """The generated part of docs/benchmarks.md."""
    sizes = [results["sizes"][key] for key in sorted(results["sizes"], key=int)]
    if not sizes:
        return "No results yet: run `python bench/run.py`.\n"
    machine, versions = sizes[-1]["machine"], _versions(sizes)
    lines = [
        f"Machine: {machine['cpus']} CPUs ({machine['cpu_model']}), {machine['ram_gb']} GB RAM, {machine['os']}, "
        f"Python {machine['python']}.",
        "",
        "Versions: " + ", ".join(f"{name} {version}" for name, version in versions.items()) + ".",
        "",
        "Commands: " + "; ".join(sorted({f"`{entry['command']}`" for entry in sizes})) + ".",
        "",
    ]
    for entry in sizes:
        lines += size_section(entry)
    lines += growth_lines(sizes)
    return "\n".join(lines)


def update_docs(path: Path, results: dict) -> None:
    """Replace the generated part of the benchmarks page, between its two markers."""
    text = path.read_text(encoding="utf-8") if path.is_file() else f"# Benchmarks\n\n{START}\n{END}\n"
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        raise SystemExit(f"{path}: the markers of the generated table are missing; add\n{START}\n{END}")
    path.write_text(pattern.sub(lambda _: f"{START}\n{render(results)}\n{END}", text), encoding="utf-8")


def summary_lines(entry: dict) -> str:
    """A few lines for the terminal after one size is measured."""
    lines = [f"{entry['pages']:,} pages:"]
    for key, label in ROWS:
        values = entry["measures"].get(key)
        if values is None:
            continue
        lines.append(
            f"  {label}: {values['wall_s']:.2f} s wall, {values['cpu_s']:.2f} s CPU, {values['memory_mb']:.0f} MB"
        )
    lines += [
        f"  {target}: {measured} ({'met' if met else 'not met' if met is False else 'n/a'})"
        for target, measured, met in targets(entry)
    ]
    return "\n".join(lines)
