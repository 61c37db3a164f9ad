//! `newsline serve` on a store of the bundled corpus: the JSON API under
//! load, its answers to bad requests, and the page in headless Chromium.
//! Requests go over a few lines of HTTP/1.1 on std's TcpStream, to loopback
//! only.

mod common;

use assert_cmd::Command;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// A server on a free loopback port, stopped when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// Kept open so the server's later messages have somewhere to go.
    _stderr: BufReader<std::process::ChildStderr>,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Server {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("corpus.db");
        Command::cargo_bin("newsline")
            .unwrap()
            .current_dir(common::root())
            .args(["index", "corpus", "--db"])
            .arg(&db)
            .assert()
            .success();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("newsline"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(&db)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // "newsline: serving DB on http://127.0.0.1:PORT/"
        let mut line = String::new();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        stderr.read_line(&mut line).unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|s| s.trim().trim_end_matches('/').parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server {
            child,
            addr,
            _stderr: stderr,
            _dir: dir,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// GET `path`: the status and body.
fn get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = Vec::new();
    s.read_to_end(&mut response).unwrap();
    let response = String::from_utf8(response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    (status, if chunked { dechunk(body) } else { body.into() })
}

fn dechunk(mut body: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = body.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap();
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        body = &rest[n + 2..];
    }
    out
}

fn json(addr: SocketAddr, path: &str) -> serde_json::Value {
    let (status, body) = get(addr, path);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

#[test]
fn the_api_answers_what_the_page_asks() {
    let server = Server::start();
    let a = server.addr;
    let hits = json(a, "/api/entities?q=sense");
    assert_eq!(hits[0]["name"], "SenseTime", "{hits}");
    let id = hits[0]["id"].as_i64().unwrap();
    // Any alias, any case.
    assert_eq!(json(a, "/api/entities?q=SENSETIME%20GROUP")[0]["id"], id);

    let page = json(a, &format!("/api/entity/{id}"));
    assert_eq!(page["kind"], "company");
    assert!(page["documents"].as_array().unwrap().len() >= 4, "{page}");
    assert!(page["types"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t == "ipo_halted"));

    let tl = json(a, "/api/timeline?entity=SenseTime");
    let events = tl["events"].as_array().unwrap();
    assert!(events.len() >= 4, "{tl}");
    // The entries `timeline --entity` gives, in its order.
    let cli: serde_json::Value = serde_json::from_slice(
        &Command::cargo_bin("newsline")
            .unwrap()
            .current_dir(common::root())
            .args([
                "timeline",
                "corpus",
                "--entity",
                "SenseTime",
                "--format",
                "json",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let summaries = |v: &[serde_json::Value]| -> Vec<String> {
        v.iter().map(|e| e["summary"].to_string()).collect()
    };
    assert_eq!(
        summaries(events),
        summaries(cli["events"].as_array().unwrap())
    );
    let halted = json(
        a,
        "/api/timeline?entity=sensetime&type=ipo_halted&from=2021-12&to=2021",
    );
    let halted = halted["events"].as_array().unwrap();
    assert!(!halted.is_empty());
    assert!(halted.iter().all(|e| e["type"] == "ipo_halted"));
    // Each source marks the entity in its sentence.
    let source = &halted[0]["sources"][0];
    let marks = source["marks"].as_array().unwrap();
    assert!(marks.iter().any(|m| m["kind"] == "entity"), "{source}");
    for m in marks {
        let sentence = source["sentence"].as_str().unwrap();
        assert!(sentence.contains(m["text"].as_str().unwrap()));
    }

    let found = json(a, "/api/search?q=postpones%20IPO");
    assert!(found[0]["sentence"]
        .as_str()
        .unwrap()
        .contains("postpones IPO"));
}

#[test]
fn bad_requests_get_a_400_with_a_message() {
    let server = Server::start();
    for path in [
        "/api/timeline?from=2021-13-01",
        "/api/timeline?to=yesterday",
        "/api/timeline?min_sources=-1",
        "/api/timeline?limit=0",
        "/api/entities?q=x&limit=100000",
        "/api/entities?color=red",
        "/api/entity/abc",
        "/api/entity/99999999999999999999999",
        "/api/search",
        "/api/search?q=%22%28*%20",
        "/api/search?q=ipo&from=%3Cscript%3E",
    ] {
        let (status, body) = get(server.addr, path);
        assert_eq!(status, 400, "{path}: {body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert!(!v["error"].as_str().unwrap().is_empty(), "{path}");
    }
    for path in [
        "/api/entity/99999",
        "/api/timeline?entity=Nobody%20Inc",
        "/nope",
    ] {
        assert_eq!(get(server.addr, path).0, 404, "{path}");
    }
}

/// At least 2,000 requests, 16 at a time, over every endpoint: no error.
#[test]
fn the_api_holds_under_load() {
    let server = Server::start();
    let addr = server.addr;
    let id = json(addr, "/api/entities?q=SenseTime")[0]["id"]
        .as_i64()
        .unwrap();
    let paths = [
        "/api/entities?q=sen".to_string(),
        format!("/api/entity/{id}"),
        "/api/timeline?entity=SenseTime".to_string(),
        "/api/timeline?entity=SenseTime&type=sanctioned&from=2019&to=2021-12-31".to_string(),
        "/api/search?q=IPO".to_string(),
        "/api/search?q=shares&entity=SenseTime".to_string(),
        "/".to_string(),
    ];
    const THREADS: usize = 16;
    const EACH: usize = 128;
    let started = Instant::now();
    let mut latencies: Vec<Duration> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let paths = &paths;
                scope.spawn(move || {
                    (0..EACH)
                        .map(|i| {
                            let path = &paths[(t + i) % paths.len()];
                            let at = Instant::now();
                            let (status, body) = get(addr, path);
                            assert_eq!(status, 200, "{path}: {body}");
                            at.elapsed()
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap())
            .collect()
    });
    let wall = started.elapsed();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    assert_eq!(latencies.len(), THREADS * EACH);
    eprintln!(
        "load: {} requests, {THREADS} concurrent, in {:.2} s ({:.0}/s): p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        latencies.len(),
        wall.as_secs_f64(),
        latencies.len() as f64 / wall.as_secs_f64(),
        at(0.50).as_secs_f64() * 1e3,
        at(0.95).as_secs_f64() * 1e3,
        latencies.last().unwrap().as_secs_f64() * 1e3,
    );
}

/// Chromium for the app: the page's requests and drawing finish (a virtual
/// time budget) before the dump.
fn browser(exe: &Path, profile: &Path) -> std::process::Command {
    common::headless(
        exe,
        profile,
        &["--window-size=1200,1400", "--virtual-time-budget=8000"],
    )
}

/// The page searches an entity (as typed in the box), opens it and draws its
/// timeline entries with their quoted sources.
#[test]
fn the_app_draws_an_entity_timeline_in_a_browser() {
    let Some(exe) = common::chromium("open the app") else {
        return;
    };
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let url = format!("http://{}/#q=sensetime", server.addr);
    let dom = browser(&exe, &dir.path().join("profile"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(dom.status.success(), "chromium failed: {dom:?}");
    let dom = String::from_utf8_lossy(&dom.stdout);
    let events = json(server.addr, "/api/timeline?entity=SenseTime")["events"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(dom.matches("<li class=\"entry\"").count(), events, "{dom}");
    assert_eq!(dom.matches("class=\"dot\"").count(), events);
    assert!(dom.contains("<mark class=\"m-entity\">SenseTime</mark>"));
    assert!(dom.contains("<span id=\"entity-name\">SenseTime</span>"));

    if let Some(shot) = std::env::var_os("NEWSLINE_SCREENSHOT") {
        let status = browser(&exe, &dir.path().join("profile-shot"))
            .arg(format!("--screenshot={}", Path::new(&shot).display()))
            .arg(&url)
            .output()
            .unwrap();
        assert!(status.status.success());
    }
}
