"""CPython's readers and writers of dates in words, for tzsafe's oracle test
(tests/integration/oracle_mail.rs): email.utils.format_datetime and
parsedate_to_datetime (RFC 5322), http.cookiejar.http2time (HTTP dates).

Input (stdin, one JSON object):
  {"seed": S, "count": N, "read": [string, ...]}

Output (stdout, one JSON object):
  "version": CPython's version, like [3, 11, 7]
  "written": N strings CPython writes, each
      [text, "email" or "http", utc_seconds, offset_seconds]
      from random instants in years 1 to 9999 and random whole-minute
      offsets: format_datetime(aware) ("+HHMM"), format_datetime(naive)
      ("-0000", offset 0) and format_datetime(utc, usegmt=True) ("GMT").
  "readings": for each string of "read", what CPython reads from it:
      {"email": [utc_seconds, offset_seconds or null] or null,
       "http": utc_seconds or null}
      (offset null: parsedate_to_datetime gave a naive datetime, which it
      does for "-0000" and for a zone it does not know).

No zone data is involved.
"""

import datetime as dt
import json
import random
import sys
from email.utils import format_datetime, parsedate_to_datetime
from http.cookiejar import http2time

UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)


def written(rng, count):
    out = []
    lo = int((dt.datetime(1, 1, 2, tzinfo=UTC) - EPOCH).total_seconds())
    hi = int((dt.datetime(9999, 12, 30, tzinfo=UTC) - EPOCH).total_seconds())
    for i in range(count):
        # Half of them in 1900-2100, where most dates are.
        if i % 2:
            secs = rng.randrange(-2_208_988_800, 4_102_444_800)
        else:
            secs = rng.randrange(lo, hi)
        at = EPOCH + dt.timedelta(seconds=secs)
        kind = rng.randrange(3)
        if kind == 0:
            minutes = rng.randrange(-1439, 1440)
            local = at.astimezone(dt.timezone(dt.timedelta(minutes=minutes)))
            out.append([format_datetime(local), "email", secs, minutes * 60])
        elif kind == 1:
            naive = at.replace(tzinfo=None)
            out.append([format_datetime(naive), "email", secs, 0])
        else:
            out.append([format_datetime(at, usegmt=True), "http", secs, 0])
    return out


def reading(text):
    try:
        parsed = parsedate_to_datetime(text)
        if parsed.tzinfo is None:
            email = [int((parsed.replace(tzinfo=UTC) - EPOCH).total_seconds()), None]
        else:
            email = [
                int((parsed - EPOCH).total_seconds()),
                int(parsed.utcoffset().total_seconds()),
            ]
    except (TypeError, ValueError, OverflowError, IndexError):
        email = None
    try:
        http = http2time(text)
        http = None if http is None else int(http)
    except (TypeError, ValueError, OverflowError):
        http = None
    return {"email": email, "http": http}


def main():
    request = json.load(sys.stdin)
    rng = random.Random(request["seed"])
    json.dump(
        {
            "version": list(sys.version_info[:3]),
            "written": written(rng, request["count"]),
            "readings": [reading(text) for text in request["read"]],
        },
        sys.stdout,
    )


main()
