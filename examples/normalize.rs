//! `normalize`: reads timestamps, one per line, on standard input and writes
//! each as an RFC 3339 instant in UTC (`2026-11-26T14:30:00Z`, with a fraction
//! of a second only when there is one) on standard output.
//!
//! ```text
//! $ printf '2026-11-26 09:30:00\n2026-11-26T09:30:00.5+01:00\n' \
//!     | cargo run --quiet --example normalize -- --assume America/New_York
//! 2026-11-26T14:30:00Z
//! 2026-11-26T08:30:00.500Z
//! ```
//!
//! Every form `tzsafe::parse` reads is accepted: RFC 3339, what Python's
//! `isoformat()` and `str(datetime)` write, and JavaScript's `toISOString()`.
//! A naive line (no UTC offset) is wall time in the `--assume` zone (UTC by
//! default), with `--disambiguation` deciding in DST gaps and folds; with
//! `--reject-naive` it is an error instead.
//!
//! * A line that cannot be read is reported on standard error as
//!   `line N: <error>` (N counts from 1, blank lines included) and skipped;
//!   the following lines are still read.
//! * Blank lines (empty or only whitespace) are skipped without a message.
//!   Other lines are read exactly as they are, without their `\n` or `\r\n`:
//!   spaces around a timestamp are an error, as they are for `tzsafe::parse`.
//! * Exit status: 0 when every non-blank line was read, 1 when a line could
//!   not be read (or standard input or output failed), 2 for a usage error.

use std::io::{self, BufRead, BufWriter, Write};
use std::process::ExitCode;

use tzsafe::{Disambiguation, MaybeAware, TimezoneAware, Zone};

const USAGE: &str = "\
usage: normalize [--assume ZONE] [--disambiguation POLICY] [--reject-naive]

Reads timestamps, one per line, on standard input and writes each as RFC 3339
in UTC (2026-11-26T14:30:00Z) on standard output.

options:
  --assume ZONE            zone of naive lines (no UTC offset): UTC (the
                           default), an offset like +05:30, or an IANA name
                           like America/New_York
  --disambiguation POLICY  for naive wall times in a DST gap or fold:
                           compatible (the default), earlier, later or reject
  --reject-naive           a naive line is an error
  -h, --help               this help

A line that cannot be read is reported on standard error as 'line N: ...'.
Blank lines are skipped. Exit status: 0 when every line was read, 1 when
some line could not be, 2 for a usage error.
";

/// What the command line asks for.
#[derive(Debug)]
enum Command {
    Help,
    Normalize(TimezoneAware),
}

/// Reads the arguments (without the program name).
fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut assume: Option<Zone> = None;
    let mut disambiguation: Option<Disambiguation> = None;
    let mut reject_naive = false;
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        // `--flag value` or `--flag=value`.
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg, None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone() {
                Some(value) => Ok(value),
                None => args.next().ok_or_else(|| format!("{name} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--assume" => {
                if assume.is_some() {
                    return Err("--assume given twice".into());
                }
                let zone = value("--assume")?;
                assume = Some(zone.parse().map_err(|err| format!("--assume: {err}"))?);
            }
            "--disambiguation" => {
                if disambiguation.is_some() {
                    return Err("--disambiguation given twice".into());
                }
                let policy = value("--disambiguation")?;
                disambiguation = Some(
                    policy
                        .parse()
                        .map_err(|err| format!("--disambiguation: {err}"))?,
                );
            }
            "--reject-naive" => {
                if inline.is_some() {
                    return Err("--reject-naive takes no value".into());
                }
                reject_naive = true;
            }
            other if other.starts_with('-') && other != "-" => {
                return Err(format!("unknown option {other:?}"));
            }
            other => {
                return Err(format!(
                    "unexpected argument {other:?}: timestamps are read from standard input"
                ))
            }
        }
    }
    if reject_naive && (assume.is_some() || disambiguation.is_some()) {
        return Err(
            "--reject-naive cannot be combined with --assume or --disambiguation: they only apply to naive lines".into(),
        );
    }
    let mut ctx = TimezoneAware::new()
        .default_tz(assume.unwrap_or(Zone::UTC))
        .disambiguation(disambiguation.unwrap_or_default());
    if reject_naive {
        ctx = ctx.reject_naive();
    }
    Ok(Command::Normalize(ctx))
}

/// One line, as RFC 3339 in UTC.
fn normalize(ctx: &TimezoneAware, line: &str) -> Result<MaybeAware, tzsafe::Error> {
    let instant = ctx.ensure_timezone_aware(tzsafe::parse(line)?)?;
    Ok(MaybeAware::Aware(instant.fixed_offset()))
}

/// Reads `input` to the end; returns whether every line was read.
fn run(
    ctx: &TimezoneAware,
    input: impl BufRead,
    output: impl Write,
    errors: &mut impl Write,
) -> io::Result<bool> {
    let mut output = BufWriter::new(output);
    let mut all_read = true;
    let mut number = 0u64;
    for line in input.split(b'\n') {
        let line = line?;
        number = number.saturating_add(1);
        let line = line.strip_suffix(b"\r").unwrap_or(&line);
        // Invalid UTF-8 becomes U+FFFD, which the parser refuses and quotes.
        let line = String::from_utf8_lossy(line);
        if line.trim().is_empty() {
            continue;
        }
        match normalize(ctx, &line) {
            Ok(utc) => writeln!(output, "{utc}")?,
            Err(err) => {
                all_read = false;
                // Keep stdout and stderr in order for a reader of both.
                output.flush()?;
                writeln!(errors, "line {number}: {err}")?;
            }
        }
    }
    output.flush()?;
    Ok(all_read)
}

fn main() -> ExitCode {
    let ctx = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Normalize(ctx)) => ctx,
        Ok(Command::Help) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("normalize: {problem}\ntry 'normalize --help'");
            return ExitCode::from(2);
        }
    };
    let stdin = io::stdin().lock();
    let stdout = io::stdout().lock();
    let mut stderr = io::stderr().lock();
    match run(&ctx, stdin, stdout, &mut stderr) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        // A reader that went away (`normalize | head`) needs no message.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => ExitCode::from(1),
        Err(err) => {
            let _ = writeln!(stderr, "normalize: {err}");
            ExitCode::from(1)
        }
    }
}
