"""Prints the first instant of local days, as CPython's zoneinfo computes it:
the earliest instant whose local date in the zone is the day (or a later one,
for a day the zone skipped). Run by tests/integration/discount.rs
(start_of_day_agrees_with_python_zoneinfo).

Usage: python3 start_of_day.py < lines "zone YYYY-MM-DD"
Output: first "version <tz database release>" (the last word of the first
line of the first tzdata.zi found along zoneinfo.TZPATH, which honours
PYTHONTZPATH), then one line "zone YYYY-MM-DD <unix seconds>" per input line,
in order, or "zone YYYY-MM-DD !missing" for a zone the system lacks. With no
tzdata.zi the version is "unknown" and nothing else is printed: the caller
cannot tell which data it would compare against.
"""
import sys
import zoneinfo
from datetime import date, datetime, timedelta, timezone

from tzif import version

UTC = timezone.utc


def start_of_day(zone, day):
    """The earliest instant whose local date in `zone` is `day` or later."""
    midnight = datetime(day.year, day.month, day.day)
    # Midnight exists (once, or twice in a fold): its earliest instant.
    found = []
    for fold in (0, 1):
        instant = midnight.replace(tzinfo=zone, fold=fold).astimezone(UTC)
        if instant.astimezone(zone).replace(tzinfo=None) == midnight:
            found.append(instant)
    if found:
        return min(found)
    # Midnight was skipped: the first second of the day lies between the two
    # readings of the missing wall time.
    a = midnight.replace(tzinfo=zone, fold=0).astimezone(UTC)
    b = midnight.replace(tzinfo=zone, fold=1).astimezone(UTC)
    lo, hi = min(a, b), max(a, b)
    while hi - lo > timedelta(seconds=1):
        mid = (lo + (hi - lo) // 2).replace(microsecond=0)
        if mid.astimezone(zone).date() >= day:
            hi = mid
        else:
            lo = mid
    return hi


def main():
    release = version()
    print("version", release)
    # Read all the input even when answering nothing: the caller writes it
    # whole, and would see a broken pipe.
    lines = sys.stdin.readlines()
    if release == "unknown":
        return
    zones = {}
    for line in lines:
        if not line.strip():
            continue
        name, day = line.split()
        if name not in zones:
            try:
                zones[name] = zoneinfo.ZoneInfo(name)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
                zones[name] = None
        zone = zones[name]
        if zone is None:
            print(name, day, "!missing")
            continue
        instant = start_of_day(zone, date.fromisoformat(day))
        print(name, day, int(instant.timestamp()))


main()
