//! `newsline serve`: a local web app over a store, for reading a corpus by
//! entity and phrase. Read-only on the database, loopback by default, every
//! asset embedded in the binary; the page builds its DOM with `textContent`
//! only, so no article string is ever parsed as HTML.

use crate::store::{self, SearchQuery, TimelineQuery};
use anyhow::Context as _;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use jiff::civil::Date;
use rusqlite::Connection;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

const PAGE: &str = include_str!("page.html");
const SCRIPT: &str = include_str!("app.js");
const STYLE: &str = include_str!("app.css");

/// Most results one request returns.
const MAX_LIMIT: usize = 1000;

/// Serve the app for the database at `db` on `addr` until the process ends.
/// `ready` hears the address actually bound (port 0 picks a free one).
pub fn serve(db: &Path, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> anyhow::Result<()> {
    let pool = Arc::new(Pool::open(db)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        ready(listener.local_addr()?);
        axum::serve(listener, app(pool))
            .await
            .context("the server stopped")
    })
}

fn app(pool: Arc<Pool>) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { asset(PAGE, "text/html; charset=utf-8") }),
        )
        .route(
            "/app.js",
            get(|| async { asset(SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/app.css",
            get(|| async { asset(STYLE, "text/css; charset=utf-8") }),
        )
        .route("/api/entities", get(entities))
        .route("/api/entity/{id}", get(entity))
        .route("/api/timeline", get(timeline))
        .route("/api/search", get(search))
        .fallback(|| async { ApiError::NotFound("no such page".into()) })
        .with_state(pool)
}

fn asset(body: &'static str, kind: &'static str) -> Response {
    let mut r = body.into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    // Only what the binary itself serves may run or load.
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'self'; img-src 'self' data:"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// Read-only connections, one per request at a time, reused.
struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

impl Pool {
    fn open(path: &Path) -> anyhow::Result<Pool> {
        let first = store::open_read_only(path)?;
        Ok(Pool {
            path: path.to_path_buf(),
            idle: Mutex::new(vec![first]),
        })
    }

    fn with<T>(&self, f: impl FnOnce(&Connection) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let taken = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let conn = match taken {
            Some(c) => c,
            None => store::open_read_only(&self.path).map_err(ApiError::Internal)?,
        };
        let out = f(&conn);
        self.idle
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(conn);
        out
    }
}

enum ApiError {
    /// A bad request: the message says what to fix.
    Bad(String),
    NotFound(String),
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, message) = match self {
            ApiError::Bad(m) => (StatusCode::BAD_REQUEST, m),
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, m),
            ApiError::Internal(e) => {
                eprintln!("newsline serve: {e:#}");
                (StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}"))
            }
        };
        (status, Json(serde_json::json!({ "error": message }))).into_response()
    }
}

type Params = Query<HashMap<String, String>>;

/// The query parameters of a request, checked against those it accepts.
struct Checked<'a>(&'a HashMap<String, String>);

impl<'a> Checked<'a> {
    fn new(params: &'a HashMap<String, String>, known: &[&str]) -> Result<Self, ApiError> {
        if let Some(k) = params.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(ApiError::Bad(format!(
                "unknown parameter {k:?} (this endpoint takes {})",
                known.join(", ")
            )));
        }
        Ok(Checked(params))
    }

    fn text(&self, name: &str) -> Option<&'a str> {
        self.0.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    fn number(&self, name: &str, default: usize) -> Result<usize, ApiError> {
        match self.text(name) {
            None => Ok(default),
            Some(s) => s
                .parse()
                .map_err(|_| ApiError::Bad(format!("{name} must be a whole number, not {s:?}"))),
        }
    }

    fn limit(&self, default: usize) -> Result<usize, ApiError> {
        let n = self.number("limit", default)?;
        if n == 0 || n > MAX_LIMIT {
            return Err(ApiError::Bad(format!(
                "limit must be between 1 and {MAX_LIMIT}"
            )));
        }
        Ok(n)
    }

    /// A date bound: YYYY-MM-DD, or YYYY-MM / YYYY for its first (`from`)
    /// or last (`to`) day.
    fn date(&self, name: &str, last: bool) -> Result<Option<Date>, ApiError> {
        let Some(s) = self.text(name) else {
            return Ok(None);
        };
        date_bound(s, last).map(Some).ok_or_else(|| {
            ApiError::Bad(format!(
                "{name} must be a date (YYYY-MM-DD, YYYY-MM or YYYY), not {s:?}"
            ))
        })
    }
}

fn date_bound(s: &str, last: bool) -> Option<Date> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize| {
        (p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse::<i16>().ok())
            .flatten()
    };
    match parts[..] {
        [y, m, d] => Date::new(num(y, 4)?, num(m, 2)? as i8, num(d, 2)? as i8).ok(),
        [y, m] => {
            let first = Date::new(num(y, 4)?, num(m, 2)? as i8, 1).ok()?;
            Some(if last { first.last_of_month() } else { first })
        }
        [y] => Date::new(
            num(y, 4)?,
            if last { 12 } else { 1 },
            if last { 31 } else { 1 },
        )
        .ok(),
        _ => None,
    }
}

async fn entities(
    State(pool): State<Arc<Pool>>,
    Query(params): Params,
) -> Result<Response, ApiError> {
    let p = Checked::new(&params, &["q", "limit"])?;
    let q = p.text("q").unwrap_or_default();
    let limit = p.limit(10)?;
    let hits = pool.with(|c| Ok(store::find_entities(c, q, limit)?))?;
    Ok(Json(hits).into_response())
}

async fn entity(
    State(pool): State<Arc<Pool>>,
    UrlPath(id): UrlPath<String>,
) -> Result<Response, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::Bad(format!("an entity id is a number, not {id:?}")))?;
    match pool.with(|c| Ok(store::entity(c, id)?))? {
        Some(page) => Ok(Json(page).into_response()),
        None => Err(ApiError::NotFound(format!("no entity {id}"))),
    }
}

async fn timeline(
    State(pool): State<Arc<Pool>>,
    Query(params): Params,
) -> Result<Response, ApiError> {
    let p = Checked::new(
        &params,
        &["entity", "type", "from", "to", "min_sources", "limit"],
    )?;
    let q = TimelineQuery {
        entity: p.text("entity").map(str::to_string),
        types: p
            .text("type")
            .map(|t| t.split(',').map(|s| s.trim().to_string()).collect())
            .unwrap_or_default(),
        from: p.date("from", false)?,
        to: p.date("to", true)?,
        min_sources: p.number("min_sources", 1)?,
        limit: p.limit(MAX_LIMIT)?,
    };
    let (entity, events) = pool.with(|c| {
        if let Some(e) = &q.entity {
            if store::resolve_entity(c, e)?.is_none() {
                return Err(ApiError::NotFound(format!("no entity is named {e:?}")));
            }
        }
        Ok(store::timeline_events(c, &q)?)
    })?;
    Ok(Json(serde_json::json!({ "entity": entity, "events": events })).into_response())
}

async fn search(
    State(pool): State<Arc<Pool>>,
    Query(params): Params,
) -> Result<Response, ApiError> {
    let p = Checked::new(&params, &["q", "entity", "from", "to", "limit"])?;
    let Some(text) = p.text("q") else {
        return Err(ApiError::Bad(
            "q (the words to search for) is required".into(),
        ));
    };
    if !text.chars().any(char::is_alphanumeric) {
        return Err(ApiError::Bad("q has no words to search for".into()));
    }
    let q = SearchQuery {
        text: text.to_string(),
        entity: p.text("entity").map(str::to_string),
        from: p.date("from", false)?,
        to: p.date("to", true)?,
        limit: p.limit(50)?,
    };
    let hits = pool.with(|c| {
        if let Some(e) = &q.entity {
            if store::resolve_entity(c, e)?.is_none() {
                return Err(ApiError::NotFound(format!("no entity is named {e:?}")));
            }
        }
        Ok(store::search(c, &q)?)
    })?;
    Ok(Json(hits).into_response())
}

#[cfg(test)]
mod tests {
    use super::date_bound;

    #[test]
    fn date_bounds_take_partial_dates() {
        let d = |s: &str, last| date_bound(s, last).map(|d| d.to_string());
        assert_eq!(d("2021", false).as_deref(), Some("2021-01-01"));
        assert_eq!(d("2021", true).as_deref(), Some("2021-12-31"));
        assert_eq!(d("2020-02", true).as_deref(), Some("2020-02-29"));
        assert_eq!(d("2021-12-10", true).as_deref(), Some("2021-12-10"));
        for bad in ["21", "2021-13", "2021-02-30", "x", "2021-1-1", ""] {
            assert_eq!(d(bad, false), None, "{bad}");
        }
    }
}
