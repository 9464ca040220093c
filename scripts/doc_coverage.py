#!/usr/bin/env python3
"""List public functions and methods under src/ whose docs have no `# Example` section.

Usage: scripts/doc_coverage.py [--all] [PATH ...]

Counts every `pub fn` (free, inherent or in a public trait's declaration; not
`pub(crate)`, not trait impls, whose docs live on the trait). The crate denies
`unreachable_pub`, so every `pub` item counted here is public API. Functions
whose body only returns a field (`self.x`, `&self.x`, `self.0`, `self.a.b`)
are exempt and listed as such with --all. Prints one `path:line name` per
missing example and a summary per file; the exit code is 0 either way (this is
a report, not a gate).
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FN = re.compile(r"^\s*pub\s+(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+([A-Za-z_][A-Za-z0-9_]*)")
TRAIT_FN = re.compile(r"^\s*(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?fn\s+([A-Za-z_][A-Za-z0-9_]*)")
PUB_TRAIT = re.compile(r"^\s*pub\s+(?:unsafe\s+)?trait\s+")
EXAMPLE = re.compile(r"^\s*//[/!]\s*#\s+Examples?\s*$")
DOC = re.compile(r"^\s*///")
ATTR = re.compile(r"^\s*#\[")
FIELD_BODY = re.compile(r"^\s*&?\s*self(?:\.[A-Za-z0-9_]+)+(?:\.clone\(\))?\s*$")


def doc_block(lines, i):
    """The doc-comment and attribute lines directly above line i."""
    j = i - 1
    block = []
    while j >= 0:
        if DOC.match(lines[j]) or ATTR.match(lines[j]) or lines[j].strip().startswith("//"):
            block.append(lines[j])
            j -= 1
            continue
        start = attr_start(lines, j)
        if start is None:
            break
        block.extend(reversed(lines[start : j + 1]))
        j = start - 1
    return block


def attr_start(lines, j):
    """The first line of an attribute spread over several lines and ending at
    line j (a `#[deprecated(` whose `note = ...` and `)]` follow), or None."""
    if not lines[j].rstrip().endswith("]"):
        return None
    for k in range(j - 1, max(j - 10, -1), -1):
        if ATTR.match(lines[k]):
            return k
        if lines[k].rstrip().endswith(("{", "}", ";")) or DOC.match(lines[k]):
            return None
    return None


def returns_a_field(lines, i):
    """True if the function at line i is `{ self.x }` on one body line."""
    line = lines[i]
    if "{" in line and line.rstrip().endswith("}"):
        body = line[line.index("{") + 1 : line.rindex("}")]
        return bool(FIELD_BODY.match(body))
    k = i
    while k < len(lines) and not lines[k].rstrip().endswith("{"):
        k += 1
    return k + 2 < len(lines) and FIELD_BODY.match(lines[k + 1]) and lines[k + 2].strip() == "}"


def scan(path):
    lines = path.read_text().splitlines()
    found = []  # (line, name, has_example, exempt)
    depth = 0
    trait_depth = None  # brace depth outside the `pub trait` being read
    test_depth = None  # brace depth outside the `#[cfg(test)] mod` being skipped
    after_cfg_test = False
    for i, line in enumerate(lines):
        code = line.split("//")[0]
        if test_depth is None:
            name = None
            m = FN.match(line)
            if m:
                name = m.group(1)
            elif trait_depth is not None and depth == trait_depth + 1:
                t = TRAIT_FN.match(line)
                if t:
                    name = t.group(1)
            if name:
                has = any(EXAMPLE.match(b) for b in doc_block(lines, i))
                found.append((i + 1, name, has, not has and returns_a_field(lines, i)))
            if PUB_TRAIT.match(line):
                trait_depth = depth
            if re.match(r"^\s*#\[cfg\(test\)\]", line):
                after_cfg_test = True
            elif after_cfg_test and re.match(r"^\s*mod\s", line):
                test_depth = depth
                after_cfg_test = False
            elif not ATTR.match(line) and line.strip():
                after_cfg_test = False
        depth += code.count("{") - code.count("}")
        if test_depth is not None and depth <= test_depth and "}" in code:
            test_depth = None
        if trait_depth is not None and depth <= trait_depth and "}" in code:
            trait_depth = None
    return found


def main(argv):
    show_all = "--all" in argv
    args = [a for a in argv if a != "--all"]
    paths = [ROOT / a for a in args] if args else [ROOT / "src"]
    files = []
    for p in paths:
        files += sorted(p.rglob("*.rs")) if p.is_dir() else [p]
    total = missing = exempt = 0
    summary = []
    for f in files:
        items = scan(f)
        rel = f.relative_to(ROOT)
        n_missing = 0
        for line, name, has, ex in items:
            if ex:
                exempt += 1
                if show_all:
                    print(f"{rel}:{line} {name} (exempt: returns a field)")
            elif not has:
                n_missing += 1
                print(f"{rel}:{line} {name}")
        if items:
            summary.append((rel, len(items), n_missing))
        total += len(items)
        missing += n_missing
    print()
    for rel, n, m in summary:
        print(f"{str(rel):40} {n:4} public fns, {m:4} without an example")
    print(f"\ntotal: {total} public fns, {exempt} exempt (return a field), {missing} without an example")


if __name__ == "__main__":
    main(sys.argv[1:])
