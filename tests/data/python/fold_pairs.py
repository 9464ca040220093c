"""What CPython's zoneinfo (PEP 495) makes of given wall times: for each, the
instants `fold=0` and `fold=1` give it and the UTC offsets used. Run by
tests/integration/oracle_cpython.rs (the 2020-2035 grid).

Usage: python3 fold_pairs.py < lines "zone YYYY-MM-DDTHH:MM:SS"
Output: first "version <tz database release>", then one line per input line,
in order: "<fold0 unix seconds> <fold1 unix seconds> <off0 s> <off1 s>".
"""
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from tzif import version

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
SECOND = timedelta(seconds=1)


def main():
    print("version", version())
    zones = {}
    out = []
    for line in sys.stdin:
        if not line.strip():
            continue
        name, text = line.split()
        zone = zones.get(name) or zones.setdefault(name, ZoneInfo(name))
        wall = datetime.fromisoformat(text)
        row = []
        for fold in (0, 1):
            aware = wall.replace(tzinfo=zone, fold=fold)
            row.append((aware - EPOCH) // SECOND)
        for fold in (0, 1):
            row.append(wall.replace(tzinfo=zone, fold=fold).utcoffset() // SECOND)
        out.append(" ".join(map(str, row)))
    print("\n".join(out))


main()
