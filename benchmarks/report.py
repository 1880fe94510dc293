"""Turns the runner's results into the Markdown table kept in benchmarks/README.md, with the
machine it ran on and each target marked met or missed."""

from __future__ import annotations

import re
from pathlib import Path

START, END = "<!-- results:start -->", "<!-- results:end -->"


def _s(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f} s"


def _ms(x: float | None) -> str:
    return "–" if x is None else f"{x:.1f} ms"


def _mb(x: float | None) -> str:
    return "–" if x is None else f"{x:.0f} MB"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**missed**")


def render(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"Measured {m['date']} on {m['cpu']}, {m['cores']} cores, {m['ram']} RAM, {m['os']}; "
        f"Python {m['python']}, SQLite {m['sqlite']}, Textual {m['textual']}. "
        f"Load average {m['load']}; at the end {results.get('load_end', '?')}.",
        "",
        "Notes: the machine is shared with other engineers' test runs and was noisy; every "
        "timing is a median of repeated whole-process runs, and comparisons are ratios from "
        "the same run. " + results.get("note", ""),
        "",
        "### Import (`grappe import`, whole process)",
        "",
        "| input | docs | MB | median time | CPU time | MB/s | ms/doc | peak RSS | runs |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in results.get("import", []):
        if "error" in row:
            lines.append(f"| {row['label']} | {row['documents']} | – | failed: {row['error']} | | | | | |")
            continue
        lines.append(
            f"| {row['label']} | {row['documents']} | {row['megabytes']:.2f} | {_s(row['seconds'])} "
            f"| {_s(row.get('cpu_seconds'))} "
            f"| {row['mb_per_s']:.2f} | {row['seconds'] * 1000 / row['documents']:.0f} "
            f"| {_mb(row['peak_mb'])} | {row['runs']}{' (earlier run)' if row.get('note') else ''} |")
    startup = results.get("startup", {})
    lines += ["", f"Start-up floor: `python -c pass` {_s(startup.get('python_s'))}, "
              f"`grappe --help` {_s(startup.get('grappe_help_s'))} "
              f"(CPU {_s(startup.get('grappe_help_cpu_s'))}). "
              f"Linearity: {results.get('linearity', '–')}.", ""]
    lines += ["### The explorer", "",
              "| database | tmux floor | first screen: grappe | VisiData | Harlequin (ready, no rows) "
              "| keystroke median (p90; CPU) | answered | `search_all` | raw FTS5 floor | ratio | app peak RSS "
              "| `grappe show` |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for label, app in results.get("app", {}).items():
        screen = app.get("screen", {})
        keys = app.get("keys", {})
        floor = app.get("floor", {})
        show = app.get("show", {})

        def tool(name: str) -> str:
            if name not in screen:
                return "–"
            cpu = screen[name].get("cpu_s")
            return _s(screen[name].get("median_s")) + (f" (CPU {cpu:.2f})" if cpu else "")

        ratio = None
        if keys.get("median_ms") and floor.get("raw_fts_ms"):
            ratio = keys["median_ms"] / floor["raw_fts_ms"]
        keystroke = (f"{_ms(keys.get('median_ms'))} ({_ms(keys.get('p90_ms'))}; "
                     f"CPU {_ms(keys.get('cpu_median_ms'))})"
                     if keys.get("median_ms") else keys.get("unavailable", "–"))
        lines.append(
            f"| {label} | {tool('floor')} | {tool('grappe') if 'grappe' in screen else screen.get('grappe_unavailable', screen.get('unavailable', '–'))} "
            f"| {tool('visidata')} | {tool('harlequin')} | {keystroke} "
            f"| {_ms(keys.get('answered_median_ms'))} | {_ms(floor.get('search_all_ms'))} "
            f"| {_ms(floor.get('raw_fts_ms'))} | {'–' if ratio is None else f'{ratio:.0f}×'} "
            f"| {_mb(screen.get('app_peak_mb'))} "
            f"| {_s(show.get('median_s')) if 'median_s' in show else show.get('unavailable', '–')} |")
    toolkit = results.get("toolkit_floor", {})
    if toolkit.get("median_ms"):
        lines += ["", f"Textual's own keystroke floor, measured the same way on a bare app whose only "
                  f"widget is an Input (no query, no list): {_ms(toolkit['median_ms'])} median "
                  f"({_ms(toolkit.get('p90_ms'))} p90)."]
    elif toolkit:
        lines += ["", f"Textual's own keystroke floor: {toolkit.get('unavailable', '–')}."]
    navigation = {label: app["nav"] for label, app in results.get("app", {}).items() if app.get("nav")}
    if navigation:
        steps = ("pane, first visit", "pane, again", "dossier", "back", "filter keystroke")
        lines += ["", "Navigation keys through the pilot, from the key to the screen shown with its rows "
                  "and repainted (median, max in parentheses): `1`–`4` to a pane not shown yet "
                  "(its first page is read), to a pane shown before, `enter` on a cluster (its "
                  "dossier), `escape` back, and each letter after the first of the search word "
                  "typed in the Financements pane's filter (`/`).", "",
                  "| database | " + " | ".join(steps) + " |", "| --- |" + " ---: |" * len(steps)]
        for label, nav in navigation.items():
            if "unavailable" in nav:
                lines.append(f"| {label} | {nav['unavailable']} |" + " |" * (len(steps) - 1))
                continue
            cells = [f"{_ms(nav[s]['median_ms'])} ({_ms(nav[s]['max_ms'])})" if s in nav else "–"
                     for s in steps]
            lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "### Targets", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    lines += [f"| {t} | {v} | {_verdict(ok)} |" for t, v, ok in results.get("targets", [])]
    problems = results.get("problems", [])
    if problems:
        lines += ["", "Not measured: " + "; ".join(problems) + "."]
    return "\n".join(lines)


def write_readme(readme: Path, results: dict) -> None:
    """Replace the results block of the README (kept between two HTML comments)."""
    text = readme.read_text("utf-8") if readme.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    block = f"{START}\n{render(results)}\n{END}"
    if START in text and END in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text += "\n" + block + "\n"
    readme.write_text(text, "utf-8")
