"""kiicode benchmarks: throughput, memory and re-coding side by side with the
tokenisation floor and a regex baseline (issue 7).

    python benchmarks/run.py                          # 1M words, ~300 codes
    python benchmarks/run.py --words 100000 --profile
    make bench

Every step runs in a fresh process, so its peak resident memory (ru_maxrss
from wait4) is its own. Prints a table and writes benchmarks/results.md
(and merges the figures into benchmarks/results.json, keyed by corpus size).
See benchmarks/README.md for what each step measures."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import yaml
from generate import CODEBOOK, scale_codebook

HERE = Path(__file__).resolve().parent
PYTHON = sys.executable
KIICODE = [PYTHON, "-m", "kiicode"]
ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "160", "TERM": "dumb"}

# The one-code codebook edit that step 4 re-codes after.
EDIT_CODE = "staff_turnover"
EDIT_PATTERNS = {"en": "personnel changes", "es": "cambio de personal"}

TARGETS = {
    "code_vs_floor": 1.5,        # (ingest + code) / floor, at most
    "baseline_vs_code": 3.0,     # baseline / (ingest + code), at least
    "recode_vs_code": 0.25,      # recode / code, at most
    "peak_mb": 600.0,            # at 1M words
    "tally_audit_s": 2.0,        # at 1M words
    "xlsx_s": 20.0,              # for ~100,000 evidence rows
}


@dataclass
class Step:
    name: str
    what: str
    wall: float | None = None        # seconds, process start to exit
    cpu: float | None = None         # user + system seconds of the process (and its children)
    peak_mb: float | None = None     # peak resident set of the largest process
    work: float | None = None        # the timed part, as the step reports it (steps.py)
    status: str = "ok"
    extra: dict = field(default_factory=dict)

    @property
    def seconds(self) -> float | None:
        return self.work if self.work is not None else self.wall


def run_step(step: Step, argv: list[str], logs: Path, ok_codes: tuple[int, ...] = (0,)) -> Step:
    """Run `argv` in a fresh process; fill in wall, CPU and peak memory."""
    logs.mkdir(parents=True, exist_ok=True)
    out_path, err_path = logs / f"{step.name}.out", logs / f"{step.name}.err"
    with out_path.open("w") as out, err_path.open("w") as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=out, stderr=err, env=ENV, cwd=HERE.parent)
        _, status, usage = os.wait4(process.pid, 0)
        step.wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    step.cpu = usage.ru_utime + usage.ru_stime
    step.peak_mb = usage.ru_maxrss / 1024   # kilobytes on Linux
    crashed = "Internal error" in err_path.read_text()
    if process.returncode not in ok_codes or crashed:
        lines = [line for line in err_path.read_text().splitlines() if line.strip()]
        step.status = f"failed (exit {process.returncode}): {lines[-1] if lines else ''}"[:160]
        return step
    if argv[1].endswith("steps.py"):
        report = json.loads(out_path.read_text().strip().splitlines()[-1])
        step.work = report.pop("seconds")
        step.extra = report
    if process.returncode != 0:
        step.extra["exit"] = process.returncode
    return step


def available(*command: str) -> bool:
    """True when `kiicode COMMAND --help` works (tally, audit and export xlsx
    are being written alongside these benchmarks)."""
    done = subprocess.run([*KIICODE, *command, "--help"], capture_output=True, env=ENV)
    return done.returncode == 0


def edit_codebook(src: Path, dst: Path) -> str:
    """Add one pattern to one code: the edit step 4 re-codes after."""
    data = yaml.safe_load(src.read_text(encoding="utf-8"))
    code = next((c for c in data["codes"] if c["id"] == EDIT_CODE), data["codes"][0])
    for language, term in EDIT_PATTERNS.items():
        code.setdefault("patterns", {}).setdefault(language, []).append(term)
    dst.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100),
                   encoding="utf-8")
    return f"added {', '.join(repr(t) for t in EDIT_PATTERNS.values())} to {code['id']}"


def evidence_rows(workbook: Path) -> int:
    """Data rows of the workbook's evidence matrix, read back independently."""
    from python_calamine import CalamineWorkbook

    if not workbook.exists():
        return 0
    sheet = CalamineWorkbook.from_path(str(workbook)).get_sheet_by_name("Evidence matrix")
    return sheet.total_height - 1


def store_counts(store: Path) -> dict:
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    words = sum(len(text.split()) for (text,) in db.execute("SELECT text FROM segment"))
    counts = {
        "transcripts": db.execute("SELECT COUNT(*) FROM transcript").fetchone()[0],
        "segments": db.execute("SELECT COUNT(*) FROM segment").fetchone()[0],
        "distinct_segment_texts": db.execute(
            "SELECT COUNT(DISTINCT text_sha) FROM segment").fetchone()[0],
        "words": words,
        "codings": db.execute("SELECT COUNT(*) FROM coding").fetchone()[0],
    }
    db.close()
    counts["store_mb"] = store.stat().st_size / 2**20
    return counts


def copy_store(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{dst}{suffix}").unlink(missing_ok=True)
    source, target = sqlite3.connect(src), sqlite3.connect(dst)
    source.backup(target)
    source.close()
    target.close()


def parent_rss_mb() -> float:
    """This process's resident set: a forked child's ru_maxrss starts from it,
    so it must stay far below the figures measured (no kiicode/spaCy here)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return 0.0


def mix(words_by_language: dict[str, int]) -> str:
    total = sum(words_by_language.values()) or 1
    return ", ".join(f"{lang} {count / total:.0%}" for lang, count in
                     sorted(words_by_language.items()))


def machine() -> dict:
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    return {
        "cpu": model or platform.processor(), "cores": len(os.sched_getaffinity(0)),
        "ram_gb": round(mem_kb / 2**20, 1), "python": platform.python_version(),
        "spacy": metadata.version("spacy"), "kiicode": metadata.version("kiicode"),
        "os": f"{platform.system()} {platform.release()}",
    }


def measure(args: argparse.Namespace) -> dict:
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    logs = work / "logs"
    load_start = os.getloadavg()
    started = datetime.now(timezone.utc)

    corpus = work / f"corpus-{args.words}"
    manifest = corpus / "manifest.json"
    wanted = {"words": args.words, "seed": args.seed}
    if args.regenerate or not manifest.exists() or \
            json.loads(manifest.read_text()).get("params") != wanted:
        print(f"generating a {args.words:,}-word corpus in {corpus} ...", flush=True)
        # In a child process: this one must stay small (see parent_rss_mb).
        done = subprocess.run([PYTHON, str(HERE / "generate.py"), "corpus", str(corpus),
                               "--words", str(args.words), "--seed", str(args.seed)],
                              capture_output=True, text=True, check=True, env=ENV)
        stats = json.loads(done.stdout.strip().splitlines()[-1])
        manifest.write_text(json.dumps({"params": wanted, "stats": stats}))
    generated = json.loads(manifest.read_text())
    codebook = work / f"codebook-{args.codes}.yaml"
    codes = scale_codebook(CODEBOOK, codebook, args.codes, args.seed)
    edited = work / f"codebook-{args.codes}-edited.yaml"
    edit = edit_codebook(codebook, edited)

    store = work / f"project-{args.words}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{store}{suffix}").unlink(missing_ok=True)
    steps: dict[str, Step] = {}

    def run(name: str, what: str, argv: list[str], ok_codes: tuple[int, ...] = (0,)) -> Step:
        print(f"  {name:<12} {what} ...", end="", flush=True)
        step = run_step(Step(name, what), argv, logs, ok_codes)
        steps[name] = step
        shown = f"{step.seconds:.2f} s" if step.status == "ok" else step.status
        print(f" {shown}, {step.peak_mb:.0f} MB", flush=True)
        return step

    def skip(name: str, what: str, why: str) -> None:
        steps[name] = Step(name, what, status=why)
        print(f"  {name:<12} {why}", flush=True)

    steps_py = str(HERE / "steps.py")
    print(f"measuring ({args.words:,} words, {codes} codes) ...", flush=True)
    parent_mb = parent_rss_mb()
    run("ingest", "kiicode ingest (read, validate, store)",
        [*KIICODE, "ingest", str(corpus), "--store", str(store), "--codebook", str(codebook)])
    if args.profile:
        copy_store(store, work / f"profile-{args.words}.sqlite")
    run("code", "kiicode code, first run (nlp + match + store)",
        [*KIICODE, "code", "--store", str(store), "--codebook", str(codebook)])
    run("recode", f"kiicode code after a one-code edit ({edit})",
        [*KIICODE, "code", "--store", str(store), "--codebook", str(edited)])
    # put the codebook back, so tally/audit/export see the scaled codebook's coding
    run("recode-back", "kiicode code, edit reverted (cached NLP)",
        [*KIICODE, "code", "--store", str(store), "--codebook", str(codebook)])
    run("floor", "floor: kiicode.nlp pipelines alone, 1 process", [PYTHON, steps_py, "floor",
                                                                    str(store)])
    if not args.skip_extras:
        run("floor-spacy", "spaCy tokenise + lemma lookup, no kiicode tokens",
            [PYTHON, steps_py, "floor-spacy", str(store)])
        run("floor-2proc", "floor with spaCy n_process=2",
            [PYTHON, steps_py, "floor-2proc", str(store)])
    run("baseline", "regex baseline (one alternation per code)",
        [PYTHON, steps_py, "baseline", str(store), str(codebook)])
    counts = store_counts(store)
    # audit exits 1 when it finds traceability problems: a result, not a failure.
    for name, what, ok_codes in (("tally", "kiicode tally", (0,)),
                                 ("audit", "kiicode audit (exit 1 = problems found)", (0, 1))):
        if available(name):
            # Nobody reviewed the generated corpus: count every suggestion, as
            # a team would while coding, or the steps would count nothing.
            run(name, what, [*KIICODE, name, "--store", str(store), "--status", "all"], ok_codes)
        else:
            skip(name, what, "not available yet")
    if args.skip_xlsx:
        skip("xlsx", "kiicode export xlsx", "skipped (--skip-xlsx)")
    elif available("export", "xlsx"):
        run("xlsx", "kiicode export xlsx (--status all)",
            [*KIICODE, "export", "xlsx", str(work / "evidence.xlsx"), "--store", str(store),
             "--status", "all"])
        counts["evidence_rows"] = evidence_rows(work / "evidence.xlsx")
    else:
        skip("xlsx", "kiicode export xlsx", "not available yet")

    profile = None
    if args.profile:
        print("  profiling kiicode code with pyinstrument ...", flush=True)
        done = subprocess.run([PYTHON, str(HERE / "profile_code.py"),
                               str(work / f"profile-{args.words}.sqlite"), str(codebook),
                               "--out", str(HERE / "profile-code.txt")],
                              capture_output=True, text=True, env=ENV)
        profile = done.stdout if done.returncode == 0 else f"profile failed: {done.stderr[-400:]}"

    return {
        "date": started.strftime("%Y-%m-%d %H:%M UTC"),
        "command": "python benchmarks/run.py " + " ".join(sys.argv[1:]),
        "machine": machine(),
        "load_start": [round(x, 2) for x in load_start],
        "load_end": [round(x, 2) for x in os.getloadavg()],
        "parent_rss_mb": parent_mb,
        "corpus": {**counts, "mix": mix(generated["stats"]["words_by_language"]),
                   "group_transcripts": generated["stats"]["group_transcripts"]},
        "codebook": {"codes": codes, "edit": edit},
        "steps": {name: asdict(step) for name, step in steps.items()},
        "profile": profile,
    }


# --- reporting ---------------------------------------------------------------------

def ratios(run: dict) -> dict[str, float | None]:
    s = run["steps"]

    def secs(name: str) -> float | None:
        step = s.get(name)
        if not step or step["status"] != "ok":
            return None
        return step["work"] if step["work"] is not None else step["wall"]

    ingest, code, recode, floor = secs("ingest"), secs("code"), secs("recode"), secs("floor")
    end_to_end = ingest + code if ingest is not None and code is not None else None
    tally, audit = secs("tally"), secs("audit")

    def div(a, b):
        return a / b if a is not None and b else None

    def cpu(name: str) -> float | None:
        step = s.get(name)
        if not step or step["status"] != "ok":
            return None
        return step["extra"].get("cpu_seconds", step["cpu"])

    cpu_code = cpu("ingest") + cpu("code") if ingest is not None and code is not None else None
    return {
        "end_to_end": end_to_end,
        "code_vs_floor_cpu": div(cpu_code, cpu("floor")),
        "baseline_vs_code_cpu": div(cpu("baseline"), cpu_code),
        "recode_vs_code_cpu": div(cpu("recode"), cpu("code")),
        "code_vs_floor": div(end_to_end, floor),
        "code_only_vs_floor": div(code, floor),
        "baseline_vs_code": div(secs("baseline"), end_to_end),
        "baseline_vs_code_only": div(secs("baseline"), code),
        "recode_vs_code": div(recode, code),
        "floor_2proc_speedup": div(floor, secs("floor-2proc")),
        "tally_audit": tally + audit if tally is not None and audit is not None else None,
        "peak_mb": max((st["peak_mb"] for name, st in s.items()
                        if name in ("ingest", "code", "recode", "recode-back", "tally", "audit",
                                    "xlsx") and st["peak_mb"] is not None), default=None),
    }


def fmt(value: float | None, pattern: str = "{:.2f}") -> str:
    return "—" if value is None else pattern.format(value)


def figures_table(run: dict) -> list[str]:
    floor = run["steps"]["floor"]
    floor_s = floor["work"] if floor["status"] == "ok" else None
    lines = ["| step | what | seconds | × floor | CPU s | wall s | peak MB |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for name, st in run["steps"].items():
        if st["status"] != "ok":
            lines.append(f"| {name} | {st['what']} | {st['status']} | | | | |")
            continue
        secs = st["work"] if st["work"] is not None else st["wall"]
        lines.append(f"| {name} | {st['what']} | {secs:.2f} | "
                     f"{fmt(secs / floor_s if floor_s else None, '{:.2f}×')} | "
                     f"{st['cpu']:.2f} | {st['wall']:.2f} | {st['peak_mb']:.0f} |")
    return lines


def verdict(value: float | None, target: float, at_most: bool, applies: bool = True) -> str:
    if value is None:
        return "not measured"
    if not applies:
        return "n/a at this size"
    met = value <= target if at_most else value >= target
    return "**met**" if met else "**missed**"


def targets_table(run: dict) -> list[str]:
    r = ratios(run)
    at_1m = run["corpus"]["words"] >= 900_000
    xlsx = run["steps"].get("xlsx", {})
    xlsx_s = xlsx.get("wall") if xlsx.get("status") == "ok" else None
    rows = run["corpus"].get("evidence_rows", 0)
    return [
        "| target | measured | goal | verdict |", "|---|---:|---:|---|",
        f"| end to end (ingest + code) ÷ floor | {fmt(r['code_vs_floor'], '{:.2f}×')} | "
        f"≤ {TARGETS['code_vs_floor']}× | "
        f"{verdict(r['code_vs_floor'], TARGETS['code_vs_floor'], True)} |",
        f"| baseline ÷ end to end | {fmt(r['baseline_vs_code'], '{:.2f}×')} | "
        f"≥ {TARGETS['baseline_vs_code']}× | "
        f"{verdict(r['baseline_vs_code'], TARGETS['baseline_vs_code'], False)} |",
        f"| re-code ÷ first code run | {fmt(r['recode_vs_code'], '{:.2f}×')} | "
        f"≤ {TARGETS['recode_vs_code']}× | "
        f"{verdict(r['recode_vs_code'], TARGETS['recode_vs_code'], True)} |",
        f"| peak memory of any kiicode step | {fmt(r['peak_mb'], '{:.0f} MB')} | "
        f"< {TARGETS['peak_mb']:.0f} MB at 1M words | "
        f"{verdict(r['peak_mb'], TARGETS['peak_mb'], True, at_1m)} |",
        f"| tally + audit | {fmt(r['tally_audit'], '{:.2f} s')} | < {TARGETS['tally_audit_s']} s"
        f" at 1M words | {verdict(r['tally_audit'], TARGETS['tally_audit_s'], True, at_1m)} |",
        f"| export xlsx ({rows:,} evidence rows) | {fmt(xlsx_s, '{:.2f} s')} | "
        f"< {TARGETS['xlsx_s']:.0f} s for ~100,000 rows | "
        f"{verdict(xlsx_s, TARGETS['xlsx_s'], True, rows >= 50_000)} |",
        f"| both cores: floor 1 process ÷ n_process=2 | "
        f"{fmt(r['floor_2proc_speedup'], '{:.2f}×')} | use where it pays | see notes |",
    ]


def scaling_table(history: dict) -> list[str]:
    lines = ["| words | segments | ingest s | code s | recode s | floor s | "
             "ingest MB | code MB | recode MB |", "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for words in sorted(history, key=int):
        run = history[words]
        s = run["steps"]

        def cell(name: str, key: str, pattern: str, s=s) -> str:
            st = s.get(name)
            if not st or st["status"] != "ok":
                return "—"
            value = st["work"] if key == "secs" and st["work"] is not None else \
                st["wall"] if key == "secs" else st["peak_mb"]
            return pattern.format(value)

        lines.append(f"| {int(words):,} | {run['corpus']['segments']:,} | "
                     f"{cell('ingest', 'secs', '{:.1f}')} | {cell('code', 'secs', '{:.1f}')} | "
                     f"{cell('recode', 'secs', '{:.1f}')} | {cell('floor', 'secs', '{:.1f}')} | "
                     f"{cell('ingest', 'mb', '{:.0f}')} | {cell('code', 'mb', '{:.0f}')} | "
                     f"{cell('recode', 'mb', '{:.0f}')} |")
    return lines


def render(run: dict, history: dict) -> str:
    m, c = run["machine"], run["corpus"]
    r = ratios(run)
    # Before the run nothing of ours is running; at its end our own steps add ~1.
    shared = run["load_start"][0] > 0.5 or run["load_end"][0] > 1.5
    lines = [
        "# kiicode benchmarks", "",
        f"Generated by `{run['command']}` on {run['date']}. Every step ran in a fresh "
        "process; *seconds* is wall time of the command (for `floor*` and `baseline`, the "
        "timed work inside the process, without interpreter start-up and loading the "
        "segment texts); *peak MB* is the largest resident set of the step's process.", "",
        f"- **Machine:** {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; {m['os']}; "
        f"Python {m['python']}, spaCy {m['spacy']}, kiicode {m['kiicode']}. (The "
        f"benchmark driver itself held {run['parent_rss_mb']:.0f} MB when it started the steps; "
        "a forked step's peak can include it.)",
        f"- **Load average** at start {run['load_start']}, at end {run['load_end']}"
        + (" — **the machine was shared with other jobs during this run; wall times are "
           "noisy, compare CPU seconds too.**" if shared else "."),
        f"- **Corpus:** {c['words']:,} words of respondent text ({c['mix']}), "
        f"{c['segments']:,} segments ({c['distinct_segment_texts']:,} distinct texts), "
        f"{c['transcripts']:,} transcripts ({c['group_transcripts']} group KIIs); "
        f"store {c['store_mb']:.0f} MB with {c['codings']:,} coding rows.",
        f"- **Codebook:** {run['codebook']['codes']} codes (cpc_peru.yaml's 65 plus variant "
        f"codes, `benchmarks/generate.py`); re-code edit: {run['codebook']['edit']}.", "",
        "## Figures", "", *figures_table(run), "",
        f"End to end (ingest + code): {fmt(r['end_to_end'])} s = "
        f"{fmt(r['code_vs_floor'], '{:.2f}×')} the floor; `kiicode code` alone is "
        f"{fmt(r['code_only_vs_floor'], '{:.2f}×')} the floor. The baseline takes "
        f"{fmt(r['baseline_vs_code'], '{:.2f}×')} the end-to-end time "
        f"({fmt(r['baseline_vs_code_only'], '{:.2f}×')} of `kiicode code` alone). Re-coding "
        f"takes {fmt(r['recode_vs_code'], '{:.2f}×')} the first coding run.", "",
        f"The same ratios on CPU seconds (less sensitive to other jobs; `floor`/`baseline` "
        f"count only their timed work, kiicode commands their whole process): end to end ÷ "
        f"floor {fmt(r['code_vs_floor_cpu'], '{:.2f}×')}, baseline ÷ end to end "
        f"{fmt(r['baseline_vs_code_cpu'], '{:.2f}×')}, re-code ÷ code "
        f"{fmt(r['recode_vs_code_cpu'], '{:.2f}×')}.", "",
        "## Targets (issue 7, on 2 cores)", "", *targets_table(run), "",
        "Peak memory growing sub-linearly to 5M words is judged from the table below "
        "(5M is not run by default: `--words 5000000`).", "",
        "## By corpus size (all runs in results.json)", "", *scaling_table(history), "",
    ]
    if run.get("profile"):
        lines += ["## Profile of `kiicode code` (pyinstrument, this run)", "",
                  run["profile"].strip(), "",
                  "Full call tree: `benchmarks/profile-code.txt`.", ""]
    notes = HERE / "notes.md"
    if notes.exists():
        lines += [notes.read_text(encoding="utf-8").strip(), ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--words", type=int, default=1_000_000,
                        help="corpus size in words of respondent text (default 1,000,000)")
    parser.add_argument("--codes", type=int, default=300, help="codebook size (default 300)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-xlsx", action="store_true", help="do not time export xlsx")
    parser.add_argument("--skip-extras", action="store_true",
                        help="skip the spaCy-only and n_process=2 floor variants")
    parser.add_argument("--profile", action="store_true",
                        help="also profile a fresh `kiicode code` run with pyinstrument")
    parser.add_argument("--regenerate", action="store_true",
                        help="regenerate the corpus even if one of this size exists")
    parser.add_argument("--workdir", type=Path, default=HERE / ".work",
                        help="where corpora and stores go (default benchmarks/.work)")
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--render-only", action="store_true",
                        help="measure nothing: rewrite --out from results.json's run of --words "
                             "(after editing notes.md)")
    args = parser.parse_args()

    history_path = args.out.with_suffix(".json")
    history = json.loads(history_path.read_text()) if history_path.exists() else {}
    if args.render_only:
        run = history[str(args.words // 1000 * 1000)]
    else:
        run = measure(args)
        history[str(run["corpus"]["words"] // 1000 * 1000)] = run
    history_path.write_text(json.dumps(history, indent=1, ensure_ascii=False) + "\n")
    report = render(run, {k: v for k, v in history.items()})
    args.out.write_text(report, encoding="utf-8")
    print()
    print(report)


if __name__ == "__main__":
    main()
