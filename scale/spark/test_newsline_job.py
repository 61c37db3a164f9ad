"""The Spark job's map and reduce without Spark: its units of work, run one by
one through the binary as the tasks run them, must give the bytes of one
`newsline extract` over the same inputs, and `newsline timeline` over the
parts the timeline of the whole.

    NEWSLINE_BIN=target/release/newsline python3 -m unittest scale/spark/test_newsline_job.py

`cargo test --test spark_job` runs it with the debug binary.
"""

import os
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import newsline_job as job  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
BIN = os.environ.get("NEWSLINE_BIN", "")
# ../shared beside the project, or where NEWSLINE_SHARED says.
SHARED = os.environ.get("NEWSLINE_SHARED", os.path.join(ROOT, "..", "shared"))


def single_run(paths, out_dir):
    """Records and rejections of one `newsline extract` over `paths`."""
    records = os.path.join(out_dir, "single.jsonl")
    errors = os.path.join(out_dir, "single-errors.jsonl")
    cmd = [BIN, "extract", "-o", records, "--errors", errors, "--"] + paths
    subprocess.run(cmd, check=True, capture_output=True)
    return read(records), read(errors)


def mapped(paths, split, out_dir):
    """Records and rejections of the job's units, run in order as its tasks
    would be, concatenated in part order."""
    for sub in ("records", "errors"):
        os.makedirs(os.path.join(out_dir, sub))
    units = job.plan(paths, split)
    counts = [job.count_newlines(*u[1:]) if u[0] == "lines" else None for u in units]
    for part, (unit, first) in enumerate(zip(units, job.first_lines(units, counts))):
        job.run_unit(BIN, unit, first, out_dir, part, 1, [])
    return parts(out_dir, "records"), parts(out_dir, "errors"), len(units)


def parts(out_dir, sub):
    d = os.path.join(out_dir, sub)
    return b"".join(read(os.path.join(d, n)) for n in sorted(os.listdir(d)))


def read(path):
    with open(path, "rb") as f:
        return f.read()


# Articles with ids and without, blank lines, a CRLF line, a broken line and a
# line with no text: every way a line can end up in the records or errors.
LINES = [
    b'{"id": "a1", "title": "Acme Corp raises $5 million", "published": "2021-03-02",'
    b' "text": "Acme Corp said on Monday it raised $5 million from investors."}\n',
    b"\n",
    b'{"title": "No id here", "published": "2020-01-05",'
    b' "text": "The Commerce Department said on Friday it would review the deal."}\r\n',
    b"{not json\n",
    b'{"id": "a4", "title": "Empty"}\n',
    b"   \n",
    b'{"id": 17, "published": "2019-10-08", "text": "Zeta Holdings shares fell 3% on'
    b' Tuesday after the U.S. added the company to its Entity List."}\n',
    b'{"id": "a6", "published": "2018-04-16", "text": "Delta Ltd will pay a fine of 1.2'
    b' billion yuan ($190 million), it said in a statement."}',
]


@unittest.skipUnless(os.path.isabs(BIN) and os.access(BIN, os.X_OK), "NEWSLINE_BIN is not set")
class MapEqualsOneRun(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.jsonl = os.path.join(self.dir, "dump.jsonl")
        with open(self.jsonl, "wb") as f:
            f.write(b"".join(LINES))

    def tearDown(self):
        self.tmp.cleanup()

    def test_ranges_start_on_lines_and_cover_the_file(self):
        data = b"".join(LINES)
        for split in (1, 7, 100, 250, len(data), 10 * len(data)):
            ranges = job.line_ranges(self.jsonl, split)
            self.assertEqual(ranges[0][0], 0)
            self.assertEqual(ranges[-1][1], len(data))
            for (_, end), (start, _) in zip(ranges, ranges[1:]):
                self.assertEqual(end, start)
                self.assertEqual(data[start - 1 : start], b"\n", (split, start))

    def test_files_in_one_range_each_need_no_count(self):
        units = job.plan([self.jsonl, self.jsonl], 1 << 20)
        self.assertEqual([u[0] for u in units], ["lines", "lines"])
        self.assertEqual(job.first_lines(units, [None, None]), [1, 1])

    def test_every_split_gives_the_bytes_of_one_run(self):
        want = single_run([self.jsonl], self.dir)
        self.assertEqual(want[0].count(b"\n"), 4, want[0][:300])
        self.assertEqual(want[1].count(b"\n"), 2, want[1])
        for split in (1, 150, 400, 1 << 20):
            with self.subTest(split=split):
                out = os.path.join(self.dir, "out-%d" % split)
                records, errors, _ = mapped([self.jsonl], split, out)
                self.assertEqual(records, want[0])
                self.assertEqual(errors, want[1])

    def test_a_file_given_twice_is_numbered_twice(self):
        want = single_run([self.jsonl, self.jsonl], self.dir)
        records, errors, _ = mapped([self.jsonl, self.jsonl], 200, os.path.join(self.dir, "out"))
        self.assertEqual(records, want[0])
        self.assertEqual(errors, want[1])

    def test_corpus_directory_and_missing_path(self):
        paths = [os.path.join(ROOT, "corpus"), os.path.join(self.dir, "missing.md")]
        want = single_run(paths, self.dir)
        records, errors, units = mapped(paths, 4096, os.path.join(self.dir, "out"))
        self.assertGreater(units, 3)
        self.assertEqual(records, want[0])
        self.assertEqual(errors, want[1])
        self.assertIn(b"not_found", errors)

    def test_timeline_over_parts_equals_the_timeline_of_the_articles(self):
        # The seeds: three of five have no date of their own and borrow one
        # from the others, which a partition may not hold.
        seeds = os.path.join(SHARED, "seeds")
        if not os.path.isdir(seeds):
            self.skipTest("%s is absent" % seeds)
        files = job.input_files([seeds])
        # Two articles in the first part, the rest in the next ones: an
        # article of a later part would borrow from the first ones in a run
        # over all five, and borrows a later date, or none, in its part.
        split = sum(os.path.getsize(f) for f in files[:2])
        out = os.path.join(self.dir, "out")
        _, _, units = mapped([seeds], split, out)
        self.assertGreater(units, 1)
        job.run_timeline(BIN, out, None, 1)
        whole = subprocess.run(
            [BIN, "timeline", seeds, "--format", "json"], check=True, capture_output=True
        ).stdout
        self.assertEqual(read(os.path.join(out, "timeline.json")), whole)


if __name__ == "__main__":
    unittest.main()
