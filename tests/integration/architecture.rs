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
