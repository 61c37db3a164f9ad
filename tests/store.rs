//! The store: `index` into SQLite, then `timeline --db`, `entities --db` and
//! `search` on it. A timeline read from the store equals, byte for byte, the
//! timeline of the same inputs read from files, whatever `timeline` writes.

mod common;

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Output;

fn newsline() -> Command {
    let mut cmd = Command::cargo_bin("newsline").unwrap();
    cmd.current_dir(common::root());
    cmd
}

fn run(args: &[&str]) -> Output {
    let out = newsline().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "newsline {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn index(paths: &[&str], db: &Path) -> String {
    let mut args = vec!["index"];
    args.extend(paths);
    let db = db.to_str().unwrap();
    args.extend(["--db", db]);
    String::from_utf8(run(&args).stderr).unwrap()
}

/// `timeline` on the files and on the store, for each set of filters.
fn assert_same_timelines(paths: &[&str], db: &Path, filters: &[&[&str]]) {
    for filter in filters {
        let mut from_files = vec!["timeline", "--format", "json"];
        from_files.extend(paths);
        from_files.extend(*filter);
        let mut from_db = vec!["timeline", "--format", "json", "--db", db.to_str().unwrap()];
        from_db.extend(*filter);
        let files = run(&from_files).stdout;
        let stored = run(&from_db).stdout;
        assert!(files.len() > 20, "an empty timeline proves nothing");
        assert!(
            files == stored,
            "timeline {filter:?} differs between files and --db:\n{}\n---\n{}",
            String::from_utf8_lossy(&files),
            String::from_utf8_lossy(&stored)
        );
    }
}

/// `../shared` (or `NEWSLINE_SHARED`), when present.
fn shared() -> Option<PathBuf> {
    match std::env::var_os("NEWSLINE_SHARED") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => common::shared(),
    }
}

#[test]
fn the_corpus_timeline_from_the_store_equals_the_one_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    let summary = index(&["corpus"], &db);
    assert!(summary.contains(" 0 unchanged"), "{summary}");
    assert_same_timelines(
        &["corpus"],
        &db,
        &[
            &[],
            &["--entity", "SenseTime"],
            &["--entity", "sensetime group", "--type", "ipo_halted"],
            &["--from", "2021-01-01", "--to", "2021-12-31"],
            &["--min-sources", "2"],
        ],
    );
    let entities = |extra: &[&str]| {
        let mut args = vec!["entities", "--format", "json"];
        args.extend(extra);
        run(&args).stdout
    };
    let db_arg = db.to_str().unwrap();
    assert_eq!(entities(&["corpus"]), entities(&["--db", db_arg]));
    assert_eq!(
        entities(&["corpus", "--kind", "agency"]),
        entities(&["--db", db_arg, "--kind", "agency"])
    );
}

#[test]
fn the_seed_timeline_from_the_store_equals_the_one_from_files() {
    let Some(shared) = shared() else { return };
    let seeds = shared.join("seeds");
    let seeds = seeds.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    index(&[seeds], &db);
    // Some seeds have no date of their own and borrow one across articles.
    assert_same_timelines(&[seeds], &db, &[&[], &["--entity", "SenseTime"]]);
}

#[test]
fn search_finds_sentences_best_first_with_their_mentions() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("corpus.db");
    index(&["corpus"], &db);
    let db = db.to_str().unwrap();
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["search", "--db", db, "--format", "json"];
        all.extend(args);
        serde_json::from_slice(&run(&all).stdout).unwrap()
    };
    let hits = json(&["IPO", "--entity", "SenseTime", "--from", "2021-12-15"]);
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        assert!(h["sentence"].as_str().unwrap().contains("IPO"), "{h}");
        assert!(h["published"].as_str().unwrap() >= "2021-12-15", "{h}");
        let names = h["mentions"].as_array().unwrap();
        assert!(names
            .iter()
            .any(|m| m["text"].as_str().unwrap().starts_with("SenseTime")));
    }
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] <= w[1]), "{scores:?}");
    // Stems match: "sanction" finds "sanctions".
    let hits = json(&["sanction"]);
    assert!(hits
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["sentence"].as_str().unwrap().contains("sanctions")));
    // FTS5 syntax in the query is only text.
    assert_eq!(json(&["\"NEAR(* OR"]).as_array().unwrap().len(), 0);
    let table = String::from_utf8(run(&["search", "--db", db, "IPO"]).stdout).unwrap();
    assert!(table.starts_with("DATE"), "{table}");
}

#[test]
fn reindexing_does_only_the_new_work() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    copy_dir(&common::root().join("corpus/sensetime"), &corpus);
    let db = dir.path().join("news.db");
    let corpus_arg = corpus.to_str().unwrap();
    let first = index(&[corpus_arg], &db);
    let n = std::fs::read_dir(&corpus).unwrap().count();
    assert!(
        first.contains(&format!("{n} extracted (0 replaced), 0 unchanged")),
        "{first}"
    );
    let again = index(&[corpus_arg], &db);
    assert!(
        again.contains(&format!("0 extracted (0 replaced), {n} unchanged")),
        "{again}"
    );

    // One article changes: it alone is analysed again, and the timeline
    // follows it.
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let text = std::fs::read_to_string(&files[0]).unwrap();
    std::fs::write(&files[0], text.replace("SenseTime", "Sensetime Holdings")).unwrap();
    let changed = index(&[corpus_arg], &db);
    assert!(
        changed.contains(&format!("1 extracted (1 replaced), {} unchanged", n - 1)),
        "{changed}"
    );
    assert!(changed.contains(&format!("{n} documents")), "{changed}");
    assert_same_timelines(&[corpus_arg], &db, &[&[]]);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
    }
}

#[test]
fn a_database_of_another_kind_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("notes.db");
    std::fs::write(&bad, "these are my notes, not a database of any kind").unwrap();
    for args in [
        vec!["timeline", "--db"],
        vec!["entities", "--db"],
        vec!["index", "corpus", "--db"],
    ] {
        let out = newsline().args(&args).arg(&bad).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("not a newsline database"), "{args:?}: {err}");
    }
    let missing = dir.path().join("missing.db");
    let out = newsline()
        .args(["search", "x", "--db"])
        .arg(&missing)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("newsline index"));
    assert!(!missing.exists(), "a reader creates no database");
}

/// Kill an index run of Reuters mid-way (SIGKILL: no cleanup), run it
/// again, and compare with a run never interrupted.
#[test]
fn an_index_run_killed_mid_way_finishes_on_the_next_run() {
    let Some(shared) = shared() else { return };
    let reuters = shared.join("corpora/reuters21578.jsonl");
    let dir = tempfile::tempdir().unwrap();
    // A subset keeps the test fast: several batches, a few seconds.
    let subset = dir.path().join("reuters.jsonl");
    let text = std::fs::read_to_string(&reuters).unwrap();
    let lines: Vec<&str> = text.lines().take(1500).collect();
    std::fs::write(&subset, lines.join("\n") + "\n").unwrap();
    let subset = subset.to_str().unwrap();

    let whole = dir.path().join("whole.db");
    index(&[subset], &whole);

    let killed = dir.path().join("killed.db");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("newsline"))
        .args(["index", subset, "--jobs", "1", "--db"])
        .arg(&killed)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the first committed batches, then kill.
    let started = std::time::Instant::now();
    loop {
        std::thread::sleep(std::time::Duration::from_millis(20));
        if count(&killed, "inputs").unwrap_or(0) >= 256
            || started.elapsed().as_secs() > 60
            || child.try_wait().unwrap().is_some()
        {
            break;
        }
    }
    let _ = child.kill();
    child.wait().unwrap();
    let partial = count(&killed, "inputs").unwrap();
    eprintln!("killed after {partial} of {} inputs", lines.len());

    let resumed = index(&[subset], &killed);
    assert!(
        resumed.contains(&format!("{partial} unchanged")),
        "{resumed}"
    );
    for table in [
        "inputs",
        "documents",
        "sentences",
        "mentions",
        "entities",
        "aliases",
        "events",
        "event_sources",
    ] {
        assert_eq!(count(&killed, table), count(&whole, table), "{table}");
    }
    let check: String = rusqlite::Connection::open(&killed)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    let timeline =
        |db: &Path| run(&["timeline", "--format", "json", "--db", db.to_str().unwrap()]).stdout;
    assert!(timeline(&killed) == timeline(&whole));
}

fn count(db: &Path, table: &str) -> Option<i64> {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .ok()?;
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .ok()
}
