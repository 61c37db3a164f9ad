"""newsline on Apache Spark: the binary is the map step, `newsline timeline`
the reduce step.

    NEWSLINE_BIN=/abs/path/newsline spark-submit scale/spark/newsline_job.py \\
        INPUT... --out DIR [--timeline] [--entity NAME] [--partition-mb N]

Inputs are files or directories on a file system every executor mounts (a
local disk in local mode; NFS, Lustre, a Kubernetes shared volume on a
cluster). They become units of work:

* a `.jsonl` / `.ndjson` file is cut into byte ranges on line boundaries;
  each range is piped to `newsline extract -` with `--stdin-name FILE
  --stdin-first-line N`, so its records carry the same `source`, line and
  default id as a run over the whole file;
* every other file (`.jsonl.gz`, which cannot be split, WARC, HTML,
  Markdown, text) is handed to the binary by path, small files batched
  together, so the binary reads each format exactly as it does alone.

Each unit is one Spark task; it writes DIR/records/part-NNNNN.jsonl and, when
it rejected inputs, DIR/errors/part-NNNNN.jsonl (the lines of `--errors`).
Parts are numbered in input order, so the records read in part order are
the records of one `newsline extract` over the same inputs.

With `--timeline` (or `--entity`) one more task runs `newsline timeline` over
DIR/records and writes DIR/timeline.json: entities are canonicalised and
events merged across every partition there, and articles without a date of
their own borrow one from the whole corpus (see README, "Scale out").

The helpers above `main` use only the standard library, so they can be
tested without Spark.
"""

import argparse
import json
import os
import stat
import subprocess
import sys
import tempfile
import time

# Bytes read from an input and written to the binary per call.
CHUNK = 1 << 20
# Files ending so are JSON lines and may be cut on line boundaries.
SPLITTABLE = (".jsonl", ".ndjson")


# ---------------------------------------------------------------- inputs


def input_files(paths):
    """Every input file under `paths` as the binary walks them: directories
    recursively, entries sorted by name (bytes), hidden entries skipped below
    the top; paths that do not exist are kept, for the binary to reject."""
    out = []
    for path in paths:
        if os.path.isdir(path):
            out.extend(_walk(path))
        else:
            out.append(path)
    return out


def _walk(directory):
    entries = sorted(os.scandir(directory), key=lambda e: os.fsencode(e.name))
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(os.path.join(directory, entry.name))
        else:
            yield os.path.join(directory, entry.name)


def is_splittable(path):
    return path.lower().endswith(SPLITTABLE) and os.path.isfile(path)


def line_ranges(path, split_bytes):
    """Cut a file into byte ranges of about `split_bytes`, each beginning at
    the start of a line."""
    size = os.path.getsize(path)
    starts = [0]
    with open(path, "rb") as f:
        target = split_bytes
        while target < size:
            start = next_line_start(f, target, size)
            if start >= size:
                break
            starts.append(start)
            target = start + split_bytes
    return list(zip(starts, starts[1:] + [size]))


def next_line_start(f, pos, size):
    """The first offset at or after `pos` where a line begins (`size` when
    none does)."""
    offset = pos - 1
    f.seek(offset)
    while True:
        block = f.read(CHUNK)
        if not block:
            return size
        i = block.find(b"\n")
        if i >= 0:
            return offset + i + 1
        offset += len(block)


def plan(paths, split_bytes):
    """Units of work in input order: ("lines", path, start, end) for a byte
    range of a JSON lines file, ("files", [paths]) for whole files batched up
    to about `split_bytes`."""
    units = []
    batch, batch_bytes = [], 0
    for path in input_files(paths):
        if is_splittable(path):
            if batch:
                units.append(("files", batch))
                batch, batch_bytes = [], 0
            for start, end in line_ranges(path, split_bytes):
                units.append(("lines", path, start, end))
            continue
        batch.append(path)
        batch_bytes += os.path.getsize(path) if os.path.isfile(path) else 0
        if batch_bytes >= split_bytes:
            units.append(("files", batch))
            batch, batch_bytes = [], 0
    if batch:
        units.append(("files", batch))
    return units


def count_newlines(path, start, end):
    """How many newlines the byte range holds."""
    n = 0
    for block in read_range(path, start, end):
        n += block.count(b"\n")
    return n


def read_range(path, start, end):
    with open(path, "rb") as f:
        f.seek(start)
        left = end - start
        while left > 0:
            block = f.read(min(CHUNK, left))
            if not block:
                break
            left -= len(block)
            yield block


def first_lines(units, newline_counts):
    """The number of each unit's first line in its file (None for whole
    files), from the newline count of every unit (None for whole files, and
    for ranges when every range starts its file). The ranges of a file
    follow each other, the first at offset 0 (a file given twice is numbered
    twice from 1, as the binary does)."""
    out = []
    line = 1
    for unit, count in zip(units, newline_counts):
        if unit[0] != "lines":
            out.append(None)
            continue
        if unit[2] == 0:
            line = 1
        out.append(line)
        if count is not None:
            line += count
    return out


# ---------------------------------------------------------------- one task


def extract_command(binary, unit, first_line, records, errors, threads, extra):
    """The command line of the binary for one unit."""
    cmd = [binary, "extract", "-o", records, "--errors", errors, "--jobs", str(threads)]
    cmd += extra
    if unit[0] == "lines":
        cmd += ["-", "--stdin-name", unit[1], "--stdin-first-line", str(first_line)]
    else:
        cmd += ["--"] + list(unit[1])
    return cmd


def child_env(binary, threads):
    """The child's whole environment: nothing of the executor's leaks in."""
    return {
        "PATH": os.path.dirname(binary) + os.pathsep + "/usr/bin:/bin",
        "RAYON_NUM_THREADS": str(threads),
        "LC_ALL": "C.UTF-8",
    }


def run_unit(binary, unit, first_line, out_dir, part, threads, extra):
    """Run the binary over one unit; write its records and rejections as
    part files of `out_dir`. Raises when the binary fails, so Spark retries
    the task and finally fails the job instead of losing the unit."""
    name = "part-%05d.jsonl" % part
    records_dir = os.path.join(out_dir, "records")
    errors_dir = os.path.join(out_dir, "errors")
    started = time.time()
    with tempfile.TemporaryDirectory(dir=records_dir, prefix=".tmp-") as tmp:
        records = os.path.join(tmp, "records.jsonl")
        errors = os.path.join(tmp, "errors.jsonl")
        cmd = extract_command(binary, unit, first_line, records, errors, threads, extra)
        with tempfile.TemporaryFile() as stderr:
            child = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE if unit[0] == "lines" else subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                env=child_env(binary, threads),
            )
            size = 0
            if unit[0] == "lines":
                size = feed(child, unit[1], unit[2], unit[3])
            else:
                size = sum(os.path.getsize(p) for p in unit[1] if os.path.isfile(p))
            code = child.wait()
            stderr.seek(0)
            message = stderr.read().decode("utf-8", "replace").strip()
        documents = line_count(records) if os.path.exists(records) else 0
        rejected = line_count(errors) if os.path.exists(errors) else 0
        # Exit 1 with no record says the unit produced nothing (every input
        # rejected, or a slice of blank lines): a fair outcome for one slice
        # of a larger run, whose errors part records the rejections. Any
        # other failure is the task's.
        nothing = (
            code == 1
            and not documents
            and message.endswith(("nothing produced", "nothing to do"))
        )
        if code != 0 and not nothing:
            raise RuntimeError(
                "newsline exited with %d on %s: %s" % (code, describe(unit), message[-2000:])
            )
        if not os.path.exists(records):
            open(records, "wb").close()
        # Rename into place: a retried or speculative attempt writes the same
        # bytes, and readers never see a half-written part.
        os.replace(records, os.path.join(records_dir, name))
        if rejected:
            os.replace(errors, os.path.join(errors_dir, name))
    return {
        "part": part,
        "unit": describe(unit),
        "documents": documents,
        "rejected": rejected,
        "bytes": size,
        "seconds": time.time() - started,
    }


def feed(child, path, start, end):
    """Write a byte range to the child's stdin; the bytes written."""
    size = 0
    try:
        for block in read_range(path, start, end):
            child.stdin.write(block)
            size += len(block)
    except BrokenPipeError:
        pass  # the child stopped early: its exit code and stderr say why
    finally:
        try:
            child.stdin.close()
        except BrokenPipeError:
            pass
    return size


def line_count(path):
    with open(path, "rb") as f:
        return sum(block.count(b"\n") for block in iter(lambda: f.read(CHUNK), b""))


def describe(unit):
    if unit[0] == "lines":
        return "%s bytes %d..%d" % (unit[1], unit[2], unit[3])
    head = unit[1][0] if unit[1] else "nothing"
    return "%s (%d files)" % (head, len(unit[1]))


def find_binary(path):
    """The binary on this node: the path itself, else the copy `--files`
    shipped into the task's working directory."""
    if not os.path.isfile(path):
        from pyspark import SparkFiles

        path = SparkFiles.get(os.path.basename(path))
    if not os.access(path, os.X_OK):
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def run_timeline(binary, out_dir, entity, threads):
    """The reduce: `newsline timeline` over every part, in part order."""
    cmd = [binary, "timeline", os.path.join(out_dir, "records"), "--format", "json"]
    cmd += ["-o", os.path.join(out_dir, "timeline.json"), "--jobs", str(threads)]
    if entity:
        cmd += ["--entity", entity]
    done = subprocess.run(cmd, capture_output=True, env=child_env(binary, threads))
    message = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        raise RuntimeError("newsline timeline exited with %d: %s" % (done.returncode, message))
    return message


# ---------------------------------------------------------------- driver


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="newsline_job.py",
        description="newsline extract (map) and timeline (reduce) on Spark.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--timeline", action="store_true", help="also write DIR/timeline.json")
    p.add_argument("--entity", help="the timeline of this entity only (implies --timeline)")
    p.add_argument(
        "--partition-mb",
        type=float,
        help="input per task (default: about three tasks per core, at most 128)",
    )
    p.add_argument("--no-text", action="store_true", help="leave `text` out of the records")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    binary = os.environ.get("NEWSLINE_BIN", "")
    if not os.path.isabs(binary):
        sys.exit("newsline_job: set NEWSLINE_BIN to the binary's absolute path (got %r)" % binary)
    out_dir = os.path.abspath(args.out)
    if os.path.exists(out_dir) and (not os.path.isdir(out_dir) or os.listdir(out_dir)):
        sys.exit("newsline_job: %s exists and is not an empty directory" % out_dir)
    if args.partition_mb is not None and args.partition_mb <= 0:
        sys.exit("newsline_job: --partition-mb must be positive")
    if "-" in args.inputs:
        sys.exit("newsline_job: inputs are files or directories; stdin (-) is not read")
    # Paths as given, so records name their source as a run of the binary
    # with the same arguments does (give absolute paths on a cluster).
    inputs = args.inputs
    if any("://" in p for p in inputs):
        sys.exit("newsline_job: inputs are paths on a file system every executor mounts, not URIs")

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("newsline").getOrCreate()
    sc = spark.sparkContext
    threads = int(sc.getConf().get("spark.task.cpus", "1"))
    total = sum(os.path.getsize(f) for f in input_files(inputs) if os.path.isfile(f))
    if args.partition_mb:
        split = int(args.partition_mb * (1 << 20))
    else:
        split = min(128 << 20, max(1 << 20, total // max(1, 3 * sc.defaultParallelism)))
    units = plan(inputs, max(1, split))
    for sub in ("records", "errors"):
        os.makedirs(os.path.join(out_dir, sub), exist_ok=True)
    started = time.time()

    # Pass 1: newlines per range, so each range knows its first line's number.
    def newlines(unit):
        return count_newlines(unit[1], unit[2], unit[3]) if unit[0] == "lines" else None

    n = max(1, len(units))
    if any(unit[0] == "lines" and unit[2] > 0 for unit in units):
        counts = sc.parallelize(units, n).map(newlines).collect()
    else:
        counts = [None] * len(units)  # every range starts its file: line 1
    numbered = list(enumerate(zip(units, first_lines(units, counts))))
    counted = time.time()

    # Pass 2, the map: one task per unit.
    extra = ["--no-text"] if args.no_text else []

    def task(item):
        part, (unit, first) = item
        return run_unit(find_binary(binary), unit, first, out_dir, part, threads, extra)

    parts = sc.parallelize(numbered, n).map(task).collect()
    documents = sum(p["documents"] for p in parts)
    rejected = sum(p["rejected"] for p in parts)
    size = sum(p["bytes"] for p in parts)
    mapped = time.time()
    print(
        "newsline_job: map: %d documents, %d rejected, %.1f MB in %d tasks, %.2f s"
        " (numbering lines %.2f s), %.1f MB/s"
        % (
            documents,
            rejected,
            size / 1e6,
            len(parts),
            mapped - started,
            counted - started,
            size / 1e6 / max(mapped - started, 1e-9),
        )
    )

    # The reduce: one task, over the records of every partition.
    if args.timeline or args.entity:
        entity = args.entity
        message = (
            sc.parallelize([0], 1)
            .map(lambda _: run_timeline(find_binary(binary), out_dir, entity, threads))
            .collect()[0]
        )
        print("newsline_job: reduce: %.2f s, %s" % (time.time() - mapped, message))
    spark.stop()


if __name__ == "__main__":
    main()
