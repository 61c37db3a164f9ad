#!/usr/bin/env python3
"""Figures of the store on Reuters-21578, for the README.

    cargo build --profile quick   # or --release
    python3 benches/store_figures.py [target/quick/newsline] [../shared/corpora/reuters21578.jsonl]

Index throughput against plain `extract -o` (the two interleaved, three
rounds each, median), database size per MB of input, the time of a re-index
with nothing changed, and query latency p50/p95 of the app's API on the
Reuters index: the timeline of each of the 100 most widely named entities
and a full-text search for each of their names, one request at a time.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/quick/newsline"
INPUT = sys.argv[2] if len(sys.argv) > 2 else "../shared/corpora/reuters21578.jsonl"
ROUNDS = 3


def timed(args):
    start = time.perf_counter()
    subprocess.run(args, check=True, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def percentile(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * q))]


def main():
    mb = os.path.getsize(INPUT) / 1e6
    tmp = tempfile.mkdtemp(prefix="newsline-store-")
    db = os.path.join(tmp, "reuters.db")
    extract_s, index_s = [], []
    for _ in range(ROUNDS):
        extract_s.append(timed([BIN, "extract", INPUT, "-o", os.path.join(tmp, "r.jsonl")]))
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)
        index_s.append(timed([BIN, "index", INPUT, "--db", db]))
    reindex_s = timed([BIN, "index", INPUT, "--db", db])
    size = sum(os.path.getsize(db + s) for s in ("", "-wal") if os.path.exists(db + s)) / 1e6
    ext, idx = statistics.median(extract_s), statistics.median(index_s)
    print(f"input: {mb:.1f} MB; rounds: {ROUNDS}, interleaved; medians")
    print(f"extract -o: {ext:.2f} s ({mb / ext:.1f} MB/s)")
    print(f"index:      {idx:.2f} s ({mb / idx:.1f} MB/s), {ext / idx:.2f}x the speed of extract -o")
    print(f"re-index, nothing changed: {reindex_s:.2f} s")
    print(f"database: {size:.1f} MB, {size / mb:.2f} MB per MB of input")

    entities = json.loads(
        subprocess.run(
            [BIN, "entities", "--db", db, "--format", "json"], check=True, capture_output=True
        ).stdout
    )[:100]
    names = [e["name"] for e in entities]
    server = subprocess.Popen(
        [BIN, "serve", "--db", db, "--addr", "127.0.0.1:0"], stderr=subprocess.PIPE, text=True
    )
    try:
        line = server.stderr.readline()
        base = "http://" + line.split("http://")[1].strip().rstrip("/")

        def latencies(path_of):
            out = []
            for name in names:
                url = base + path_of(urllib.parse.quote(name))
                start = time.perf_counter()
                with urllib.request.urlopen(url) as r:
                    r.read()
                out.append(time.perf_counter() - start)
            return out

        for label, path_of in [
            ("timeline", lambda q: f"/api/timeline?entity={q}"),
            ("search", lambda q: f"/api/search?q={q}"),
        ]:
            xs = latencies(path_of)
            print(
                f"{label}: {len(xs)} requests, p50 {percentile(xs, 0.5) * 1e3:.1f} ms, "
                f"p95 {percentile(xs, 0.95) * 1e3:.1f} ms"
            )
    finally:
        server.kill()
        server.wait()
    cli = timed([BIN, "timeline", "--db", db, "--format", "json"])
    print(f"timeline --db (whole corpus, every entity, JSON): {cli:.2f} s")


if __name__ == "__main__":
    main()
