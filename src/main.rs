//! The `newsline` command line: argument parsing and printing only.

use anyhow::{bail, Context as _};
use clap::{Args, Parser, Subcommand};
use newsline::events::borrow::{Reorder, Staged};
use newsline::ingest::{IngestOptions, RawItems, Rejection, StdinOrigin};
use newsline::link::EntityFormat;
use newsline::output::{json_line, RecordOptions};
use newsline::timeline::{self, Filter, Format};
use newsline::{Extraction, Kind, Pipeline, Resources};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// mimalloc: allocation-heavy stages run ~10% faster than on glibc's
/// malloc (see Cargo.toml).
#[global_allocator]
static ALLOC: MiMalloc = MiMalloc;

/// mimalloc's plain `malloc` family for the alignments every block has (a
/// word: all its size classes are multiples of one), the aligned family
/// otherwise.
struct MiMalloc;

const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: each call forwards to the mimalloc function with that contract;
// blocks from either family are freed by `mi_free` and grown by
// `mi_realloc` or `mi_realloc_aligned` alike.
unsafe impl std::alloc::GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_malloc, mi_malloc_aligned};
        if layout.align() <= WORD {
            mi_malloc(layout.size()).cast()
        } else {
            mi_malloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
        if layout.align() <= WORD {
            mi_zalloc(layout.size()).cast()
        } else {
            mi_zalloc_aligned(layout.size(), layout.align()).cast()
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        libmimalloc_sys::mi_free(ptr.cast());
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys::{mi_realloc, mi_realloc_aligned};
        if layout.align() <= WORD {
            mi_realloc(ptr.cast(), new_size).cast()
        } else {
            mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
        }
    }
}

#[derive(Parser)]
#[command(
    name = "newsline",
    version,
    about = "Structured facts and cited timelines from news articles"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract mentions, entities and events: one JSON object per document.
    Extract(ExtractArgs),
    /// Score the extractors against gold annotations.
    Eval(EvalArgs),
    /// List the entities of a corpus with the number of documents naming them.
    Entities(EntitiesArgs),
    /// Merge the events of many articles (or of `extract` records) into a
    /// cited timeline per entity.
    Timeline(TimelineArgs),
    /// Print the JSON Schema of `extract` records (docs/schema.md explains
    /// each field).
    Schema,
    /// Extract articles into a database (SQLite) for `timeline --db`,
    /// `entities --db`, `search` and `serve`; only new or changed inputs
    /// are analysed.
    Index(IndexArgs),
    /// Find sentences in an indexed corpus, best match first.
    Search(SearchArgs),
    /// Serve a web app over an indexed corpus: entities, timelines, search.
    Serve(ServeArgs),
}

#[derive(Args)]
struct IndexArgs {
    #[command(flatten)]
    input: InputArgs,
    /// The database to create or update.
    #[arg(long)]
    db: PathBuf,
}

#[derive(Args)]
struct SearchArgs {
    /// Words that must all appear in the sentence (any case).
    query: String,
    /// A database built by `newsline index`.
    #[arg(long)]
    db: PathBuf,
    /// Only sentences naming this entity (any of its names).
    #[arg(long)]
    entity: Option<String>,
    /// Only documents published on or after this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    from: Option<jiff::civil::Date>,
    /// Only documents published on or before this date (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date)]
    to: Option<jiff::civil::Date>,
    /// Most sentences to show.
    #[arg(long, default_value_t = 20)]
    limit: usize,
    /// Output format: table or json.
    #[arg(long, value_enum, default_value = "table")]
    format: SearchFormat,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum SearchFormat {
    Table,
    Json,
}

#[derive(Args)]
struct ServeArgs {
    /// A database built by `newsline index` (opened read-only).
    #[arg(long)]
    db: PathBuf,
    /// Where to listen; loopback unless you mean to share the corpus.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
}

/// The JSON Schema of a record, kept beside its documentation.
const RECORD_SCHEMA: &str = include_str!("../docs/record.schema.json");

#[derive(Clone, Copy, clap::ValueEnum)]
enum FormatArg {
    Table,
    Json,
    Csv,
    Markdown,
    Html,
}

#[derive(Args)]
#[command(group = clap::ArgGroup::new("corpus").required(true).args(["paths", "db"]))]
struct TimelineArgs {
    /// Articles as for `extract`, and/or `extract` JSONL records.
    #[command(flatten)]
    input: InputArgs,
    /// Read a database built by `newsline index` instead of articles.
    #[arg(long, conflicts_with = "paths")]
    db: Option<PathBuf>,
    /// Only this entity (any of its names, any case).
    #[arg(long)]
    entity: Option<String>,
    /// Only events of this type (repeatable).
    #[arg(long = "type", value_name = "TYPE")]
    types: Vec<String>,
    /// Only events on or after this date: YYYY-MM-DD, or a month or year
    /// (YYYY-MM, YYYY, 2021-Q4) meaning its first day.
    #[arg(long, value_parser = parse_from)]
    from: Option<jiff::civil::Date>,
    /// Only events on or before this date: YYYY-MM-DD, or a month or year
    /// (YYYY-MM, YYYY, 2021-Q4) meaning its last day.
    #[arg(long, value_parser = parse_to)]
    to: Option<jiff::civil::Date>,
    /// Only events told by at least this many sources.
    #[arg(long, default_value_t = 1)]
    min_sources: usize,
    /// Hide entries less sure than this (0..1; 0 shows all): events only
    /// referred to ("its offer") in reports giving them no date. How many
    /// were hidden is always said.
    #[arg(long, default_value_t = timeline::DEFAULT_MIN_CONFIDENCE)]
    min_confidence: f32,
    /// Output format (default: table on a terminal, else from the -o file's
    /// extension, else json).
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Write the timeline here instead of stdout.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
}

#[derive(Args)]
#[command(group = clap::ArgGroup::new("corpus").required(true).args(["paths", "db"]))]
struct EntitiesArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Read a database built by `newsline index` instead of articles.
    #[arg(long, conflicts_with = "paths")]
    db: Option<PathBuf>,
    /// Only entities of this kind (company, agency, organization, media,
    /// person, place, law).
    #[arg(long, value_parser = parse_kind)]
    kind: Option<Kind>,
    /// Output format: table, json or csv.
    #[arg(long, default_value = "table")]
    format: EntityFormat,
}

#[derive(Args)]
#[command(group = clap::ArgGroup::new("sets").required(true).multiple(true).args(["gold", "timeml", "timeline"]))]
struct EvalArgs {
    /// Gold documents in the span format of design.md (JSONL).
    #[arg(long)]
    gold: Vec<PathBuf>,
    /// TimeML files or directories of `.tml` files: the date extractor alone,
    /// scored TempEval-3 style with each file's DCT as publication date.
    #[arg(long, num_args = 1..)]
    timeml: Vec<PathBuf>,
    /// Write one line per disagreement with the gold here (MISS, EXTRA,
    /// DIFF: text, gold value, predicted text and value; for --gold each
    /// line starts with the label).
    #[arg(long)]
    disagreements: Option<PathBuf>,
    /// Gold stories (YAML files, the form of seeds.yaml): the timeline of
    /// each story's entity from PATHS is scored for recall, precision and
    /// duplicates. The articles may follow directly: YAML files are gold.
    #[arg(long, num_args = 1.., value_name = "GOLD")]
    timeline: Vec<PathBuf>,
    /// With --timeline: list the gold events missed and the extra entries.
    #[arg(long, requires = "timeline")]
    differences: bool,
    /// With --timeline: the articles (files, directories or JSONL); a story
    /// naming its documents reads only those.
    #[arg(requires = "timeline", value_name = "PATHS")]
    paths: Vec<PathBuf>,
}

#[derive(Args)]
struct InputArgs {
    /// Files or directories (recursive), or `-` for JSONL articles on stdin.
    paths: Vec<PathBuf>,
    /// Worker threads (default: all cores; at most four per core).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Per-document time budget in seconds: a document whose analysis runs
    /// longer is rejected (`timeout`) instead of stalling the run.
    #[arg(long, default_value_t = 120.0)]
    max_seconds: f64,
    /// Reject inputs (files or JSONL lines) larger than this many bytes.
    #[arg(long, default_value_t = 16 << 20)]
    max_bytes: u64,
    /// Publication date (YYYY-MM-DD) for inputs whose metadata has none.
    #[arg(long, value_parser = parse_date)]
    published: Option<jiff::civil::Date>,
    /// Extra names: TSV lines of name, kind, aliases separated by `|`.
    #[arg(long)]
    gazetteer: Vec<PathBuf>,
    /// Name the JSONL lines read from `-` as lines of this file (records'
    /// `source` and default ids, rejections): for a slice of a larger file.
    #[arg(long, value_name = "FILE")]
    stdin_name: Option<String>,
    /// Number the lines read from `-` from N: the slice's first line in its
    /// file.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    stdin_first_line: u64,
}

#[derive(Args)]
#[command(group = clap::ArgGroup::new("inputs").required(true).args(["paths"]))]
struct ExtractArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Write records here instead of stdout.
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Write one JSON line per rejected input here.
    #[arg(long)]
    errors: Option<PathBuf>,
    /// Leave the document text out of the records.
    #[arg(long)]
    no_text: bool,
    /// Exit with status 1 when any input was rejected.
    #[arg(long)]
    strict: bool,
    /// How many records may wait behind an article without a publication
    /// date while it looks for dated reports of its events to borrow one from.
    #[arg(long, default_value_t = 1024)]
    borrow_window: usize,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s).filter(|k| k.is_name()).ok_or_else(|| {
        format!("unknown kind {s:?}: company, agency, organization, media, person, place or law")
    })
}

/// A filter bound told at any precision the output itself uses.
fn parse_period(s: &str) -> Result<newsline::events::period::Period, String> {
    newsline::events::period::Period::parse(s.trim())
        .ok_or_else(|| format!("expected a date such as 2021-12-13, 2021-12 or 2021: {s:?}"))
}

fn parse_from(s: &str) -> Result<jiff::civil::Date, String> {
    parse_period(s).map(|p| p.start)
}

fn parse_to(s: &str) -> Result<jiff::civil::Date, String> {
    parse_period(s).map(|p| p.end)
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse().map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Eval(args) => eval(args),
        Command::Entities(args) => entities(args),
        Command::Timeline(args) => timeline(args),
        Command::Schema => write_stdout(RECORD_SCHEMA.as_bytes()).map(|()| ExitCode::SUCCESS),
        Command::Index(args) => index(args),
        Command::Search(args) => search(args),
        Command::Serve(args) => serve(args),
    };
    match result {
        Ok(code) => code,
        // The reader of stdout has gone (`newsline ... | head`): a quiet end.
        Err(e) if is_closed_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsline: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Write `bytes` to stdout; an error (a full disk, a closed pipe) goes up
/// with its cause, for `main` to report or end quietly on.
fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .context("cannot write output")
}

/// A run that produced nothing fails, with the reason on one line; one that
/// produced something succeeds even when some inputs were rejected.
fn nothing_produced(rejected: usize) -> ExitCode {
    if rejected == 0 {
        eprintln!("newsline: no input found: nothing to do");
    } else {
        eprintln!("newsline: every input was rejected ({rejected}): nothing produced");
    }
    ExitCode::from(1)
}

fn pipeline(input: &InputArgs) -> anyhow::Result<Pipeline> {
    let res = if input.gazetteer.is_empty() {
        Resources::builtin()
    } else {
        Resources::with_gazetteers(&input.gazetteer)?
    };
    if !(input.max_seconds > 0.0 && input.max_seconds.is_finite()) {
        bail!("--max-seconds must be a positive number of seconds");
    }
    let mut pipeline = Pipeline::new(
        res,
        IngestOptions {
            max_bytes: input.max_bytes,
            published: input.published,
        },
    );
    pipeline.budget = Some(std::time::Duration::from_secs_f64(input.max_seconds));
    Ok(pipeline)
}

/// The inputs as a stream of raw items.
fn raw_items(input: &InputArgs) -> RawItems {
    let default = StdinOrigin::default();
    RawItems::new(&input.paths, input.max_bytes).with_stdin_origin(StdinOrigin {
        name: input.stdin_name.clone().unwrap_or(default.name),
        first_line: input.stdin_first_line,
    })
}

/// Threads beyond a few per core only cost memory (each has a 16 MiB stack).
const THREADS_PER_CORE: usize = 4;

fn jobs(input: &InputArgs) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let cap = cores * THREADS_PER_CORE;
    match input.jobs {
        None => cores,
        Some(n) if n > cap => {
            eprintln!("newsline: --jobs {n} is more than {THREADS_PER_CORE} per core: using {cap}");
            cap
        }
        Some(n) => n.max(1),
    }
}

/// The -o and --errors files must differ: both writing one file interleaves
/// records and error lines.
fn check_outputs(output: Option<&PathBuf>, errors: Option<&PathBuf>) -> anyhow::Result<()> {
    if let (Some(o), Some(e)) = (output, errors) {
        // Both to /dev/null (or another device) interleave nothing.
        let device = std::fs::metadata(o).is_ok_and(|m| !m.is_file());
        if same_file(o, e) && !device {
            bail!(
                "-o and --errors name the same file ({}): give them different files",
                o.display()
            );
        }
    }
    Ok(())
}

/// Whether two paths name one file, whether or not it exists yet.
fn same_file(a: &std::path::Path, b: &std::path::Path) -> bool {
    let resolve = |p: &std::path::Path| {
        p.canonicalize().ok().or_else(|| {
            let parent = p.parent().filter(|d| !d.as_os_str().is_empty());
            let dir = parent
                .unwrap_or(std::path::Path::new("."))
                .canonicalize()
                .ok()?;
            Some(dir.join(p.file_name()?))
        })
    };
    match (resolve(a), resolve(b)) {
        (Some(x), Some(y)) => x == y,
        _ => a == b,
    }
}

fn create(path: &Path) -> anyhow::Result<BufWriter<Box<dyn Write + Send>>> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 16, Box::new(file)))
}

/// An output file written whole or not at all: the run writes a hidden
/// temporary file beside it (hidden, so a walk of that folder never reads
/// it) and renames it into place at the end, so a killed run never leaves
/// a half-written last record.
struct AtomicFile {
    /// None when the output is not a regular file and is written in place.
    temp: Option<PathBuf>,
    path: PathBuf,
}

impl AtomicFile {
    fn create(path: &Path) -> anyhow::Result<(Self, BufWriter<Box<dyn Write + Send>>)> {
        let target = match std::fs::metadata(path) {
            // A device or pipe (`-o /dev/null`, `-o >(gzip > x)`) is written
            // in place: renaming over it would replace the device node.
            Ok(m) if !m.is_file() => {
                let file = AtomicFile {
                    temp: None,
                    path: path.to_path_buf(),
                };
                return Ok((file, create(path)?));
            }
            // Through a symbolic link to the file it names.
            Ok(_) => path.canonicalize().unwrap_or_else(|_| path.to_path_buf()),
            Err(_) => path.to_path_buf(),
        };
        let name = target
            .file_name()
            .with_context(|| format!("{} is not a file name", path.display()))?;
        let mut temp_name = std::ffi::OsString::from(".");
        temp_name.push(name);
        temp_name.push(format!(".{}.tmp", std::process::id()));
        let temp = target.with_file_name(temp_name);
        let writer = create(&temp).with_context(|| format!("cannot create {}", path.display()))?;
        let file = AtomicFile {
            temp: Some(temp),
            path: target,
        };
        Ok((file, writer))
    }

    fn commit(mut self) -> anyhow::Result<()> {
        match self.temp.take() {
            Some(temp) => std::fs::rename(&temp, &self.path)
                .with_context(|| format!("cannot write {}", self.path.display())),
            None => Ok(()),
        }
    }

    fn write_all(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        let (file, mut w) = Self::create(path)?;
        w.write_all(bytes)
            .and_then(|()| w.flush())
            .with_context(|| format!("cannot write {}", path.display()))?;
        drop(w);
        file.commit()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        // Not committed (an error on the way): leave no temporary behind.
        if let Some(temp) = &self.temp {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// A written record: its line, warning count, id and source.
type Written = (Vec<u8>, u64, String, String);

/// A record, or the rejection; and the input size.
type Outcome = (Result<Written, Rejection>, u64);

/// Counts for the closing summary line.
#[derive(Default)]
struct Tally {
    documents: u64,
    rejected: u64,
    warnings: u64,
    bytes: u64,
}

fn extract(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    check_outputs(args.output.as_ref(), args.errors.as_ref())?;
    let pipeline = pipeline(&args.input)?;
    let started = Instant::now();
    let (atomic, mut out): (Option<AtomicFile>, BufWriter<Box<dyn Write + Send>>) =
        match &args.output {
            Some(p) => {
                let (file, w) = AtomicFile::create(p)?;
                (Some(file), w)
            }
            None => (
                None,
                BufWriter::with_capacity(1 << 16, Box::new(io::stdout())),
            ),
        };
    let mut errors = args.errors.as_deref().map(create).transpose()?;
    let progress = Progress::new(&args.input.paths);
    let opts = RecordOptions {
        no_text: args.no_text,
    };
    let mut tally = Tally::default();
    let mut write_error: Option<io::Error> = None;
    // Hashes of the ids seen (8 bytes a document, not the ids): a repeated
    // id is a warning (records are told apart by `source`, and `timeline`
    // renames the later one).
    let mut ids = std::collections::HashSet::new();
    let id_hasher = std::hash::RandomState::new();
    // Set once nothing more can be written: the workers stop analysing.
    let stopped = std::sync::atomic::AtomicBool::new(false);
    let own: Vec<PathBuf> = args.output.iter().chain(&args.errors).cloned().collect();
    let items = raw_items(&args.input).skipping(&own);
    let mut emit = |(outcome, size): Outcome| {
        if write_error.is_some() {
            // Nowhere to write (a closed pipe, a full disk): the rest is
            // dropped, and the run ends with the error.
            return;
        }
        tally.bytes += size;
        progress.advance(size);
        let written = match outcome {
            Ok((line, warnings, id, source)) => {
                tally.documents += 1;
                tally.warnings += warnings;
                if !ids.insert(std::hash::BuildHasher::hash_one(&id_hasher, &id)) {
                    eprintln!(
                        "newsline: warning: id {id:?} of {source} was used by an earlier input"
                    );
                }
                out.write_all(&line)
            }
            Err(rejection) => {
                tally.rejected += 1;
                report_rejection(&rejection, errors.as_mut())
            }
        };
        if let Err(e) = written {
            write_error.get_or_insert(e);
            stopped.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    };
    let record = |x: &Extraction| {
        let warnings = x.doc.warnings.len() as u64;
        let (id, source) = (x.doc.id.clone(), x.doc.source.clone());
        (json_line(x, opts), warnings, id, source)
    };
    let mut redo = |x: Extraction, (_, size): Outcome| (Ok(record(&x)), size);
    let mut reorder = Reorder::new(args.borrow_window);
    newsline::pipeline::run_ordered(
        items,
        jobs(&args.input),
        |item| {
            let size = item.as_ref().map_or(0, |i| i.bytes.len()) as u64;
            if stopped.load(std::sync::atomic::Ordering::Relaxed) {
                let out = (Ok((Vec::new(), 0, String::new(), String::new())), 0);
                return Staged::Ready {
                    sightings: Vec::new(),
                    out,
                };
            }
            match item.and_then(|i| pipeline.process(&i)) {
                Ok(x) => {
                    let line = record(&x);
                    Staged::of(x, (Ok(line), size))
                }
                Err(r) => Staged::Ready {
                    sightings: Vec::new(),
                    out: (Err(r), size),
                },
            }
        },
        |staged| reorder.push(staged, &pipeline, &mut redo, &mut emit),
    )?;
    reorder.finish(&pipeline, &mut redo, &mut emit);
    progress.finish();
    if let Some(e) = write_error {
        return Err(anyhow::Error::new(e).context("cannot write output"));
    }
    out.flush().context("cannot write output")?;
    drop(out);
    // A run that produced nothing leaves an earlier output as it was.
    if let Some(file) = atomic.filter(|_| tally.documents > 0) {
        file.commit()?;
    }
    if let Some(e) = errors.as_mut() {
        e.flush().context("cannot write errors file")?;
    }
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "newsline: {} documents, {} rejected, {} warnings, {:.1} MB in {:.2} s ({:.1} MB/s)",
        tally.documents,
        tally.rejected,
        tally.warnings,
        tally.bytes as f64 / 1e6,
        secs,
        tally.bytes as f64 / 1e6 / secs.max(1e-9)
    );
    if tally.documents == 0 {
        return Ok(nothing_produced(tally.rejected as usize));
    }
    Ok(if args.strict && tally.rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
    let mut lines = args.disagreements.as_ref().map(|_| String::new());
    if !args.gold.is_empty() {
        let mut docs = Vec::new();
        for path in &args.gold {
            docs.extend(newsline::eval::read_gold_jsonl(path)?);
        }
        let report = newsline::eval::evaluate_listing(&pipeline, &docs, lines.as_mut());
        write_stdout(format!("{} documents\n", docs.len()).as_bytes())?;
        write_stdout(newsline::eval::render(&report).as_bytes())?;
    }
    if !args.timeml.is_empty() {
        use newsline::eval::timeml;
        let docs = timeml::tml_files(&args.timeml)?
            .iter()
            .map(|p| timeml::read_timeml(p))
            .collect::<anyhow::Result<Vec<_>>>()?;
        let counts = timeml::evaluate_dates(&pipeline.res, &docs, lines.as_mut());
        write_stdout(format!("{} TimeML documents\n", docs.len()).as_bytes())?;
        write_stdout(timeml::render(&counts).as_bytes())?;
    }
    if let (Some(path), Some(lines)) = (&args.disagreements, lines) {
        AtomicFile::write_all(path, lines.as_bytes())?;
    }
    if !args.timeline.is_empty() {
        eval_timelines(&pipeline, &args)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Score each gold story, then all of them together.
fn eval_timelines(pipeline: &Pipeline, args: &EvalArgs) -> anyhow::Result<()> {
    use newsline::eval::story;
    // `--timeline` takes many values, so the articles may follow it without
    // `--`: the gold stories are the YAML files.
    let is_gold = |p: &&PathBuf| {
        p.extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
    };
    let all: Vec<&PathBuf> = args.timeline.iter().chain(&args.paths).collect();
    let (golds, inputs): (Vec<&PathBuf>, Vec<&PathBuf>) = all.into_iter().partition(is_gold);
    let inputs: Vec<PathBuf> = inputs.into_iter().cloned().collect();
    if golds.is_empty() {
        bail!("--timeline needs gold stories (.yaml files)");
    }
    if inputs.is_empty() {
        bail!("--timeline needs the articles of the stories (PATHS)");
    }
    let jobs = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut total = story::StoryScore::default();
    for path in &golds {
        let gold = story::read_gold_story(path)?;
        let (t, score) = story::evaluate_story(pipeline, &gold, &inputs, jobs)
            .with_context(|| path.display().to_string())?;
        print!(
            "{}",
            story::render_score(&path.display().to_string(), &score)
        );
        if args.differences {
            print!("{}", story::render_differences(&t, &gold.timeline, &score));
        }
        total.add(&score);
    }
    if golds.len() > 1 {
        let name = format!("all {} stories", golds.len());
        print!("{}", story::render_score(&name, &total));
    }
    Ok(())
}

fn entities(args: EntitiesArgs) -> anyhow::Result<ExitCode> {
    if let Some(db) = &args.db {
        let conn = newsline::store::open_read_only(db)?;
        warn_unfinished(&conn, db)?;
        let mut list = newsline::store::corpus_entities(&conn)?;
        if let Some(kind) = args.kind {
            list.retain(|e| e.kind == kind);
        }
        print!("{}", newsline::link::render_entities(&list, args.format));
        return Ok(ExitCode::SUCCESS);
    }
    let pipeline = pipeline(&args.input)?;
    let items = raw_items(&args.input);
    let mut documents = Vec::new();
    let mut rejected = 0;
    newsline::pipeline::run_ordered(
        items,
        jobs(&args.input),
        |item| item.and_then(|i| pipeline.process(&i)).map(|x| x.entities),
        |outcome| match outcome {
            Ok(entities) => documents.push(entities),
            Err(rejection) => {
                rejected += 1;
                let _ = report_rejection(&rejection, None);
            }
        },
    )?;
    if documents.is_empty() {
        return Ok(nothing_produced(rejected));
    }
    let mut list = newsline::link::corpus_entities(&documents);
    if let Some(kind) = args.kind {
        list.retain(|e| e.kind == kind);
    }
    write_stdout(newsline::link::render_entities(&list, args.format).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn timeline(args: TimelineArgs) -> anyhow::Result<ExitCode> {
    let pipeline = pipeline(&args.input)?;
    let known = &pipeline.res.events.types;
    if let Some(t) = args
        .types
        .iter()
        .find(|t| !known.iter().any(|k| &k.name == *t))
    {
        let names: Vec<&str> = known.iter().map(|k| k.name.as_str()).collect();
        bail!("unknown event type {t:?} (known: {})", names.join(", "));
    }
    let (reports, borrowed, rejected) = match &args.db {
        Some(db) => {
            let conn = newsline::store::open_read_only(db)?;
            warn_unfinished(&conn, db)?;
            let reports = newsline::store::reports(&conn)?;
            let borrowed = reports.iter().filter(|r| r.borrowed).count();
            (reports, borrowed, 0)
        }
        None => {
            let own: Vec<PathBuf> = args.output.iter().cloned().collect();
            let items = raw_items(&args.input).skipping(&own);
            let corpus = timeline::load(&pipeline, items, jobs(&args.input))?;
            for r in &corpus.rejections {
                report_rejection(r, None)?;
            }
            for w in &corpus.renamed {
                eprintln!("newsline: warning: {w}");
            }
            if corpus.reports.is_empty() {
                return Ok(nothing_produced(corpus.rejections.len()));
            }
            let (borrowed, rejected) = (corpus.borrowed.len(), corpus.rejections.len());
            (corpus.reports, borrowed, rejected)
        }
    };
    let filter = Filter {
        entity: args.entity.clone(),
        types: args.types.clone(),
        from: args.from,
        to: args.to,
        min_sources: args.min_sources,
        min_confidence: args.min_confidence,
    };
    let t = timeline::build(&reports, &pipeline.res.events, &filter);
    let format = match (args.format, &args.output) {
        (Some(f), _) => f,
        (None, Some(path)) => format_of(path),
        (None, None) if io::stdout().is_terminal() => FormatArg::Table,
        (None, None) => FormatArg::Json,
    };
    let text = timeline::render(
        &t,
        match format {
            FormatArg::Table => Format::Table,
            FormatArg::Json => Format::Json,
            FormatArg::Csv => Format::Csv,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Html => Format::Html,
        },
    );
    match &args.output {
        Some(path) => AtomicFile::write_all(path, text.as_bytes())?,
        None => write_stdout(text.as_bytes())?,
    }
    eprintln!(
        "newsline: {} documents ({} borrowed a publication date), {} rejected, {} timeline entries ({} below confidence {} hidden)",
        reports.len(),
        borrowed,
        rejected,
        t.events.len(),
        t.hidden,
        args.min_confidence
    );
    Ok(ExitCode::SUCCESS)
}

fn index(args: IndexArgs) -> anyhow::Result<ExitCode> {
    if args.input.paths.is_empty() {
        bail!("nothing to index: give files or directories");
    }
    let pipeline = pipeline(&args.input)?;
    let started = Instant::now();
    let mut conn = newsline::store::open_for_writing(&args.db)?;
    let progress = Progress::new(&args.input.paths);
    let s = newsline::store::index(
        &mut conn,
        &pipeline,
        raw_items(&args.input),
        jobs(&args.input),
        |bytes| progress.advance(bytes),
    )?;
    progress.finish();
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "newsline: {} extracted ({} replaced), {} unchanged, {} rejected; {} documents in {}; \
         {:.1} MB in {:.2} s ({:.1} MB/s)",
        s.extracted,
        s.replaced,
        s.unchanged,
        s.rejected,
        s.documents,
        args.db.display(),
        s.bytes as f64 / 1e6,
        secs,
        s.bytes as f64 / 1e6 / secs.max(1e-9)
    );
    Ok(ExitCode::SUCCESS)
}

/// A database whose last index run was cut short answers from what it
/// committed; say so.
fn warn_unfinished(conn: &rusqlite::Connection, db: &std::path::Path) -> anyhow::Result<()> {
    if newsline::store::is_dirty(conn)? {
        eprintln!(
            "newsline: warning: the last index run into {} did not finish; run it again to bring \
             entities and timelines up to date",
            db.display()
        );
    }
    Ok(())
}

fn search(args: SearchArgs) -> anyhow::Result<ExitCode> {
    let conn = newsline::store::open_read_only(&args.db)?;
    let hits = newsline::store::search(
        &conn,
        &newsline::store::SearchQuery {
            text: args.query,
            entity: args.entity,
            from: args.from,
            to: args.to,
            limit: args.limit,
        },
    )?;
    let text = match args.format {
        SearchFormat::Table => newsline::store::search_table(&hits),
        SearchFormat::Json => {
            let mut s = serde_json::to_string_pretty(&hits)?;
            s.push('\n');
            s
        }
    };
    io::stdout()
        .write_all(text.as_bytes())
        .context("cannot write output")?;
    Ok(ExitCode::SUCCESS)
}

fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    if !args.addr.ip().is_loopback() {
        eprintln!(
            "newsline: warning: {} is reachable from other machines; the app has no login",
            args.addr
        );
    }
    newsline::serve::serve(&args.db, args.addr, |addr| {
        eprintln!("newsline: serving {} on http://{addr}/", args.db.display());
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The format a file name asks for.
fn format_of(path: &std::path::Path) -> FormatArg {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html" | "htm") => FormatArg::Html,
        Some("csv") => FormatArg::Csv,
        Some("md" | "markdown") => FormatArg::Markdown,
        Some("txt") => FormatArg::Table,
        _ => FormatArg::Json,
    }
}

/// Write a rejection to the errors file, or to stderr when there is none.
fn report_rejection(
    r: &Rejection,
    errors: Option<&mut BufWriter<Box<dyn Write + Send>>>,
) -> io::Result<()> {
    match errors {
        Some(w) => {
            serde_json::to_writer(&mut *w, r)?;
            w.write_all(b"\n")
        }
        None => {
            let line = r.line.map(|l| format!(":{l}")).unwrap_or_default();
            eprintln!(
                "newsline: rejected {}{line}: {:?}: {}",
                r.source, r.reason, r.message
            );
            Ok(())
        }
    }
}

/// A progress bar on stderr when it is a terminal; nothing otherwise.
/// Over files of known size it fills by bytes; on stdin or a pipe, whose
/// size is unknown, it counts items and their rate instead of showing a
/// bar that is full from the start.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    /// Counting items (the size is unknown), with the bytes seen so far.
    items: Option<std::sync::atomic::AtomicU64>,
}

impl Progress {
    fn new(paths: &[PathBuf]) -> Self {
        if !io::stderr().is_terminal() {
            return Progress {
                bar: None,
                items: None,
            };
        }
        let inputs = newsline::ingest::input_paths(paths);
        let sized = inputs
            .iter()
            .flatten()
            .all(|p| p.metadata().is_ok_and(|m| m.is_file()));
        if !sized {
            let bar = indicatif::ProgressBar::new_spinner();
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {human_pos} items ({per_sec}), {msg} in {elapsed}",
                )
                .expect("valid template"),
            );
            return Progress {
                bar: Some(bar),
                items: Some(std::sync::atomic::AtomicU64::new(0)),
            };
        }
        let total: u64 = inputs
            .iter()
            .flatten()
            .filter_map(|p| p.metadata().ok())
            .map(|m| m.len())
            .sum();
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            )
            .expect("valid template"),
        );
        Progress {
            bar: Some(bar),
            items: None,
        }
    }

    fn advance(&self, bytes: u64) {
        let Some(bar) = &self.bar else { return };
        match &self.items {
            Some(seen) => {
                use std::sync::atomic::Ordering::Relaxed;
                let total = seen.fetch_add(bytes, Relaxed) + bytes;
                bar.inc(1);
                bar.set_message(indicatif::HumanBytes(total).to_string());
            }
            None => bar.inc(bytes),
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
