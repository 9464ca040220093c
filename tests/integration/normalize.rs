//! Tests: the `normalize` example (examples/normalize.rs), run as a process.
//!
//! Integration tests only get `CARGO_BIN_EXE_*` for binaries, not examples, so
//! the example is built once with the cargo that runs the tests, with this
//! test binary's features (so nothing is rebuilt), and the executable path is
//! taken from cargo's JSON messages rather than guessed from the target
//! directory's layout. Each case then runs the executable directly.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The example's executable, built on first use.
fn normalize_exe() -> &'static PathBuf {
    static EXE: OnceLock<PathBuf> = OnceLock::new();
    EXE.get_or_init(|| {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
        let mut features = Vec::new();
        if cfg!(feature = "tz") {
            features.push("tz");
        }
        if cfg!(feature = "serde") {
            features.push("serde");
        }
        if cfg!(feature = "time") {
            features.push("time");
        }
        let output = Command::new(cargo)
            .args([
                "build",
                "--quiet",
                "--example",
                "normalize",
                "--message-format=json",
            ])
            .arg("--manifest-path")
            .arg(&manifest)
            .arg("--no-default-features")
            .arg(format!("--features={}", features.join(",")))
            .stderr(Stdio::inherit())
            .output()
            .expect("cargo runs");
        assert!(
            output.status.success(),
            "cargo build --example normalize failed"
        );
        let stdout = String::from_utf8(output.stdout).expect("utf-8");
        stdout
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|msg| {
                msg["reason"] == "compiler-artifact" && msg["target"]["name"] == "normalize"
            })
            .find_map(|msg| msg["executable"].as_str().map(PathBuf::from))
            .expect("cargo reports the example's executable")
    })
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(normalize_exe())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the example starts");
    let mut input = child.stdin.take().expect("stdin");
    let stdin = stdin.to_vec();
    let writer = std::thread::spawn(move || match input.write_all(&stdin) {
        // A usage error exits without reading its input.
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    });
    let output = child.wait_with_output().expect("the example runs");
    writer.join().expect("writer").expect("stdin written");
    Run {
        code: output.status.code().expect("exited normally"),
        stdout: String::from_utf8(output.stdout).expect("utf-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("utf-8 stderr"),
    }
}

#[cfg(feature = "tz")]
#[test]
fn normalizes_every_form_in_new_york() {
    let input: &[u8] = b"\
2026-11-26T14:30:00Z
2026-11-26T09:30:00-05:00
2026-11-26 09:30:00
2026-07-04T12:00:00.123456
2026-11-26T09
2026-11-26T09:30
2026-11-26T19:00:00.250+05:30

   
2026-11-26T09:30:00.123Z
1850-06-01T12:00:00+05:53:28
2026-11-01T01:30:00
2026-03-08T02:30:00
2016-12-31T23:59:60.5Z
yesterday
2026-02-30T10:00:00
 2026-11-26T09:30:00Z
2026-11-26T09:30:00Z\r
\xff\xfe
2026-11-26
2026-11-26T09:30:00+00:00:00.000001
+275760-09-13T00:00:00.000Z
2026-11-26t09:30:00z";
    let out = run(&["--assume", "America/New_York"], input);
    assert_eq!(
        out.stdout,
        "\
2026-11-26T14:30:00Z
2026-11-26T14:30:00Z
2026-11-26T14:30:00Z
2026-07-04T16:00:00.123456Z
2026-11-26T14:00:00Z
2026-11-26T14:30:00Z
2026-11-26T13:30:00.250Z
2026-11-26T09:30:00.123Z
1850-06-01T06:06:32Z
2026-11-01T05:30:00Z
2026-03-08T07:30:00Z
2016-12-31T23:59:60.500Z
2026-11-26T09:30:00Z
2026-11-26T09:30:00Z
"
    );
    assert_eq!(
        out.stderr,
        "\
line 15: invalid timestamp \"yesterday\": expected a 4-digit year, or '+' or '-' and a 6-digit year (at byte 0)
line 16: invalid timestamp \"2026-02-30T10:00:00\": day 30 does not exist in 2026-02 (at byte 8)
line 17: invalid timestamp \" 2026-11-26T09:30:00Z\": expected a 4-digit year, or '+' or '-' and a 6-digit year (at byte 0)
line 19: invalid timestamp \"\u{fffd}\u{fffd}\": expected a 4-digit year, or '+' or '-' and a 6-digit year (at byte 0)
line 20: invalid timestamp \"2026-11-26\": expected 'T', 't' or ' ' then a time; a date alone is not a timestamp (at byte 10)
line 21: invalid timestamp \"2026-11-26T09:30:00+00:00:00.000001\": a UTC offset with a fraction of a second cannot be represented (chrono's FixedOffset holds whole seconds) (at byte 28)
line 22: invalid timestamp \"+275760-09-13T00:00:00.000Z\": year +275760 is outside the range chrono can represent (-262143 to +262142) (at byte 0)
"
    );
    assert_eq!(out.code, 1);
}

#[cfg(feature = "tz")]
#[test]
fn disambiguation_policies() {
    let input = b"2026-11-01T01:30:00\n2026-03-08T02:30:00\n2026-11-01T01:30:00-05:00\n";
    let later = run(
        &["--assume", "America/New_York", "--disambiguation", "later"],
        input,
    );
    assert_eq!(
        later.stdout,
        "2026-11-01T06:30:00Z\n2026-03-08T07:30:00Z\n2026-11-01T06:30:00Z\n"
    );
    assert_eq!((later.code, later.stderr.as_str()), (0, ""));

    let earlier = run(
        &["--disambiguation=earlier", "--assume=America/New_York"],
        input,
    );
    assert_eq!(
        earlier.stdout,
        "2026-11-01T05:30:00Z\n2026-03-08T06:30:00Z\n2026-11-01T06:30:00Z\n"
    );
    assert_eq!((earlier.code, earlier.stderr.as_str()), (0, ""));

    let reject = run(
        &["--assume", "America/New_York", "--disambiguation", "REJECT"],
        input,
    );
    assert_eq!(reject.stdout, "2026-11-01T06:30:00Z\n");
    assert_eq!(
        reject.stderr,
        "\
line 1: 2026-11-01T01:30:00 is ambiguous in America/New_York: it occurs at both 2026-11-01T01:30:00-04:00 and 2026-11-01T01:30:00-05:00 (clocks were turned back)
line 2: 2026-03-08T02:30:00 does not exist in America/New_York: clocks jumped from 2026-03-08T02:00:00 to 2026-03-08T03:00:00 at 2026-03-08T07:00:00Z
"
    );
    assert_eq!(reject.code, 1);
}

#[test]
fn naive_lines_default_to_utc() {
    let out = run(
        &[],
        b"2026-11-26 09:30:00\n2026-11-26T09:30:00+01:00\n2026-11-26T09:30:00.000001",
    );
    assert_eq!(
        out.stdout,
        "2026-11-26T09:30:00Z\n2026-11-26T08:30:00Z\n2026-11-26T09:30:00.000001Z\n"
    );
    assert_eq!((out.code, out.stderr.as_str()), (0, ""));
}

#[test]
fn fixed_offset_zone() {
    let out = run(&["--assume", "+05:30"], b"2026-11-26T09:30:00\n");
    assert_eq!(out.stdout, "2026-11-26T04:00:00Z\n");
    let out = run(&["--assume", "-03:30"], b"2026-11-26T09:30:00\n");
    assert_eq!(out.stdout, "2026-11-26T13:00:00Z\n");
    let out = run(&["--assume", "UTC"], b"2026-11-26T09:30:00\n");
    assert_eq!(out.stdout, "2026-11-26T09:30:00Z\n");
    assert_eq!(out.code, 0);
}

#[test]
fn reject_naive() {
    let out = run(
        &["--reject-naive"],
        b"2026-11-26T09:30:00Z\n2026-11-26 09:30:00.5\n2026-11-26T09:30:00+05:30\n",
    );
    assert_eq!(out.stdout, "2026-11-26T09:30:00Z\n2026-11-26T04:00:00Z\n");
    assert_eq!(
        out.stderr,
        "line 2: naive datetime 2026-11-26T09:30:00.500 has no UTC offset, and the current context refuses naive values: expected a value with an offset\n"
    );
    assert_eq!(out.code, 1);
}

#[test]
fn empty_and_blank_input_succeed() {
    let out = run(&[], b"");
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", "")
    );
    let out = run(&[], b"\n\r\n \t \n");
    assert_eq!(
        (out.code, out.stdout.as_str(), out.stderr.as_str()),
        (0, "", "")
    );
}

#[test]
fn help() {
    for flag in ["--help", "-h"] {
        let out = run(&["--assume", "UTC", flag], b"");
        assert_eq!(out.code, 0);
        assert!(
            out.stdout.starts_with(
                "usage: normalize [--assume ZONE] [--disambiguation POLICY] [--reject-naive]\n"
            ),
            "{}",
            out.stdout
        );
        assert!(out
            .stdout
            .contains("--reject-naive           a naive line is an error\n"));
        assert_eq!(out.stderr, "");
    }
}

#[test]
fn usage_errors_exit_2() {
    let cases: &[(&[&str], &str)] = &[
        (&["--utc"], "unknown option \"--utc\""),
        (&["-x"], "unknown option \"-x\""),
        (&["times.txt"], "unexpected argument \"times.txt\": timestamps are read from standard input"),
        (&["--assume"], "--assume needs a value"),
        (&["--disambiguation"], "--disambiguation needs a value"),
        (
            &["--assume", "+24:00"],
            "--assume: invalid offset \"+24:00\": offset hour 24 is out of range (expected 00 to 23) (at byte 1)",
        ),
        (
            &["--disambiguation", "latest"],
            "--disambiguation: invalid disambiguation policy \"latest\": expected one of compatible, earlier, later, reject (at byte 0)",
        ),
        (&["--assume", "UTC", "--assume", "UTC"], "--assume given twice"),
        (&["--disambiguation", "later", "--disambiguation=later"], "--disambiguation given twice"),
        (&["--reject-naive=yes"], "--reject-naive takes no value"),
        (
            &["--reject-naive", "--assume", "UTC"],
            "--reject-naive cannot be combined with --assume or --disambiguation: they only apply to naive lines",
        ),
        (
            &["--disambiguation", "reject", "--reject-naive"],
            "--reject-naive cannot be combined with --assume or --disambiguation: they only apply to naive lines",
        ),
    ];
    for (args, problem) in cases {
        let out = run(args, b"2026-11-26T09:30:00Z\n");
        assert_eq!(out.code, 2, "{args:?}");
        assert_eq!(out.stdout, "", "{args:?}");
        assert_eq!(
            out.stderr,
            format!("normalize: {problem}\ntry 'normalize --help'\n"),
            "{args:?}"
        );
    }
}

#[cfg(feature = "tz")]
#[test]
fn unknown_zone_is_a_usage_error() {
    let out = run(&["--assume", "Mars/Olympus"], b"");
    assert_eq!(out.code, 2);
    assert_eq!(
        out.stderr,
        "normalize: --assume: unknown time zone \"Mars/Olympus\": expected \"UTC\", \"Z\", an offset like \"+05:30\" or an IANA name like \"America/New_York\"\ntry 'normalize --help'\n"
    );
}
