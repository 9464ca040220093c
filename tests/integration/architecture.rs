//! The layering of `src/` (ARCHITECTURE.md): each module uses only modules
//! below it, so there are no import circles, and the models use only the
//! crate's public API.
//!
//! Read from the source: every `crate::<module>` in code (comments and doc
//! comments are skipped, so doc links may point anywhere).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The crate's modules, lowest layer first. A module may use the ones before
/// it in this list; `zone/table.rs` is part of `zone`, `models/**` of `models`.
const LAYERS: &[&str] = &[
    "aware",
    "error",
    "display",
    "parse",
    "time_interop",
    "zone",
    "compare",
    "resolve",
    "clock",
    "context",
    "ambient",
    "zoned",
    "jiff_interop",
    "serde",
    "models",
];

/// Public modules: the models may use these (and the crate root's items).
const PUBLIC: &[&str] = &["serde", "models"];

/// The module a file under `src/` belongs to (`None` for `lib.rs`).
fn module_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    (name != "lib").then(|| name.to_owned())
}

/// The crate modules that `source` refers to as `crate::<module>`, outside
/// comments.
fn uses(source: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for line in source.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if LAYERS.contains(&name.as_str()) {
                found.insert(name);
            }
        }
    }
    found
}

/// Every way `module`'s `source` breaks the layering.
fn violations(module: &str, source: &str) -> Vec<String> {
    let Some(layer) = LAYERS.iter().position(|m| *m == module) else {
        return vec![format!("{module} is not in LAYERS: place it in a layer")];
    };
    uses(source)
        .into_iter()
        .filter(|used| used != module)
        .filter_map(|used| {
            if module == "models" && !PUBLIC.contains(&used.as_str()) {
                return Some(format!(
                    "models uses crate::{used}, a private module: use the public API"
                ));
            }
            let used_layer = LAYERS.iter().position(|m| *m == used)?;
            (used_layer > layer).then(|| {
                format!("{module} uses crate::{used}, which is above it (an upward dependency)")
            })
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn modules_depend_on_lower_layers_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let Some(module) = module_of(relative) else {
            continue;
        };
        seen.insert(module.clone());
        let source = std::fs::read_to_string(file).unwrap();
        for problem in violations(&module, &source) {
            problems.push(format!("src/{}: {problem}", relative.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every module in LAYERS exists (the feature-gated ones always have a file).
    for module in LAYERS {
        assert!(seen.contains(*module), "no file for module {module}");
    }
}

#[test]
fn the_check_finds_upward_and_private_uses() {
    let upward = "use crate::ambient::ambient_now;\nuse crate::error::Error;\n";
    assert_eq!(
        violations("context", upward),
        ["context uses crate::ambient, which is above it (an upward dependency)"]
    );
    assert!(violations("ambient", upward).is_empty());
    let private = "use crate::{Error, Zone};\nlet _ = crate::display::utc_text(&at);\n";
    assert_eq!(
        violations("models", private),
        ["models uses crate::display, a private module: use the public API"]
    );
    // Comments and doc links are not uses; root items are not modules.
    let docs = "/// See [`utcnow_aware`](crate::ambient::utcnow_aware).\nlet now = crate::utcnow_aware(); // crate::ambient\n";
    assert!(violations("models", docs).is_empty());
    assert!(violations("context", "use crate::serde::aware_only;").len() == 1);
}

/// The longest a function in `src/` may be, from its `fn` line to its
/// closing brace.
const MAX_FUNCTION_LINES: usize = 80;

/// The name of the function that `line` starts, if it starts one.
fn function_name(line: &str) -> Option<&str> {
    let mut rest = line.trim_start();
    for qualifier in [
        "pub(crate) ",
        "pub(super) ",
        "pub ",
        "const ",
        "async ",
        "unsafe ",
    ] {
        rest = rest.strip_prefix(qualifier).unwrap_or(rest);
    }
    let name = rest
        .strip_prefix("fn ")?
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()?;
    (!name.is_empty()).then_some(name)
}

/// Every function of `source` longer than `limit` lines.
///
/// Read from rustfmt's layout: a function starts on a line that begins with
/// `fn` (after `pub`, `const`, ...), and its body ends on the first later line
/// that is `}` at the same indentation; a signature that ends in `;` has no
/// body.
fn long_functions(source: &str, limit: usize) -> Vec<String> {
    let lines: Vec<&str> = source.lines().collect();
    let code = |i: usize| lines[i].split("//").next().unwrap_or("").trim_end();
    let mut found = Vec::new();
    for (start, line) in lines.iter().enumerate() {
        let Some(name) = function_name(line) else {
            continue;
        };
        let Some(open) = (start..lines.len()).find(|&i| code(i).ends_with(['{', '}', ';'])) else {
            continue;
        };
        let end = if code(open).ends_with('{') {
            let indent = &line[..line.len() - line.trim_start().len()];
            let close = format!("{indent}}}");
            (open + 1..lines.len())
                .find(|&i| lines[i] == close)
                .unwrap_or(lines.len())
        } else if code(open).ends_with('}') {
            open
        } else {
            continue;
        };
        let length = end + 1 - start;
        if length > limit {
            found.push(format!("fn {name} (line {}) has {length} lines", start + 1));
        }
    }
    found
}

#[test]
fn functions_are_at_most_80_lines() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut problems = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let source = std::fs::read_to_string(file).unwrap();
        for problem in long_functions(&source, MAX_FUNCTION_LINES) {
            problems.push(format!("src/{}: {problem}", relative.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "functions over {MAX_FUNCTION_LINES} lines (split them):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_length_check_counts_from_fn_to_its_brace() {
    let source = "\
/// Docs and attributes are not counted.
#[inline]
pub(crate) fn short(x: u8) -> u8 {
    x
}

impl A {
    pub const fn long<T>(
        value: T,
    ) -> Result<(), ()>
    where
        T: Copy,
    {
        let braces = \"{ }\"; // {
        if true {
        }
        Ok(())
    }

    fn one_line() -> u8 { 1 }
}

trait B {
    fn declared(&self) -> u8;
    fn given(&self) -> u8 {
        1
    }
}
";
    assert_eq!(long_functions(source, 3), ["fn long (line 8) has 11 lines"]);
    assert!(long_functions(source, 11).is_empty());
    assert_eq!(
        long_functions(source, 2),
        [
            "fn short (line 3) has 3 lines",
            "fn long (line 8) has 11 lines",
            "fn given (line 25) has 3 lines",
        ]
    );
    assert_eq!(function_name("    fn(&u8) -> bool,"), None);
    assert_eq!(function_name("let f = defn x;"), None);
}
