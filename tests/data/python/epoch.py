"""What CPython's datetime.fromtimestamp(x, timezone.utc) makes of Unix
epoch seconds, for tzsafe's oracle test (tests/integration/oracle_epoch.rs).

Input (stdin): a JSON array of numerals (seconds, as text). A numeral with a
"." is read with float(), as Python reads time.time()'s value; one without,
with int().
Output (stdout): a JSON array with, for each, [seconds, microseconds] of the
datetime CPython makes (floor seconds since the epoch, and its microsecond),
or null where it refuses (ValueError, OverflowError, OSError: outside years
1 to 9999).

No zone data is involved.
"""

import datetime as dt
import json
import sys

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


def read(text):
    value = float(text) if "." in text else int(text)
    try:
        at = dt.datetime.fromtimestamp(value, dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None
    delta = at - EPOCH
    return [delta.days * 86_400 + delta.seconds, delta.microseconds]


json.dump([read(text) for text in json.load(sys.stdin)], sys.stdout)
