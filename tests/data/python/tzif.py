"""What the oracle scripts read from the system's TZif files, in one place:
the tz database release and the changes of total UTC offset of a zone.

Imported by ensure_oracle.py and tzif_transitions.py (a script runs with its
own directory on sys.path). Transitions are read through CPython's
pure-Python zoneinfo implementation: the explicit transitions of the TZif
file, then those its POSIX TZ string footer implies, year by year.
"""
import functools
from datetime import datetime, timedelta, timezone
from zoneinfo import _tzpath, _zoneinfo

START = -5_364_662_400  # 1800-01-01T00:00:00Z
END = 13_569_465_600  # 2400-01-01T00:00:00Z
SECOND = timedelta(seconds=1)


def version():
    """The release of the system tz database (the last word of the first line
    of `tzdata.zi`), or "unknown"."""
    for base in _tzpath.TZPATH:
        try:
            with open(f"{base}/tzdata.zi") as f:
                return f.readline().split()[-1]
        except (OSError, IndexError):
            continue
    return "unknown"


def seconds(delta):
    """A whole number of seconds from a timedelta (TZif offsets are whole
    seconds)."""
    return int(delta // SECOND)


def year_of(unix_seconds):
    """The UTC calendar year of an instant given in Unix seconds."""
    return (datetime(1970, 1, 1, tzinfo=timezone.utc) + unix_seconds * SECOND).year


@functools.lru_cache(maxsize=None)
def _pure(key):
    """The zone read by CPython's pure-Python implementation, once per key."""
    return _zoneinfo.ZoneInfo.no_cache(key)


def transitions(key, start=START, end=END):
    """The changes of total UTC offset of `key` in [start, end) as a list of
    (Unix seconds, offset before, offset after), in order, as tzsafe's
    `Zone::next_transition` lists them (a change of abbreviation or isdst
    alone is not one).

    Raises OSError, ValueError or KeyError when the system has no such zone.
    """
    zone = _pure(key)
    points = [(at, seconds(info.utcoff)) for at, info in zip(zone._trans_utc, zone._ttinfos)]
    after = zone._tz_after
    if isinstance(after, _zoneinfo._TZStr):
        std = seconds(after.std.utcoff)
        dst = seconds(after.dst.utcoff)
        last = points[-1][0] if points else start
        # The footer applies after the last explicit transition: from the year
        # before it (a transition of its year may precede it in UTC) through
        # the year after `end` (one of whose transitions, read in local time,
        # may fall before `end` in UTC); rows outside [start, end) are dropped
        # below.
        first_year = max(year_of(max(last, start)) - 1, 1)
        last_year = year_of(end) + 1
        for year in range(first_year, last_year + 1):
            dst_start, dst_end = after.transitions(year)
            # `dst_start` is in local standard time, `dst_end` in local daylight time.
            for at, offset in ((dst_start - std, dst), (dst_end - dst, std)):
                if at > last:
                    points.append((at, offset))
        points.sort()
    first = zone._tti_before
    current = seconds(first.utcoff) if first else points[0][1]
    out = []
    for at, offset in points:
        if offset != current:
            if start <= at < end:
                out.append((at, current, offset))
            current = offset
    return out
