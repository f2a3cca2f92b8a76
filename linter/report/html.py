"""`wirelint audit --html FILE`: one self-contained page a rights editor reads and forwards.

Headline figures, bar charts (inline SVG, readable without JavaScript), the worst files, a
table of findings that a small script filters, and each file's findings in context, with
the original and the republished text side by side for rewrite findings.

Safety: every piece of text that comes from a story, a path or a policy goes through
`_e` (HTML escaping, quotes included) or, between tags only, `_t` (&, < and >); the
script reads the page with `textContent` and `dataset` only and never builds HTML from
strings. A Content-Security-Policy allows the
page's own style and script (by hash) and nothing else: no network request, no other
script, even if escaping had a hole.

Size: a page of tens of thousands of rows stays usable; past `MAX_ROWS` findings or
`MAX_FILES` files the page says what it left out (the JSON report has everything).
"""

from __future__ import annotations

import base64
import datetime as dt
import difflib
import functools
import hashlib
import html
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple

from ..audit import CONTEXT_FILES, CONTEXT_REACH, FILE_LEVEL, Tally, folder_of, plural, seconds
from ..violation import Violation

MAX_ROWS = 20_000
MAX_FILES = CONTEXT_FILES
SEVERITIES = ("error", "warning", "info")


class RuleText(NamedTuple):
    slug: str
    summary: str


class Meta(NamedTuple):
    """What the page says about the run itself."""

    paths: Sequence[str]
    version: str
    policies: Sequence[str]  # names
    services: Mapping[str, str]  # policy id -> name
    rules: Mapping[str, RuleText]
    generated: dt.datetime


def _e(text: object) -> str:
    s = str(text)
    # Most text needs nothing escaped: five character tests cost a fraction of escape's
    # five replacements (tens of thousands of strings on an audit's page).
    if "&" in s or "<" in s or ">" in s or '"' in s or "'" in s:
        return html.escape(s, quote=True)
    return s


@functools.lru_cache(maxsize=4096)
def _ec(text: str) -> str:
    """`_e` for the values every row repeats (rule, slug, severity, service, path)."""
    return html.escape(text, quote=True)


def _t(text: str) -> str:
    """Escaping for text between tags (a story's lines, a message): &, < and >. Quotes
    matter only inside an attribute value, which `_e` escapes; wire copy is full of them."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _n(value: int) -> str:
    return f"{value:,}"


Lines = Mapping[str, Sequence[tuple[int, int, str, bool]]]  # path -> audit.context_lines


def render(tally: Tally, meta: Meta, lines: Lines) -> str:
    """The page. `lines` holds, by path, the source lines shown around the findings."""
    parts = render_parts(tally, meta, lines)
    return "".join(p if isinstance(p, str) else p.decode("utf-8", "surrogateescape") for p in parts)


def files_in_background(violations: Sequence[Violation], lines: Lines) -> Background | None:
    """The per-file sections (the page's largest part: ~40 ms at 10,000 files), made by a
    forked process into an unnamed file while this one writes the other reports and the
    rest of the page; iterating waits for it. None where a process cannot fork (or has
    threads, which a fork would not copy); the caller then makes them itself."""
    import os
    import signal
    import threading

    if not hasattr(os, "fork") or threading.active_count() > 1:
        return None
    import tempfile

    try:
        out = tempfile.TemporaryFile()  # noqa: SIM115 - closed by Background
    except OSError:
        return None
    # Ctrl-C is held back over the fork: in the child it must land inside the `try` that
    # ends it with os._exit, never in the code of the parent it is a copy of.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        out.close()
        return None
    if pid == 0:  # the child: write the sections, and end without running any cleanup
        code = 1
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            for part in _files(violations, lines):
                out.write(part.encode("utf-8", "surrogateescape"))
            out.flush()
            code = 0
        finally:
            os._exit(code)
    made = Background(pid, out, violations, lines)  # before Ctrl-C can come: it ends the child
    signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return made


class Background:
    """The sections a child process is writing: read when it has ended, made here if it
    failed. `close` ends the child and its file when they are not wanted after all."""

    def __init__(self, pid: int, out: Any, violations: Sequence[Violation], lines: Lines) -> None:
        self.pid, self.out, self.violations, self.lines = pid, out, violations, lines
        self.reaped = False

    def __iter__(self) -> Iterator[str | bytes]:
        import os

        try:
            _, status = os.waitpid(self.pid, 0)
            self.reaped = True
            if os.waitstatus_to_exitcode(status) != 0:
                yield from _files(self.violations, self.lines)
                return
            self.out.seek(0)
            while block := self.out.read(1 << 20):
                yield block
        finally:
            self.out.close()

    def close(self) -> None:
        import os
        import signal

        if not self.reaped:
            self.reaped = True
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
        self.out.close()


def render_parts(
    tally: Tally, meta: Meta, lines: Lines, files: Iterable[str | bytes] | None = None
) -> Iterator[str | bytes]:
    """The page in pieces, for writing it without holding it whole (100,000 files: 17 MB).
    `files`: the per-file sections made elsewhere (`files_in_background`)."""
    style_hash = _sha256(STYLE)
    script_hash = _sha256(SCRIPT)
    csp = (
        f"default-src 'none'; style-src 'sha256-{style_hash}'; script-src 'sha256-{script_hash}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    title = "wirelint audit: " + ", ".join(meta.paths)
    yield (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    )
    sections = frozenset(sorted({v.path for v in tally.violations})[:MAX_FILES])  # files with a section
    for part in (_header(tally, meta), _figures(tally), _charts(tally, meta), _worst(tally, sections)):
        yield part + "\n"
    yield from _findings(tally, meta, sections)
    yield from _files(tally.violations, lines) if files is None else files
    yield _rules(tally, meta) + "\n"
    yield (
        f"<footer>Made by wirelint {_e(meta.version)}. Positions are line:column in each file, "
        "columns counting characters. This page loads nothing from the network.</footer>\n"
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


def _sha256(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


# -- parts of the page ------------------------------------------------------------------------


def _header(tally: Tally, meta: Meta) -> str:
    when = meta.generated.strftime("%Y-%m-%d %H:%M %Z").strip()
    policies = ", ".join(meta.policies) or "none"
    out = [
        "<header>",
        "<h1>Rights audit</h1>",
        f'<p class="sub">Audit of <code>{_e(", ".join(meta.paths))}</code> &middot; {_e(when)} &middot; '
        f"policies: {_e(policies)} &middot; wirelint {_e(meta.version)}</p>",
        "</header>",
    ]
    if tally.interrupted:
        out.append(
            f'<p class="banner" role="alert">This audit was interrupted: {_n(tally.files)} of '
            f"{_n(tally.total_files)} files were checked. The figures cover those files only.</p>"
        )
    return "\n".join(out)


def _figure(key: str, label: str, value: int, note: str = "", cls: str = "") -> str:
    extra = f'<span class="note">{_e(note)}</span>' if note else ""
    return (
        f'<div class="figure {cls}"><span class="label">{_e(label)}</span>'
        f'<b data-figure="{key}" data-value="{value}">{_n(value)}</b>{extra}</div>'
    )


def _figures(tally: Tally) -> str:
    share = f"{100 * tally.compliant / tally.files:.1f}% of files" if tally.files else ""
    rate = f"in {seconds(tally.elapsed)}" if tally.elapsed else ""
    return "\n".join(
        [
            '<section class="figures" aria-label="Headline figures">',
            _figure("files-checked", "Files checked", tally.files, rate),
            _figure("files-compliant", "Compliant files", tally.compliant, share, "ok"),
            _figure("files-with-violations", "Files with violations", tally.files_with_violations),
            _figure("errors", "Errors", tally.severity["error"], "", "error"),
            _figure("warnings", "Warnings", tally.severity["warning"], "", "warning"),
            _figure("info", "Info", tally.severity["info"], "", "info"),
            "</section>",
        ]
    )


def _bar_chart(title: str, rows: Sequence[tuple[str, str, int, str, str]], chart_id: str, note: str = "") -> str:
    """A horizontal bar chart: rows of (label, detail, value, css class, filter attribute)."""
    if not rows:
        return f'<figure class="chart" id="{chart_id}"><figcaption>{_e(title)}</figcaption><p>None.</p></figure>'
    top = max(v for _, _, v, _, _ in rows) or 1
    row_h, label_w, bar_w, width = 26, 260, 300, 640
    height = row_h * len(rows) + 8
    parts = [
        f'<figure class="chart" id="{chart_id}"><figcaption>{_e(title)}</figcaption>',
        f'<svg role="img" aria-label="{_e(title)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
    ]
    for i, (label, detail, value, cls, filt) in enumerate(rows):
        y = 4 + i * row_h
        w = max(2, round(bar_w * value / top))
        tip = f"{label} {detail}: {_n(value)}".replace("  ", " ")
        shown = label if len(label) <= 36 else "…" + label[-35:]
        parts.append(
            f'<a href="#findings" {filt}><g class="bar {cls}"><title>{_e(tip)}</title>'
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end">{_e(shown)}</text>'
            f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{row_h - 8}" rx="3"></rect>'
            f'<text class="value" x="{label_w + w + 6}" y="{y + 17}">{_n(value)}</text></g></a>'
        )
    parts.append("</svg>")
    if note:
        parts.append(f'<p class="note">{_e(note)}</p>')
    parts.append("</figure>")
    return "\n".join(parts)


def _charts(tally: Tally, meta: Meta) -> str:
    rules = [
        (
            f"{rule} {tally.slugs[rule]}",
            "",
            n,
            tally.rule_severity[rule],
            f'data-filter-rule="{_e(rule)}"',
        )
        for rule, n in tally.by_rule()
    ]
    folders, others, other_findings = tally.by_folder()
    folder_rows = [(f, "", n, "folder", f'data-filter-folder="{_e(f)}"') for f, n in folders]
    note = f"… and {_n(others)} more folders with {_n(other_findings)} violations." if others else ""
    services = sorted(tally.services.items(), key=lambda kv: (-kv[1], kv[0]))
    service_rows = [
        (meta.services.get(k, k), "", n, "service", f'data-filter-service="{_e(meta.services.get(k, k))}"')
        for k, n in services
    ]
    return "\n".join(
        [
            '<section class="charts">',
            _bar_chart("Violations by rule", rules, "chart-rules"),
            _bar_chart("Violations by folder", folder_rows, "chart-folders", note),
            _bar_chart("Violations by service", service_rows, "chart-services"),
            "</section>",
        ]
    )


def _where(path: str, sections: frozenset[str]) -> str:
    """A file's path, linking to its section when the page has one."""
    return _linked(path) if path in sections else _ec(path)


def _linked(path: str) -> str:
    """A file's path, linking to its section."""
    return f'<a href="#{_file_id(path)}">{_ec(path)}</a>'


def _row(v: Violation, service: str, where: str) -> str:
    """A finding's row in the table: `service` its name, `where` its path (`_where`)."""
    sev, service = _ec(v.severity), _ec(service)
    return (
        f'<tr data-rule="{_ec(v.rule)}" data-severity="{sev}" data-service="{service}" '
        f'data-path="{_ec(v.path)}"><td><span class="sev {sev}">{sev}</span></td>'
        f"<td><code>{_ec(v.rule)}</code> {_ec(v.slug)}</td><td>{service}</td>"
        f"<td>{where}:{v.line}:{v.column}</td><td>{_t(v.message)}</td></tr>\n"
    )


def _worst(tally: Tally, sections: frozenset[str]) -> str:
    worst = tally.worst()
    if not worst:
        return ""
    items = "\n".join(
        f'<li>{_where(s.path, sections)} <span class="note">{plural(s.errors, "error")}, '
        f"{plural(s.total, 'violation')}</span></li>"
        for s in worst
    )
    return f'<section class="worst"><h2>Worst files</h2><ol>\n{items}\n</ol></section>'


@functools.lru_cache(maxsize=4096)
def _file_id(path: str) -> str:
    return "file-" + hashlib.sha1(path.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _findings(tally: Tally, meta: Meta, sections: frozenset[str]) -> Iterator[str]:
    violations = tally.violations
    if not violations:
        yield '<section id="findings"><h2>Findings</h2><p>No violations: every file checked is compliant.</p></section>\n'
        return
    shown = violations[:MAX_ROWS]
    rules = [r for r, _ in tally.by_rule()]
    services = sorted({meta.services.get(v.policy, v.policy) for v in violations})
    yield (
        f'<section id="findings"><h2>Findings <span class="note">{_n(len(violations))}</span></h2>\n'
        '<div class="filters" id="filters" hidden>'
        f'<label>Rule <select id="f-rule"><option value="">all</option>{_options(rules)}</select></label>'
        f'<label>Severity <select id="f-severity"><option value="">all</option>{_options(SEVERITIES)}</select></label>'
        f'<label>Service <select id="f-service"><option value="">all</option>{_options(services)}</select></label>'
        '<label>Path <input id="f-path" type="search" placeholder="part of a path"></label>'
        '<button type="button" id="f-reset">Show all</button>'
        '<span id="f-count" aria-live="polite"></span></div>\n'
    )
    if len(violations) > len(shown):
        yield (
            f'<p class="banner">The table shows the first {_n(len(shown))} of {_n(len(violations))} findings '
            "(in path order). The JSON report (<code>--format json</code>) has all of them.</p>\n"
        )
    yield (
        "<table><thead><tr><th>Severity</th><th>Rule</th><th>Service</th><th>Where</th><th>Message</th></tr></thead>"
        "<tbody>\n"
    )
    names = meta.services
    for v in shown:
        yield _row(v, names.get(v.policy, v.policy), _where(v.path, sections))
    yield "</tbody></table></section>\n"


def _options(values: Sequence[str]) -> str:
    return "".join(f'<option value="{_e(v)}">{_e(v)}</option>' for v in values)


def _files(violations: Sequence[Violation], lines: Lines) -> Iterator[str]:
    by_file: dict[str, list[Violation]] = defaultdict(list)
    for v in violations:
        by_file[v.path].append(v)
    if not by_file:
        return
    paths = sorted(by_file)
    shown = paths[:MAX_FILES]
    yield f'<section id="files"><h2>Files <span class="note">{_n(len(paths))} with findings</span></h2>\n'
    if len(paths) > len(shown):
        yield (
            f'<p class="banner">Context is shown for the first {_n(len(shown))} of {_n(len(paths))} files '
            "(in path order); the table above lists every finding.</p>\n"
        )
    for path in shown:
        yield _section(path, by_file[path], lines.get(path, ()))
    yield "</section>\n"


def _section(path: str, found: Sequence[Violation], lines: Sequence[tuple[int, int, str, bool]]) -> str:
    """One file's findings, each with its lines (audit.context_lines) around it."""
    # A file-level problem (unreadable, not text, too large) has no text to show.
    wanted = any(v.rule not in FILE_LEVEL for v in found)
    shown = _Shown(lines)
    errors = sum(v.severity == "error" for v in found)
    counts = plural(len(found), "finding") + (f", {plural(errors, 'error')}" if errors else "")
    parts = [
        f'<details id="{_file_id(path)}" data-path="{_e(path)}"><summary><code>{_e(path)}</code> '
        f'<span class="note">{counts} &middot; folder {_ec(folder_of(path))}</span></summary>'
    ]
    if wanted and not lines:
        parts.append('<p class="note">No lines of this file to show.</p>')
    parts.extend(_finding(v, shown) for v in found)
    parts.append("</details>\n")
    return "".join(parts)


class _Shown:
    """A file's lines for the report, by number, each made into HTML once however many
    findings show it."""

    __slots__ = ("plain", "raw")

    def __init__(self, lines: Sequence[tuple[int, int, str, bool]]) -> None:
        self.raw: dict[int, tuple[int, str, bool]] = {}
        self.plain: dict[int, str] = {}  # each line with nothing marked: most lines shown
        for n, offset, text, more in lines:
            self.raw[n] = (offset, text, more)
            cut, goes_on = ("…" if offset else ""), ("…" if more else "")
            self.plain[n] = f'<span class="ln">{n}</span>{cut}{_t(text)}{goes_on}\n'


def _finding(v: Violation, lines: _Shown) -> str:
    head = (
        f'<div class="finding"><p><span class="sev {_ec(v.severity)}">{_ec(v.severity)}</span> '
        f"<code>{_ec(v.rule)}</code> {_ec(v.slug)} at {v.line}:{v.column} &mdash; {_t(v.message)}</p>"
    )
    evidence = v.evidence
    if evidence and "original" in evidence and "republished" in evidence:
        body = _side_by_side(
            evidence.get("original_context", evidence["original"]),
            evidence.get("republished_context", evidence["republished"]),
            evidence.get("original_path", ""),
        )
    elif lines.raw and v.rule not in FILE_LEVEL:
        body = _context(v, lines)
    else:
        body = ""
    return head + body + "</div>"


def _context(v: Violation, lines: _Shown) -> str:
    """The finding's lines and those around it (audit.context_lines), the flagged text marked."""
    raw = lines.raw
    line, final = v.line, max(v.end_line, v.line)
    if line not in raw:
        return ""
    first, last = line, final
    while first - 1 in raw and line - first < CONTEXT_REACH:
        first -= 1
    while last + 1 in raw and last - final < CONTEXT_REACH:
        last += 1
    out = ['<pre class="context">']
    for n in range(first, last + 1):
        if n not in raw:
            continue
        if n < line or n > final:
            out.append(lines.plain[n])
            continue
        offset, text, more = raw[n]
        start = v.column - 1 if n == line else 0
        end = v.end_column - 1 if n == v.end_line else offset + len(text)
        out.append(f'<span class="ln">{n}</span>{_marked(text, offset, more, start, end)}\n')
    out.append("</pre>")
    return "".join(out)


def _marked(text: str, offset: int, more: bool, start: int, end: int) -> str:
    """Part of a source line (from column `offset`), escaped, with columns [start, end)
    marked (an empty span gets a pointer); "…" where the line was cut."""
    before, after = ("…" if offset else ""), ("…" if more else "")
    start = max(0, min(start - offset, len(text)))
    end = max(start, min(end - offset, len(text)))
    if end == start:
        return f'{before}{_t(text[:start])}<mark class="point" title="here"></mark>{_t(text[start:])}{after}'
    return f"{before}{_t(text[:start])}<mark>{_t(text[start:end])}</mark>{_t(text[end:])}{after}"


def _side_by_side(original: str, republished: str, original_path: str) -> str:
    """The original and the republished passage, the words that differ marked.

    The passages are windows of words around one change (`original_context`); where a
    window was cut ("…"), a difference at its very edge is only the cut, not a change.
    """
    old, new = original.split(), republished.split()
    cut_start = bool(old and new and old[0] == new[0] == "…")
    cut_end = bool(old and new and old[-1] == new[-1] == "…")
    old, new = old[cut_start : len(old) - cut_end], new[cut_start : len(new) - cut_end]
    ops = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    if cut_end and len(ops) > 1 and ops[-1][0] != "equal":
        ops.pop()
    if cut_start and len(ops) > 1 and ops[0][0] != "equal":
        ops.pop(0)
    left: list[str] = ["…"] if cut_start else []
    right: list[str] = ["…"] if cut_start else []
    for op, i1, i2, j1, j2 in ops:
        a, b = " ".join(old[i1:i2]), " ".join(new[j1:j2])
        if op == "equal":
            left.append(_e(a))
            right.append(_e(b))
            continue
        if a:
            left.append(f"<del>{_e(a)}</del>")
        if b:
            right.append(f"<ins>{_e(b)}</ins>")
    if cut_end:
        left.append("…")
        right.append("…")
    source = f' <span class="note">{_e(original_path)}</span>' if original_path else ""
    return (
        '<div class="sbs"><div><h4>Original' + source + "</h4><p>" + " ".join(left) + "</p></div>"
        "<div><h4>Republished</h4><p>" + " ".join(right) + "</p></div></div>"
    )


def _rules(tally: Tally, meta: Meta) -> str:
    if not tally.rules:
        return ""
    items = []
    for rule in sorted(tally.rules):
        text = meta.rules.get(rule)
        summary = text.summary if text else ""
        items.append(
            f"<dt><code>{_e(rule)}</code> {_e(tally.slugs[rule])}</dt><dd>{_e(summary)} "
            f'<span class="note">wirelint explain {_e(rule)}</span></dd>'
        )
    return '<section class="rules"><h2>The rules in this report</h2><dl>' + "\n".join(items) + "</dl></section>"


STYLE = """
:root{--ink:#1d2330;--muted:#5d6677;--line:#dfe3ea;--bg:#f6f7f9;--card:#fff;--error:#c62828;--warning:#b26a00;
--info:#1565c0;--ok:#2e7d32;--folder:#5c6bc0;--service:#00838f}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);
background:var(--bg)}
header,section,footer{max-width:1180px;margin:0 auto;padding:0 24px}
header{padding-top:28px}
h1{font-size:28px;margin:0 0 4px}
h2{font-size:20px;margin:32px 0 12px}
h4{margin:0 0 6px;font-size:13px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.sub,.note{color:var(--muted)}
.note{font-size:13px;font-weight:normal}
.banner{background:#fff4e5;border:1px solid #f0c36d;border-radius:6px;padding:10px 14px;max-width:1180px;
margin:16px auto}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin-top:20px}
.figure{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:14px 16px;
border-top:4px solid var(--muted)}
.figure .label{display:block;color:var(--muted);font-size:13px}
.figure b{display:block;font-size:28px;line-height:1.2}
.figure.ok{border-top-color:var(--ok)}.figure.error{border-top-color:var(--error)}
.figure.warning{border-top-color:var(--warning)}.figure.info{border-top-color:var(--info)}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px;margin-top:24px}
.chart{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:0;padding:12px 16px;
overflow-x:auto}
.chart figcaption{font-weight:600;margin-bottom:6px}
.chart svg{max-width:100%;height:auto;font-size:13px}
.chart text{fill:var(--ink)}
.chart .value{fill:var(--muted)}
.bar rect{fill:var(--muted)}
.bar.error rect{fill:var(--error)}.bar.warning rect{fill:var(--warning)}.bar.info rect{fill:var(--info)}
.bar.folder rect{fill:var(--folder)}.bar.service rect{fill:var(--service)}
.chart a:hover rect,.chart a:focus rect{opacity:.75}
.worst ol{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 12px 12px 40px;margin:0}
table{width:100%;border-collapse:collapse;background:var(--card);border:1px solid var(--line);font-size:14px}
th,td{text-align:left;padding:6px 10px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f5;position:sticky;top:0}
td:nth-child(4){word-break:break-all;min-width:220px}
tr[hidden]{display:none}
.sev{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;color:#fff;background:var(--muted)}
.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}.sev.info{background:var(--info)}
.filters{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:center;margin:0 0 12px}
.filters[hidden]{display:none}
.filters label{font-size:13px;color:var(--muted)}
.filters select,.filters input,.filters button{font:inherit;font-size:14px;padding:3px 6px;margin-left:4px}
#f-count{font-size:13px;color:var(--muted)}
details{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:0 0 8px;padding:8px 14px}
summary{cursor:pointer}
details[open] summary{margin-bottom:8px}
.finding{border-top:1px solid var(--line);padding:8px 0}
.finding p{margin:0 0 6px}
pre.context{background:#fbfbfc;border:1px solid var(--line);border-radius:6px;padding:8px 10px;margin:0;
white-space:pre-wrap;word-break:break-word;font:13px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.ln{display:inline-block;min-width:3.2em;color:var(--muted);user-select:none}
mark{background:#ffe08a;border-radius:2px}
mark.point::before{content:"\\25B8";color:var(--error);font-weight:bold}
mark.point{background:none}
.sbs{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.sbs>div{background:#fbfbfc;border:1px solid var(--line);border-radius:6px;padding:8px 10px}
.sbs p{margin:0}
.sbs h4 .note{text-transform:none;letter-spacing:0}
del{background:#ffd7d5;text-decoration:line-through}
ins{background:#cdf3d3;text-decoration:none}
.rules dl{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px;margin:0}
.rules dd{margin:0 0 10px 0;color:var(--ink)}
footer{color:var(--muted);font-size:13px;padding:32px 24px 40px}
@media print{.filters{display:none}details{break-inside:avoid}th{position:static}}
"""

SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement, errors = [];
  window.addEventListener("error", function (event) {
    errors.push(String(event.message));
    root.setAttribute("data-js-errors", errors.join(" | "));
  });
  var table = document.querySelector("#findings tbody");
  var controls = document.getElementById("filters");
  if (table && controls) {
    var rows = Array.prototype.slice.call(table.rows);
    var rule = document.getElementById("f-rule"), severity = document.getElementById("f-severity");
    var service = document.getElementById("f-service"), path = document.getElementById("f-path");
    var count = document.getElementById("f-count");
    var apply = function () {
      var shown = 0, needle = path.value.toLowerCase();
      rows.forEach(function (row) {
        var d = row.dataset;
        var ok = (!rule.value || d.rule === rule.value) && (!severity.value || d.severity === severity.value) &&
          (!service.value || d.service === service.value) && (!needle || d.path.toLowerCase().indexOf(needle) >= 0);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      count.textContent = shown.toLocaleString("en-US") + " of " + rows.length.toLocaleString("en-US") + " shown";
    };
    [rule, severity, service, path].forEach(function (el) { el.addEventListener("input", apply); });
    document.getElementById("f-reset").addEventListener("click", function () {
      rule.value = severity.value = service.value = path.value = "";
      apply();
    });
    var pick = function (attr, set) {
      Array.prototype.forEach.call(document.querySelectorAll("[" + attr + "]"), function (link) {
        link.addEventListener("click", function () {
          rule.value = severity.value = service.value = path.value = "";
          set(link.getAttribute(attr));
          apply();
        });
      });
    };
    pick("data-filter-rule", function (v) { rule.value = v; });
    pick("data-filter-service", function (v) { service.value = v; });
    pick("data-filter-folder", function (v) { path.value = v === "." ? "" : v + "/"; });
    controls.hidden = false;
    apply();
  }
  if (location.hash) {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; }
  }
  window.addEventListener("hashchange", function () {
    var target = document.getElementById(location.hash.slice(1));
    if (target && target.tagName === "DETAILS") { target.open = true; }
  });
  root.setAttribute("data-ready", "1");
})();
"""
