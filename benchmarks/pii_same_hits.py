"""Does a change to the PII scan leave every hit as it was? (issue 16)

    python benchmarks/pii_same_hits.py [--base REF] [--tree DIR] [--out DIR]
                                       [--stress N] [--store SQLITE]

Scans the same corpora with two versions of kiicode and diffs their findings:
the version at git REF (default `main`, exported with `git archive` into
OUT/base) and the checkout DIR (default: this one). Each version runs in a
process of its own, importing kiicode from its own tree only (`python -S`, the
editable install's finder left out, the virtual environment's packages
added), and writes one line per finding: corpus, file, start, end, category,
confidence and rule, every finding down to confidence 0 (the scan's threshold
is 0.5, so this is stricter than the report).

Corpora: tests/retired_blind/pii*/seeded and clean, tests/fixtures/pii_dev*
and transcripts_sample/ read as `kiicode pii scan DIR` reads them; every
.md/.txt/.vtt/.srt file of those PII sets (sources too) scanned as raw text; a
stress set of N generated texts (default 600): random mixes, in both
languages, of digits and separators ("987 654 321", "45.218.963", no-break
spaces, long dashes), "@", accented and capitalised words, speaker labels,
and every literal the prefilter (kiicode/pii/cues.py) looks for, so each
alternative of each cue is present in some texts and absent in others.
`--store` adds the transcripts of a project store (the 1M-word speed corpus).

Prints the findings per corpus for both and the differing lines; exits 1 if
any line differs. Re-run after every rebase on a main whose rules changed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# --- the stress set ---------------------------------------------------------------

_WORDS_ES = ("el la de que y en los se del las un por con no una su para es al lo como "
             "más pero sus le ya o fue este ha sí porque esta son entre cuando muy sin "
             "sobre también me hasta hay donde quien desde todo nos durante todos uno les "
             "niña niño adolescente fiscalía comisaría policía víctima trata señora señor "
             "número teléfono celular correo dirección nació nacida fecha cumpleaños año "
             "años edad calle avenida jirón pasaje manzana lote distrito provincia región "
             "mamá papá hermana hermano hija hijo prima tío abuela vive vivía casa "
             "documento carné extranjería pasaporte cédula mil millones cientos").split()
_WORDS_EN = ("the of and to in is was it for that on with as at by this had not are but "
             "from or have an they which you were her all she there would their we him "
             "been has when who will more no if out so said what up its about into than "
             "them can only other new some could time these two may then do first any my "
             "now such like our over man me even most made after also did many before "
             "phone number email address born birthday date street road avenue lives home "
             "passport license card social security mother father daughter son sister "
             "thousand hundred million nine eight seven zero dot com at").split()
_NAMES = ("María Quispe", "Rosa Huamán", "José Mamani", "Lucía Ccori", "Juan Pérez",
          "Killa Condori", "Yeni Apaza", "Edwin Rojas", "Ana María Flores", "Beto",
          "Sr. Vela", "la señora Q.", "Vela, Cinthia", "O'Brien", "Jean-Baptiste")
_SEPARATORS = (" ", " ", " ", "-", ".", " - ", "\u00a0", "\u2013", "\u2014", "…", "/", ", ",
               "\u2011", "\u202f")
_MONTHS = ("enero", "marzo", "mayo", "julio", "diciembre", "January", "June", "Sept.", "ago")


def _digits(rng: random.Random) -> str:
    groups = [str(rng.randrange(10 ** (n - 1) if n > 1 else 0, 10 ** n))
              for n in rng.choice(((9,), (3, 3, 3), (2, 3, 3), (8,), (8, 1), (3, 2, 4),
                                   (2, 2, 2), (4, 4), (1, 3, 3, 4), (2, 8, 1), (6,),
                                   (4,), (2,), (1,) * 9, (3, 3, 3, 3)))]
    sep = rng.choice(_SEPARATORS)
    return rng.choice(("", "", "+51 ", "+1 ", "00", "(01) ", "(084) ")) + sep.join(groups)


def _date(rng: random.Random) -> str:
    day, year = rng.randint(1, 31), rng.randint(1950, 2024)
    return rng.choice((f"{day}/{rng.randint(1, 12)}/{year}", f"{day} de {rng.choice(_MONTHS)} "
                       f"de {year}", f"{rng.choice(_MONTHS)} {day}, {year}",
                       f"{year}-{rng.randint(1, 12):02d}-{day:02d}", f"{day}.{rng.randint(1, 12)}."
                       f"{year % 100:02d}", str(year)))


def _email(rng: random.Random) -> str:
    user = rng.choice(("rosa.q", "jperez85", "killa_c", "m.flores", "info", "mesadepartes"))
    host = rng.choice(("gmail", "hotmail", "yahoo", "mimp.gob", "unicef", "ayni"))
    end = rng.choice(("com", "org", "pe", "coop", "ngo"))
    return rng.choice((f"{user}@{host}.{end}", f"{user} arroba {host} punto {end}",
                       f"{user} at {host} dot {end}", f"{user} [at] {host}.{end}",
                       f"{user} @ {host} . {end}", f"@{user}", f"www.{host}.{end}/{user}",
                       f"https://{host}.{end}/d/1xz3ab9qer7u", f"{host}.{end}"))


def cue_literals() -> list[str]:
    """Every literal the prefilter looks for, in the cues of this checkout."""
    from kiicode.pii import addresses, cues, names, rules

    found: set[str] = set()
    for module in (rules, addresses, names):
        for value in vars(module).values():
            if isinstance(value, re.Pattern):
                p = cues.plan(value)
                if p is not None:
                    found.update(p.need)
                    for _branch, _alternative, need in p.choices:
                        found.update(need)
    return sorted(found)


def stress_texts(count: int, literals: list[str], seed: int = 16) -> list[str]:
    rng = random.Random(seed)
    makers = (_digits, _date, _email, lambda r: r.choice(_NAMES), lambda r: r.choice(literals),
              lambda r: r.choice(literals).upper(), lambda r: r.choice(literals).title())
    texts = []
    for i in range(count):
        words = _WORDS_ES if i % 3 else _WORDS_EN
        parts: list[str] = []
        for _ in range(rng.randint(20, 400)):
            roll = rng.random()
            if roll < 0.08:
                parts.append(rng.choice(makers)(rng))
            elif roll < 0.10:
                parts.append(rng.choice(("\nR: ", "\nE: ", "\n[00:01:23] Entrevistadora: ",
                                         "\n\n", ". ", ", ", "; ", "? ", "\nInterviewer: ")))
            else:
                word = rng.choice(words)
                parts.append(word.capitalize() if rng.random() < 0.1 else word)
        texts.append(" ".join(parts))
    return texts


# --- one version's findings ----------------------------------------------------------

def corpora(root: Path) -> list[Path]:
    """The folders of transcripts to compare, relative to `root`."""
    retired = sorted((root / "tests" / "retired_blind").glob("pii*"))
    found = [folder for base in retired for folder in (base / "seeded", base / "clean")]
    found += sorted((root / "tests" / "fixtures").glob("pii_dev*"))
    found.append(root / "transcripts_sample")
    return [folder.relative_to(root) for folder in found if folder.is_dir()]


def raw_files(root: Path) -> list[Path]:
    """Every text file of the PII sets, scanned as it is (meeting tools' files
    and the sets' sources too, whatever the readers make of them)."""
    bases = [*(root / "tests" / "retired_blind").glob("pii*"),
             *(root / "tests" / "fixtures").glob("pii_dev*")]
    return sorted(p.relative_to(root) for base in bases for p in base.rglob("*")
                  if p.suffix in (".md", ".txt", ".vtt", ".srt"))


def dump(tree: Path, out: Path, stress: int, store: str | None, literals_file: Path) -> None:
    """Write every finding of the kiicode in `tree` (runs in the child process)."""
    import kiicode
    from kiicode.codebook import load_codebook
    from kiicode.pii.scan import scan_text, scan_transcripts
    from kiicode.transcripts.corpus import read_corpus, rosters_beside, transcript_files
    assert Path(kiicode.__file__).resolve().is_relative_to(tree.resolve()), kiicode.__file__
    book = load_codebook(tree / "codebooks" / "cpc_peru.yaml")
    lines = []
    for folder in corpora(ROOT):
        files = transcript_files([ROOT / folder])[0]
        if not files:
            continue
        corpus = read_corpus([*files, *rosters_beside(files)], book)
        names = {t.id: Path(t.path).name for t in corpus.transcripts}
        for h in scan_transcripts(corpus.transcripts, min_confidence=0.0).hits:
            lines.append(f"{folder}\t{names[h.transcript]}\t{h.start}\t{h.end}\t{h.category}\t"
                         f"{h.confidence!r}\t{h.rule}")
    for path in raw_files(ROOT):
        text = (ROOT / path).read_text(encoding="utf-8", errors="replace")
        for h in scan_text(str(path), text, min_confidence=0.0):
            lines.append(f"raw\t{h.transcript}\t{h.start}\t{h.end}\t{h.category}\t"
                         f"{h.confidence!r}\t{h.rule}")
    literals = json.loads(literals_file.read_text())
    for i, text in enumerate(stress_texts(stress, literals)):
        for h in scan_text(f"stress-{i}", text, min_confidence=0.0):
            lines.append(f"stress\t{h.transcript}\t{h.start}\t{h.end}\t{h.category}\t"
                         f"{h.confidence!r}\t{h.rule}")
    if store:
        from kiicode.pii.scan import scan_store
        from kiicode.store import Store

        with Store.open(Path(store)) as s:
            for h in scan_store(s, min_confidence=0.0).hits:
                lines.append(f"store\t{h.transcript}\t{h.start}\t{h.end}\t{h.category}\t"
                             f"{h.confidence!r}\t{h.rule}")
    out.write_text("".join(line + "\n" for line in lines))


def _child_env(tree: Path) -> dict[str, str]:
    """A child's environment: kiicode from `tree`, the other packages from here."""
    import site

    return dict(os.environ, KIICODE_SAME_HITS_PATHS=os.pathsep.join(
        [str(tree), *site.getsitepackages()]))


def run_version(tree: Path, out: Path, args: argparse.Namespace, literals_file: Path) -> None:
    env = _child_env(tree)
    command = [sys.executable, "-S", str(Path(__file__).resolve()), "--child", str(tree),
               str(out), str(args.stress), args.store or "", str(literals_file)]
    subprocess.run(command, check=True, env=env)


def export(ref: str, into: Path) -> Path:
    """The tree of git `ref`, written into `into`."""
    if into.exists():
        shutil.rmtree(into)
    into.mkdir(parents=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref], check=True,
                             capture_output=True).stdout
    with tempfile.TemporaryFile() as f:
        f.write(archive)
        f.seek(0)
        with tarfile.open(fileobj=f) as tar:
            tar.extractall(into, filter="data") if hasattr(tarfile, "data_filter") \
                else tar.extractall(into)
    return into


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] in ("--child", "--literals"):
        sys.path[:0] = os.environ["KIICODE_SAME_HITS_PATHS"].split(os.pathsep)
        if sys.argv[1] == "--literals":
            Path(sys.argv[2]).write_text(json.dumps(cue_literals()))
            return 0
        tree, out, stress, store, literals_file = sys.argv[2:7]
        dump(Path(tree), Path(out), int(stress), store or None, Path(literals_file))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base", default="main", help="git ref of the version to compare with")
    parser.add_argument("--tree", type=Path, default=ROOT, help="the checkout to compare")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "pii_same_hits")
    parser.add_argument("--stress", type=int, default=600, help="generated texts")
    parser.add_argument("--store", help="also a project store's transcripts (.sqlite)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    base = export(args.base, args.out / "base")
    # (the stress texts carry the literals of the new version's cues)
    literals_file = args.out / "literals.json"
    subprocess.run([sys.executable, "-S", str(Path(__file__).resolve()), "--literals",
                    str(literals_file)], check=True, env=_child_env(args.tree))
    results = {}
    for name, tree in (("base", base), ("new", args.tree)):
        run_version(tree, args.out / f"{name}.tsv", args, literals_file)
        results[name] = (args.out / f"{name}.tsv").read_text().splitlines()
    per_corpus: dict[str, list[int]] = {}
    for i, name in enumerate(("base", "new")):
        for line in results[name]:
            per_corpus.setdefault(line.split("\t", 1)[0], [0, 0])[i] += 1
    for corpus, (a, b) in sorted(per_corpus.items()):
        print(f"{corpus:45} {a:6} {b:6}{'' if a == b else '   <- differs'}")
    old, new = set(results["base"]), set(results["new"])
    gone, added = sorted(old - new), sorted(new - old)
    for line in gone:
        print("- " + line)
    for line in added:
        print("+ " + line)
    same = not gone and not added and len(results["base"]) == len(results["new"])
    print(f"{len(results['base'])} findings ({args.base}) vs {len(results['new'])} ({args.tree}): "
          f"{'identical' if same else 'DIFFERENT'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
