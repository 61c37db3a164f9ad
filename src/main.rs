//! The `newsline` command line: argument parsing and printing only.

use anyhow::{bail, Context as _};
use clap::{Args, Parser, Subcommand};
use newsline::ingest::{IngestOptions, RawItems, Rejection};
use newsline::output::{Record, RecordOptions};
use newsline::{Pipeline, Resources};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

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
}

#[derive(Args)]
struct EvalArgs {
    /// Gold documents in the span format of design.md (JSONL).
    #[arg(long, required = true)]
    gold: Vec<PathBuf>,
}

#[derive(Args)]
struct InputArgs {
    /// Files or directories (recursive), or `-` for JSONL articles on stdin.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, short = 'j')]
    jobs: Option<usize>,
    /// Reject inputs (files or JSONL lines) larger than this many bytes.
    #[arg(long, default_value_t = 16 << 20)]
    max_bytes: u64,
    /// Publication date (YYYY-MM-DD) for inputs whose metadata has none.
    #[arg(long, value_parser = parse_date)]
    published: Option<jiff::civil::Date>,
    /// Extra names: TSV lines of name, kind, aliases separated by `|`.
    #[arg(long)]
    gazetteer: Vec<PathBuf>,
}

#[derive(Args)]
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
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse().map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Extract(args) => extract(args),
        Command::Eval(args) => eval(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("newsline: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn pipeline(input: &InputArgs) -> anyhow::Result<Pipeline> {
    let res = if input.gazetteer.is_empty() {
        Resources::builtin()
    } else {
        Resources::with_gazetteers(&input.gazetteer)?
    };
    Ok(Pipeline::new(
        res,
        IngestOptions {
            max_bytes: input.max_bytes,
            published: input.published,
        },
    ))
}

fn jobs(input: &InputArgs) -> usize {
    input
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

fn create(path: &PathBuf) -> anyhow::Result<BufWriter<Box<dyn Write + Send>>> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 16, Box::new(file)))
}

/// Counts for the closing summary line.
#[derive(Default)]
struct Tally {
    documents: u64,
    rejected: u64,
    warnings: u64,
    bytes: u64,
}

fn extract(args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let pipeline = pipeline(&args.input)?;
    let started = Instant::now();
    let mut out: BufWriter<Box<dyn Write + Send>> = match &args.output {
        Some(p) => create(p)?,
        None => BufWriter::with_capacity(1 << 16, Box::new(io::stdout())),
    };
    let mut errors = args.errors.as_ref().map(create).transpose()?;
    let progress = Progress::new(&args.input.paths);
    let opts = RecordOptions {
        no_text: args.no_text,
    };
    let mut tally = Tally::default();
    let mut write_error: Option<io::Error> = None;
    let items = RawItems::new(&args.input.paths, args.input.max_bytes);
    newsline::pipeline::run_ordered(
        items,
        jobs(&args.input),
        |item| {
            let size = item.as_ref().map_or(0, |i| i.bytes.len()) as u64;
            let outcome = item.and_then(|i| pipeline.process(&i)).map(|x| {
                let warnings = x.doc.warnings.len() as u64;
                (Record::from_extraction(&x, opts).to_json_line(), warnings)
            });
            (outcome, size)
        },
        |(outcome, size)| {
            tally.bytes += size;
            progress.advance(size);
            let written = match outcome {
                Ok((line, warnings)) => {
                    tally.documents += 1;
                    tally.warnings += warnings;
                    out.write_all(line.as_bytes())
                }
                Err(rejection) => {
                    tally.rejected += 1;
                    report_rejection(&rejection, errors.as_mut())
                }
            };
            if let Err(e) = written {
                write_error.get_or_insert(e);
            }
        },
    )?;
    progress.finish();
    out.flush().context("cannot write output")?;
    if let Some(e) = errors.as_mut() {
        e.flush().context("cannot write errors file")?;
    }
    if let Some(e) = write_error {
        bail!("cannot write output: {e}");
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
    Ok(if args.strict && tally.rejected > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
    let mut docs = Vec::new();
    for path in &args.gold {
        docs.extend(newsline::eval::read_gold_jsonl(path)?);
    }
    let report = newsline::eval::evaluate(&pipeline, &docs);
    println!("{} documents", docs.len());
    print!("{}", newsline::eval::render(&report));
    Ok(ExitCode::SUCCESS)
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
struct Progress(Option<indicatif::ProgressBar>);

impl Progress {
    fn new(paths: &[PathBuf]) -> Self {
        if !io::stderr().is_terminal() {
            return Progress(None);
        }
        let total: u64 = newsline::ingest::input_paths(paths)
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
        Progress(Some(bar))
    }

    fn advance(&self, bytes: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(bytes);
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
