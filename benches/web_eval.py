#!/usr/bin/env python3
"""Score newsline's HTML reader on the shared web sets, side by side with the
peers when they are installed.

    python3 benches/web_eval.py body  [--bin target/quick/newsline] [--peers PYTHON] [--pages N]
    python3 benches/web_eval.py dates [--bin target/quick/newsline] [--peers PYTHON] [--pages N]

`body` reads ../shared/web/body: the share of `with` snippets found in the
extracted text and of `without` snippets absent from it. `dates` reads
../shared/web/dates (or $NEWSLINE_SHARED/web/...): accuracy (right day among all pages) and precision (right
among the pages given a day). Pages go to newsline as one JSONL dump
(`{"id", "url", "html"}`), as a crawler stores them: the page's address is
evidence too. `--peers /work/venv-peers/bin/python` also runs trafilatura
(body) or htmldate (dates, extensive and fast) on the same pages and inputs,
and `--per-page FILE` writes every page's scores, for finding where a peer is
right and newsline is not. `--split dev|held` scores half of the pages (by a
hash of the file name): develop on `dev`, look at `held` at the end.
`--no-metadata` strips the pages' `<meta>` tags, JSON-LD and canonical link
and gives no URL, for every system: what the text alone tells of the day.
"""

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# The shared sets sit beside the project (`../shared`); NEWSLINE_SHARED names
# another place.
SHARED = os.path.join(os.environ.get("NEWSLINE_SHARED", os.path.join(HERE, "..", "..", "shared")), "web")

PEER_BODY = r"""
import json, sys, trafilatura
out = {}
for name, path, url in json.load(sys.stdin):
    html = open(path, encoding="utf-8", errors="replace").read()
    out[name] = trafilatura.extract(html, url=url) or ""
json.dump(out, sys.stdout)
"""

PEER_DATES = r"""
import json, sys
from htmldate import find_date
out = {}
for name, path, url in json.load(sys.stdin):
    html = open(path, encoding="utf-8", errors="replace").read()
    row = {}
    for mode, extensive in (("extensive", True), ("fast", False)):
        try:
            row[mode] = find_date(html, url=url, extensive_search=extensive, original_date=True)
        except Exception:
            row[mode] = None
    out[name] = row
json.dump(out, sys.stdout)
"""


def strip_metadata(html):
    """A page without the evidence a page states for machines."""
    html = re.sub(r"<meta[^>]*>", "", html, flags=re.I)
    html = re.sub(r"<script[^>]*ld\+json[^>]*>.*?</script>", "", html, flags=re.I | re.S)
    return re.sub(r"<link[^>]*canonical[^>]*>", "", html, flags=re.I)


def squash(text):
    return " ".join(text.split())


def in_split(name, split):
    if split == "all":
        return True
    odd = hashlib.sha1(name.encode()).digest()[0] % 2 == 1
    return odd if split == "held" else not odd


def run_newsline(binary, pages):
    """Records of newsline extract over the pages, by page name."""
    with tempfile.TemporaryDirectory() as tmp:
        dump = os.path.join(tmp, "pages.jsonl")
        with open(dump, "w", encoding="utf-8") as f:
            for name, path, url in pages:
                html = open(path, encoding="utf-8", errors="replace").read()
                f.write(json.dumps({"id": name, "url": url, "html": html}) + "\n")
        out = os.path.join(tmp, "out.jsonl")
        start = time.perf_counter()
        subprocess.run([binary, "extract", dump, "-o", out], check=True)
        seconds = time.perf_counter() - start
        records = {}
        with open(out, encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                records[r["id"]] = r
    return records, seconds


def run_peer(python, script, pages):
    start = time.perf_counter()
    got = subprocess.run(
        [python, "-c", script],
        input=json.dumps(pages),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(got.stdout), time.perf_counter() - start


def body_scores(text, gold):
    t = squash(text)
    found = sum(squash(s) in t for s in gold["with"])
    absent = sum(squash(s) not in t for s in gold["without"])
    return found, len(gold["with"]), absent, len(gold["without"])


def score_body(args, gold, pages):
    records, secs = run_newsline(args.bin, pages)
    systems = {"newsline": {n: r.get("text", "") for n, r in records.items()}}
    times = {"newsline": secs}
    if args.peers:
        systems["trafilatura"], times["trafilatura"] = run_peer(args.peers, PEER_BODY, pages)
    per_page = {}
    print(f"{'system':<12} {'with found':>10} {'without absent':>15} {'empty':>6} {'seconds':>8}")
    for system, texts in systems.items():
        tf = tw = ta = tn = empty = 0
        for name, _, _ in pages:
            text = texts.get(name, "")
            f, w, a, n = body_scores(text, gold[name])
            tf, tw, ta, tn = tf + f, tw + w, ta + a, tn + n
            empty += not text.strip()
            per_page.setdefault(name, {})[system] = [f, w, a, n]
        print(f"{system:<12} {tf / tw:>10.3f} {ta / tn:>15.3f} {empty:>6} {times[system]:>8.2f}")
    return per_page


def score_dates(args, gold, pages):
    records, secs = run_newsline(args.bin, pages)
    systems = {
        "newsline": {
            n: ((r.get("published") or {}).get("value"), (r.get("published") or {}).get("basis"))
            for n, r in records.items()
        }
    }
    times = {"newsline": secs}
    if args.peers:
        peer, secs = run_peer(args.peers, PEER_DATES, pages)
        for mode in ("extensive", "fast"):
            systems[f"htmldate-{mode[:4]}"] = {n: (row[mode], None) for n, row in peer.items()}
            times[f"htmldate-{mode[:4]}"] = secs / 2
    per_page = {}
    print(f"{'system':<14} {'accuracy':>8} {'precision':>9} {'given':>6} {'seconds':>8}")
    for system, dates in systems.items():
        right = given = 0
        for name, _, _ in pages:
            date, basis = dates.get(name, (None, None))
            given += date is not None
            right += date == gold[name]["date"]
            per_page.setdefault(name, {"gold": gold[name]["date"]})[system] = [date, basis]
        n = len(pages)
        print(
            f"{system:<14} {right / n:>8.3f} {right / max(given, 1):>9.3f} {given:>6} {times[system]:>8.2f}"
        )
    return per_page


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("set", choices=["body", "dates"])
    ap.add_argument("--bin", default=os.path.join(HERE, "..", "target", "quick", "newsline"))
    ap.add_argument("--dir", help="the set's folder (default ../shared/web/SET)")
    ap.add_argument("--peers", help="a Python with trafilatura and htmldate installed")
    ap.add_argument("--split", choices=["all", "dev", "held"], default="all")
    ap.add_argument("--per-page", help="write per-page results (JSON) to this file")
    ap.add_argument("--no-metadata", action="store_true", help="strip metadata and URLs first")
    args = ap.parse_args()
    folder = args.dir or os.path.join(SHARED, args.set)
    gold_path = os.path.join(folder, "gold.json")
    if not os.path.exists(gold_path):
        print(f"skipped: {gold_path} is absent", file=sys.stderr)
        return 0
    gold = json.load(open(gold_path, encoding="utf-8"))
    pages = [
        (name, os.path.join(folder, "pages", name), g.get("url"))
        for name, g in sorted(gold.items())
        if in_split(name, args.split) and os.path.exists(os.path.join(folder, "pages", name))
    ]
    if args.no_metadata:
        # The stripped copies live as long as the run.
        stripped = tempfile.mkdtemp()
        for i, (name, path, _) in enumerate(pages):
            copy = os.path.join(stripped, name)
            with open(copy, "w", encoding="utf-8") as f:
                f.write(strip_metadata(open(path, encoding="utf-8", errors="replace").read()))
            pages[i] = (name, copy, None)
    print(f"{len(pages)} pages of {folder} ({args.split}{', no metadata' if args.no_metadata else ''})")
    per_page = (score_body if args.set == "body" else score_dates)(args, gold, pages)
    if args.per_page:
        with open(args.per_page, "w", encoding="utf-8") as f:
            json.dump(per_page, f, indent=1, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
