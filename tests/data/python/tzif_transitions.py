"""Prints the UTC-offset transitions of IANA zones between 1800 and 2100, read
from the system's TZif files by CPython's pure-Python zoneinfo implementation
(explicit transitions, then the POSIX TZ string of the file's footer).

Usage: python3 tzif_transitions.py < zone names (one per line)
Output: one line per zone: "name version|t1,before1,after1;t2,before2,after2;..."
or "name !missing" when the system has no such zone. Only changes of the total
UTC offset are listed, as tzsafe's Zone::next_transition does.
"""
import sys
from zoneinfo import _zoneinfo, _tzpath

START = -5_364_662_400  # 1800-01-01T00:00:00Z
END = 4_102_444_800  # 2100-01-01T00:00:00Z


def version():
    for base in _tzpath.TZPATH:
        try:
            with open(f"{base}/tzdata.zi") as f:
                return f.readline().split()[-1]
        except OSError:
            continue
    return "unknown"


def transitions(key):
    zone = _zoneinfo.ZoneInfo.no_cache(key)
    points = []  # (utc seconds, offset after)
    for at, info in zip(zone._trans_utc, zone._ttinfos):
        points.append((at, int(info.utcoff.total_seconds())))
    after = zone._tz_after
    if isinstance(after, _zoneinfo._TZStr):
        std = int(after.std.utcoff.total_seconds())
        dst = int(after.dst.utcoff.total_seconds())
        last = points[-1][0] if points else START
        first_year = 1970 + last // (365 * 86400) - 1
        for year in range(max(first_year, 1800), 2100):
            start, end = after.transitions(year)
            # start is in local standard time, end in local daylight time.
            for at, offset in ((start - std, dst), (end - dst, std)):
                if at > last:
                    points.append((at, offset))
        points.sort()
    first = zone._tti_before
    current = int(first.utcoff.total_seconds()) if first else points[0][1]
    out = []
    for at, offset in points:
        if offset != current:
            if START <= at < END:
                out.append((at, current, offset))
            current = offset
    return out


def main():
    ver = version()
    for line in sys.stdin:
        key = line.strip()
        if not key:
            continue
        try:
            rows = transitions(key)
        except (OSError, ValueError, KeyError):
            print(f"{key} !missing")
            continue
        print(f"{key} {ver}|" + ";".join(f"{a},{b},{c}" for a, b, c in rows))


main()
