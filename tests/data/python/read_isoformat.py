"""Reads timestamps with CPython's datetime.fromisoformat, as a consumer of
tzsafe's JSON would. Run by tests/integration/serde.rs
(numeric_offset_is_read_by_cpython_fromisoformat).

Usage: python3 read_isoformat.py < one timestamp a line
Output: one JSON line per input line, in order: [unix seconds, microseconds,
UTC offset in seconds] of what fromisoformat reads (the instant, floored to
the microsecond as CPython holds it), or ["error", message] when it refuses
the text (or reads a naive value, which no tzsafe writer produces).
Needs CPython 3.11 or later for the "Z" form; the "+00:00" form is the one
isoformat() itself writes, which every CPython since 3.7 reads.
"""
import json
import sys
from datetime import datetime, timezone

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def main():
    out = []
    for line in sys.stdin:
        text = line.rstrip("\n")
        try:
            value = datetime.fromisoformat(text)
        except ValueError as err:
            out.append(json.dumps(["error", str(err)]))
            continue
        if value.tzinfo is None:
            out.append(json.dumps(["error", "naive"]))
            continue
        delta = value - EPOCH
        seconds = delta.days * 86400 + delta.seconds
        offset = int(value.utcoffset().total_seconds())
        out.append(json.dumps([seconds, delta.microseconds, offset]))
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))


main()
