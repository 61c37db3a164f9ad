#!/usr/bin/env bash
# Opt-in check of the Spark recipe (not in the default CI: the pyspark wheel
# is about 500 MB). Runs scale/spark/newsline_job.py with --master local[2]
# on Reuters-21578 and checks that
#   - its records, sorted, equal those of `newsline extract` run alone on the
#     same input, byte for byte (and its rejections likewise);
#   - its timeline.json equals `newsline timeline` over those records;
# then prints the wall time of both.
#
#   bash scale/spark/check.sh
#
# Needs Java 17 or later and Python 3; installs pyspark into
# target/spark-venv and builds the release binary (or uses NEWSLINE_BIN).
# Skips, exit 0, when ../shared or java is absent. Environment:
#   NEWSLINE_SHARED  the shared data (default: ../shared beside the project)
#   NEWSLINE_BIN     a newsline binary to use instead of building one
#   REPEAT=N         concatenate the input N times (default 1), for a
#                    throughput figure less dominated by Spark's start-up
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${NEWSLINE_SHARED:-$root/../shared}"
corpus="$shared/corpora/reuters21578.jsonl"
pyspark_version="4.0.1"

skip() {
    echo "skipped: $*"
    exit 0
}

[ -f "$corpus" ] || skip "$corpus is absent"
command -v java >/dev/null || skip "java is absent (Spark needs Java 17 or later)"
java_major="$(java -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print v[1]; exit}')"
[ "${java_major:-0}" -ge 17 ] 2>/dev/null || skip "java ${java_major:-?} is older than 17"
command -v python3 >/dev/null || skip "python3 is absent"

venv="$root/target/spark-venv"
if [ ! -x "$venv/bin/spark-submit" ]; then
    echo "installing pyspark $pyspark_version into $venv"
    if ! python3 -m venv "$venv"; then
        # Debian's python3 leaves venv to a package of its own.
        if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
            apt-get install -y -q python3-venv
            rm -rf "$venv"
            python3 -m venv "$venv"
        else
            echo "FAILED: python3 -m venv: install python3-venv"
            exit 1
        fi
    fi
    "$venv/bin/pip" install --quiet "pyspark==$pyspark_version"
fi

if [ -n "${NEWSLINE_BIN:-}" ]; then
    bin="$NEWSLINE_BIN"
else
    (cd "$root" && cargo build --release --quiet)
    bin="$root/target/release/newsline"
fi
case "$bin" in
/*) ;;
*) bin="$(pwd)/$bin" ;;
esac

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

input="$corpus"
repeat="${REPEAT:-1}"
if [ "$repeat" -gt 1 ]; then
    input="$work/reuters-x$repeat.jsonl"
    for _ in $(seq "$repeat"); do cat "$corpus"; done >"$input"
fi
mb="$(awk -v b="$(stat -c %s "$input")" 'BEGIN { printf "%.1f", b / 1e6 }')"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "newsline extract alone, 2 threads, $input (${mb} MB)"
t0="$(now)"
"$bin" extract "$input" --jobs 2 -o "$work/single.jsonl" --errors "$work/single-errors.jsonl"
t1="$(now)"
"$bin" timeline "$work/single.jsonl" --jobs 2 --format json -o "$work/single-timeline.json"
t1b="$(now)"

echo "spark-submit --master local[2] newsline_job.py (log: spark.log)"
# Spark binds to the machine's name; a sandbox may not resolve it.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# spark-submit finds Spark, and runs the job, with the venv's Python.
export PATH="$venv/bin:$PATH" PYSPARK_PYTHON="$venv/bin/python3"
t2="$(now)"
if ! NEWSLINE_BIN="$bin" "$venv/bin/spark-submit" --master 'local[2]' \
    --conf spark.ui.enabled=false \
    "$here/newsline_job.py" "$input" --out "$work/spark" --timeline \
    >"$work/spark.log" 2>&1; then
    tail -n 40 "$work/spark.log"
    echo "FAILED: the Spark job did not finish"
    exit 1
fi
t3="$(now)"
grep '^newsline_job:' "$work/spark.log"

failed=0
LC_ALL=C sort "$work/single.jsonl" >"$work/single.sorted"
cat "$work"/spark/records/part-*.jsonl | LC_ALL=C sort >"$work/spark.sorted"
if cmp -s "$work/single.sorted" "$work/spark.sorted"; then
    echo "ok: $(wc -l <"$work/spark.sorted") records, sorted, equal byte for byte"
else
    echo "FAILED: the records differ"
    cmp "$work/single.sorted" "$work/spark.sorted" || true
    failed=1
fi
# Parts only exist for tasks that rejected something.
find "$work/spark/errors" -name 'part-*.jsonl' -exec cat {} + | LC_ALL=C sort >"$work/spark-errors.sorted"
if LC_ALL=C sort "$work/single-errors.jsonl" | cmp -s - "$work/spark-errors.sorted"; then
    echo "ok: $(wc -l <"$work/spark-errors.sorted") rejections, equal"
else
    echo "FAILED: the rejections differ"
    failed=1
fi
if cmp -s "$work/single-timeline.json" "$work/spark/timeline.json"; then
    echo "ok: timeline.json equals newsline timeline over the records"
else
    echo "FAILED: the timelines differ"
    failed=1
fi

single="$(elapsed "$t0" "$t1")"
reduce="$(elapsed "$t1" "$t1b")"
spark="$(elapsed "$t2" "$t3")"
spark_map="$(sed -n 's/^newsline_job: map: .* in [0-9]* tasks, \([0-9.]*\) s .*/\1/p' "$work/spark.log")"
echo "wall time, newsline alone: extract ${single} s, timeline ${reduce} s"
echo "wall time, spark-submit local[2]: ${spark} s in all (JVM and Python start-up, map, reduce), map ${spark_map} s"
awk -v a="$single" -v m="$spark_map" -v t="$spark" -v r="$reduce" -v mb="$mb" 'BEGIN {
    printf "throughput: extract alone %.1f MB/s; Spark map %.1f MB/s (%.2fx of extract alone); end to end %.2fx of extract + timeline alone\n",
        mb / a, mb / m, a / m, (a + r) / t
}'
if [ "$failed" -ne 0 ]; then
    exit 1
fi
echo "check passed"
