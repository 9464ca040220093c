#!/usr/bin/env python3
"""Builds tzsafe's bundled time zone data from the tz source that chrono-tz bundles.

Usage:
    python3 scripts/gen_tzdb.py           # writes src/zone/bundled.rs and src/zone/bundled.tzif
    python3 scripts/gen_tzdb.py --check   # writes nothing; fails if they would change

Steps:
1. Finds the chrono-tz package of Cargo.lock through `cargo metadata` and reads its
   tz database release (`IANA_TZDB_VERSION` in src/prebuilt/directory.rs, which must
   match the first release named in tz/NEWS).
2. Compiles its tz source files (tz/africa ... tz/southamerica, tz/backward) with
   `zic -b slim`, the reference compiler, into TZif version 2+ files: the explicit
   transitions and the POSIX TZ rule footer zic derives from the rules.
3. Checks every zone against chrono-tz's own tables (src/prebuilt/timezones.rs, as
   chrono-tz's build generated them): the same zone names, and the same changes of UTC
   offset through 2099, both the file's explicit transitions and those of its footer
   rule, evaluated year by year by CPython's zoneinfo implementation; and chrono-tz
   has none from 2100 on (its tables stop; the footer rule goes on).
4. Writes src/zone/bundled.tzif (each distinct file once, links sharing their target's)
   and src/zone/bundled.rs (the release, and each name's byte range in it).

Needs cargo, python3 >= 3.9 and zic from tzcode 2023d or later: `ZIC=/path/to/zic`, else
the `zic` on PATH. Build it from the tz distribution of the same release (`make zic` in
https://data.iana.org/time-zones/ tzcode, or the eggert/tz repository at the release tag);
glibc's zic (Debian 12's /usr/sbin/zic, 2.36) is older and drops Palestine's predicted
transitions after 2072, which step 3 reports as Asia/Gaza and Asia/Hebron differing.
"""
import hashlib
import json
import os
import pathlib
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from datetime import datetime, timezone
from zoneinfo import _zoneinfo

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT_RS = ROOT / "src/zone/bundled.rs"
OUT_TZIF = ROOT / "src/zone/bundled.tzif"
# The files chrono-tz's build reads (chrono-tz-build's list), in its order.
SOURCES = [
    "africa", "antarctica", "asia", "australasia", "backward",
    "etcetera", "europe", "northamerica", "southamerica",
]
END_2100 = 4_102_444_800  # 2100-01-01T00:00:00Z


def chrono_tz_dir():
    meta = json.loads(subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--locked"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    found = [p for p in meta["packages"] if p["name"] == "chrono-tz"]
    if len(found) != 1:
        sys.exit(f"expected one chrono-tz package in Cargo.lock, found {len(found)}")
    return found[0]["version"], pathlib.Path(found[0]["manifest_path"]).parent


def release(crate):
    text = (crate / "src/prebuilt/directory.rs").read_text()
    version = re.search(r'IANA_TZDB_VERSION: &str = "([^"]+)"', text).group(1)
    news = re.search(r"^Release (\S+)", (crate / "tz/NEWS").read_text(), re.M).group(1)
    if news != version:
        sys.exit(f"chrono-tz says tz {version} but its tz/NEWS starts with {news}")
    return version


def zic_version(zic):
    return subprocess.run([zic, "--version"], check=True, capture_output=True,
                          text=True).stdout.strip()


def compile_zones(zic, crate, out):
    subprocess.run([zic, "-b", "slim", "-d", str(out)] + SOURCES,
                   cwd=crate / "tz", check=True)
    files = {}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            files[path.relative_to(out).as_posix()] = path.read_bytes()
    return files


def read_tzif(data):
    """(offset of type 0, [(instant, offset)], footer) of a TZif v2+ file."""
    def header(at):
        assert data[at:at + 4] == b"TZif", "magic"
        return struct.unpack(">6l", data[at + 20:at + 44])
    isut, isstd, leap, timecnt, typecnt, charcnt = header(0)
    at = 44 + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    isut, isstd, leap, timecnt, typecnt, charcnt = header(at)
    at += 44
    times = struct.unpack(f">{timecnt}q", data[at:at + 8 * timecnt])
    at += 8 * timecnt
    indices = data[at:at + timecnt]
    at += timecnt
    types = [struct.unpack(">lBB", data[at + 6 * i:at + 6 * i + 6])[0] for i in range(typecnt)]
    at += 6 * typecnt + charcnt + 12 * leap + isstd + isut
    footer = data[at:].decode("ascii")
    assert footer.startswith("\n") and footer.endswith("\n"), "footer"
    return types[0], [(t, types[i]) for t, i in zip(times, indices)], footer.strip("\n")


def offset_changes(initial, points, end=None):
    out, current = [], initial
    for at, offset in points:
        if offset != current:
            if end is None or at < end:
                out.append((at, current, offset))
            current = offset
    return out


def zic_changes(data):
    """Changes of UTC offset before 2100: the file's, then its footer rule's as
    CPython's zoneinfo evaluates it."""
    initial, points, footer = read_tzif(data)
    points = list(points)
    if footer:
        rule = _zoneinfo._parse_tz_str(footer)
        if isinstance(rule, _zoneinfo._TZStr):
            std = int(rule.std.utcoff.total_seconds())
            dst = int(rule.dst.utcoff.total_seconds())
            last = points[-1][0] if points else None
            first_year = datetime.fromtimestamp(last, timezone.utc).year - 1 if points else 1800
            for year in range(first_year, 2101):
                start, end = rule.transitions(year)
                for at, offset in sorted(((start - std, dst), (end - dst, std))):
                    if last is None or at > last:
                        points.append((at, offset))
        elif not points:
            initial = int(rule.utcoff.total_seconds())
    return offset_changes(initial, points, END_2100)


def chrono_tz_changes(crate):
    """zone name -> its changes of UTC offset in chrono-tz's generated tables."""
    text = (crate / "src/prebuilt/timezones.rs").read_text()
    names = dict(re.findall(r'Tz::(\w+) => "([^"]+)"', text))
    zones = {}
    pattern = re.compile(
        r"Tz::(\w+) => \{\s*const REST: &\[\(i64, FixedTimespan\)\] = &\[(.*?)\];\s*"
        r"FixedTimespanSet \{\s*first: FixedTimespan \{\s*utc_offset: (-?\d+),\s*dst_offset: (-?\d+)",
        re.S)
    span = re.compile(r"\((-?\d+), FixedTimespan \{ utc_offset: (-?\d+), dst_offset: (-?\d+)")
    for variant, rest, utc, dst in pattern.findall(text):
        rows = [(int(at), int(u) + int(d)) for at, u, d in span.findall(rest)]
        zones[names[variant]] = offset_changes(int(utc) + int(dst), rows)
    if len(zones) != len(names):
        sys.exit(f"read {len(zones)} zones' tables from chrono-tz, expected {len(names)}")
    return zones


def check_against_chrono_tz(files, crate):
    theirs = chrono_tz_changes(crate)
    if set(theirs) != set(files):
        sys.exit(f"zone names differ: only zic {sorted(set(files) - set(theirs))}, "
                 f"only chrono-tz {sorted(set(theirs) - set(files))}")
    differing = []
    for name, data in files.items():
        if zic_changes(data) != theirs[name]:
            differing.append(name)
        if any(at >= END_2100 for at, _, _ in theirs[name]):
            sys.exit(f"chrono-tz has transitions from 2100 on in {name}: update this check")
    if differing:
        sys.exit(f"{len(differing)} zones differ from chrono-tz's tables: {' '.join(differing)}\n"
                 "(is zic older than the data? see the script's docs)")
    return len(files)


def render(version, crate_version, zic, files):
    blobs, ranges, names = bytearray(), {}, []
    for name, data in sorted(files.items()):
        key = hashlib.sha256(data).digest()
        if key not in ranges:
            ranges[key] = (len(ranges), len(blobs), len(blobs) + len(data))
            blobs += data
        names.append((name, ranges[key][0]))
    lines = [
        "//! Generated by `scripts/gen_tzdb.py`: do not edit. The tz source of",
        f"//! chrono-tz {crate_version} (IANA tz database {version}), compiled by",
        f"//! `zic -b slim` ({zic}) and checked against chrono-tz's own",
        "//! tables by the script. The tz database is in the public domain.",
        "",
        "/// The IANA tz database release of the bundled data.",
        f'pub(super) const VERSION: &str = "{version}";',
        "",
        "/// Every distinct TZif file, one after the other.",
        'pub(super) static TZIF: &[u8] = include_bytes!("bundled.tzif");',
        "",
        "/// How many distinct files [`TZIF`] holds.",
        f"pub(super) const FILE_COUNT: usize = {len(ranges)};",
        "",
        "/// The byte range of each file in [`TZIF`].",
        "pub(super) static FILES: [(u32, u32); FILE_COUNT] = [",
    ]
    for _, start, end in sorted(ranges.values()):
        lines.append(f"    ({start}, {end}),")
    lines += [
        "];",
        "",
        "/// How many zone names [`ZONES`] holds.",
        f"pub(super) const ZONE_COUNT: usize = {len(names)};",
        "",
        "/// Every zone name, sorted, with its file in [`FILES`] (links share their",
        "/// target's).",
        "pub(super) static ZONES: [(&str, u16); ZONE_COUNT] = [",
    ]
    for name, file in names:
        lines.append(f'    ("{name}", {file}),')
    lines.append("];")
    return "\n".join(lines) + "\n", bytes(blobs)


def main():
    check = "--check" in sys.argv
    zic = os.environ.get("ZIC") or shutil.which("zic") or "/usr/sbin/zic"
    crate_version, crate = chrono_tz_dir()
    version = release(crate)
    with tempfile.TemporaryDirectory() as tmp:
        files = compile_zones(zic, crate, pathlib.Path(tmp))
    checked = check_against_chrono_tz(files, crate)
    rs, tzif = render(version, crate_version, zic_version(zic), files)
    print(f"tz {version} from chrono-tz {crate_version}: {checked} zones agree with "
          f"chrono-tz through 2099; {len(tzif)} bytes of TZif")
    if check:
        stale = [p.name for p, new in ((OUT_RS, rs.encode()), (OUT_TZIF, tzif))
                 if not p.exists() or p.read_bytes() != new]
        if stale:
            sys.exit(f"out of date: {' '.join(stale)} (run scripts/gen_tzdb.py)")
        return
    OUT_RS.write_text(rs)
    OUT_TZIF.write_bytes(tzif)


if __name__ == "__main__":
    main()
