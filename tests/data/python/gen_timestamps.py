"""Generates timestamps the way CPython and JavaScript services write them, and
what CPython's datetime.fromisoformat reads from each, for tzsafe's
differential test (tests/integration/parse_python.rs).

Usage: echo "SEED COUNT MUTATIONS" | python3 gen_timestamps.py
Needs CPython 3.11 or later (fromisoformat reads "Z" and every isoformat form
from 3.11 on). The same seed gives the same lines on any machine with all the
zones below (a missing one is reported, see "M").

Output: one JSON array per line, the first element says what the Rust side
must check:

  ["A", s, utc_seconds, utc_microseconds, offset_seconds]
      aware; tzsafe must read s as the same instant and offset (COUNT strings
      written by isoformat / str / toISOString, then COUNT / 10 strings with
      fields around their limits, which CPython read)
  ["N", s, year, month, day, hour, minute, second, microsecond]
      naive; tzsafe must read s as the same wall time
  ["a", ...] / ["n", ...]
      a mutated string CPython reads (as "A" / "N"): tzsafe may refuse it
      (it reads only what CPython and JavaScript *write*), but if it reads it,
      it must read the same value, to the microsecond (CPython truncates
      fraction digits beyond the 6th, tzsafe beyond the 9th)
  ["R", s]
      a mutated or field-limit string CPython refuses: tzsafe must refuse it too, except for
      the exceptions documented in parse_python.rs
  ["O", s]
      an aware string whose offset has microseconds (isoformat writes
      "+05:30:00.000001"): CPython reads it, chrono's FixedOffset cannot hold
      it, tzsafe must refuse it with ErrorKind::OutOfRange
  ["M", zone]
      a zone of ZONE_NAMES this machine does not have (written first): the
      strings are generated without it
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

if sys.version_info < (3, 11):
    sys.exit("gen_timestamps.py needs CPython 3.11 or later (fromisoformat)")

# A fixed list so that a seed reproduces everywhere. Chosen for local mean
# time before 1900 with seconds (Kolkata +05:53:28, Amsterdam +00:19:32,
# Monrovia -00:44:30, ...), odd offsets (Kathmandu +05:45, Chatham +12:45,
# St Johns -03:30, Lord Howe +10:30/+11:00), the extremes (Kiritimati +14,
# Niue -11), negative DST (Dublin), DST at midnight (Santiago, Havana,
# Beirut) and skipped days (Apia).
ZONE_NAMES = [
    "UTC", "America/New_York", "America/Los_Angeles", "America/St_Johns",
    "America/Sao_Paulo", "America/Santiago", "America/Havana", "America/Caracas",
    "Europe/London", "Europe/Dublin", "Europe/Amsterdam", "Europe/Paris",
    "Europe/Moscow", "Africa/Monrovia", "Africa/Casablanca", "Asia/Kolkata",
    "Asia/Kathmandu", "Asia/Tehran", "Asia/Beirut", "Asia/Dhaka", "Asia/Tokyo",
    "Asia/Shanghai", "Australia/Lord_Howe", "Australia/Adelaide",
    "Pacific/Chatham", "Pacific/Kiritimati", "Pacific/Niue", "Pacific/Apia",
    "Antarctica/Troll",
]

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
TIMESPECS = ["auto", "hours", "minutes", "seconds", "milliseconds", "microseconds"]
MUTATION_ALPHABET = "0123456789-:+.TtZz ,W"


def zones():
    """The zones of ZONE_NAMES this machine has; each one it lacks is reported
    on a ["M", name] line (the Rust side fails under CI, else prints a notice)
    and left out, which changes what a seed generates."""
    found = []
    for name in ZONE_NAMES:
        try:
            found.append(ZoneInfo(name))
        except (OSError, ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
            sys.stdout.write(json.dumps(["M", name]) + "\n")
    return found


def random_naive(rng):
    """A naive datetime, weighted to 1900-2100, anywhere in 1..9999."""
    roll = rng.random()
    if roll < 0.02:
        # Edges of CPython's range and of months.
        base = rng.choice([
            datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59, 999999),
            datetime(2024, 2, 29, 23, 59, 59), datetime(1900, 2, 28, 12),
            datetime(2000, 2, 29), datetime(1970, 1, 1), datetime(1969, 12, 31, 23, 59, 59, 999999),
        ])
        return base
    year = rng.randint(1900, 2100) if roll < 0.72 else rng.randint(1, 9999)
    start = datetime(year, 1, 1)
    end = datetime(year + 1, 1, 1) if year < 9999 else datetime(9999, 12, 31, 23, 59, 59)
    seconds = rng.randrange(int((end - start).total_seconds()))
    dt = start + timedelta(seconds=seconds)
    kind = rng.random()
    if kind < 0.4:
        micro = 0
    elif kind < 0.6:
        micro = rng.randrange(1000) * 1000
    else:
        micro = rng.randrange(1_000_000)
    return dt.replace(microsecond=micro)


def random_fixed_offset(rng):
    roll = rng.random()
    if roll < 0.15:
        return timezone.utc
    if roll < 0.75:
        minutes = rng.randint(-24 * 60 + 1, 24 * 60 - 1)
        return timezone(timedelta(minutes=minutes))
    seconds = rng.randint(-86399, 86399)
    return timezone(timedelta(seconds=seconds))


def random_aware(rng, zone_list):
    naive = random_naive(rng)
    if rng.random() < 0.45 and zone_list:
        zone = rng.choice(zone_list)
        return naive.replace(tzinfo=zone, fold=rng.choice([0, 0, 0, 1]))
    return naive.replace(tzinfo=random_fixed_offset(rng))


def js_iso(dt):
    """Date.prototype.toISOString() of an aware datetime, or None when its UTC
    instant is outside CPython's range."""
    try:
        u = dt.astimezone(timezone.utc)
    except OverflowError:
        return None
    return (f"{u.year:04d}-{u.month:02d}-{u.day:02d}T{u.hour:02d}:{u.minute:02d}:"
            f"{u.second:02d}.{u.microsecond // 1000:03d}Z")


def write(rng, dt):
    """One of the strings CPython (or JS) writes for dt."""
    roll = rng.random()
    if dt.tzinfo is not None and roll < 0.12:
        s = js_iso(dt)
        if s is not None:
            return s
    if roll < 0.25:
        return str(dt)
    sep = rng.choices(["T", " ", "t"], weights=[70, 25, 5])[0]
    return dt.isoformat(sep=sep, timespec=rng.choice(TIMESPECS))


def record(aware_tag, naive_tag, s):
    """What CPython reads from s: a line tagged aware_tag or naive_tag. None
    when CPython refuses s or reads an offset with microseconds."""
    try:
        v = datetime.fromisoformat(s)
    except ValueError:
        return None
    off = v.utcoffset()
    if off is None:
        return [naive_tag, s, v.year, v.month, v.day, v.hour, v.minute, v.second,
                v.microsecond]
    if off.microseconds:
        return None
    delta = v - EPOCH
    return [aware_tag, s, delta.days * 86400 + delta.seconds, delta.microseconds,
            off.days * 86400 + off.seconds]


def edge_string(rng):
    """A timestamp in isoformat's layout whose fields are drawn around their
    limits, and whether isoformat could have written it were it valid: an
    hour of 24 or an offset minute or second of 60 it never writes (CPython
    3.11 reads "+01:60" as +02:00, and newer ones read 24:00 as midnight of
    the next day; tzsafe refuses both, as RFC 3339 does)."""
    def near(lo, hi):
        return rng.choice([lo - 1, lo, lo + 1, hi - 1, hi, hi + 1, rng.randint(lo, hi)])

    year = rng.choice([0, 1, 2, 1900, 2000, 2023, 2024, 2100, 9999, rng.randint(1, 9999)])
    month = max(0, near(1, 12))
    day = max(0, rng.choice([near(1, 28), 29, 30, 31, 32]))
    hour, minute, second = max(0, near(0, 23)), max(0, near(0, 59)), max(0, near(0, 59))
    if rng.random() < 0.3:
        hour, minute, second = 23, 59, rng.choice([59, 60, 61])
    canonical = hour < 24
    s = f"{year:04d}-{month:02d}-{day:02d}{rng.choice('T ')}{hour:02d}:{minute:02d}:{second:02d}"
    if rng.random() < 0.4:
        s += "." + rng.choice(["000", "999", "999999", "123456", "5"])
    roll = rng.random()
    if roll < 0.3:
        return s, canonical
    if roll < 0.45:
        return s + "Z", canonical
    sign = rng.choice("+-")
    oh, om = max(0, near(0, 23)), max(0, near(0, 59))
    s += f"{sign}{oh:02d}:{om:02d}"
    canonical = canonical and om < 60
    if rng.random() < 0.2:
        os = max(0, near(0, 59))
        s += f":{os:02d}"
        canonical = canonical and os < 60
    return s, canonical


def mutate(rng, s):
    chars = list(s)
    op = rng.randrange(6)
    pos = rng.randrange(len(chars) + 1)
    c = rng.choice(MUTATION_ALPHABET)
    if op == 0 and chars:
        del chars[min(pos, len(chars) - 1)]
    elif op == 1:
        chars.insert(pos, c)
    elif op == 2 and chars:
        chars[min(pos, len(chars) - 1)] = c
    elif op == 3 and len(chars) > 1:
        i = min(pos, len(chars) - 2)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    elif op == 4:
        chars = chars[:pos]
    else:
        chars.append(c)
    return "".join(chars)


def main():
    seed, count, mutations = (int(x) for x in sys.stdin.read().split())
    rng = random.Random(seed)
    zone_list = zones()
    out = sys.stdout
    written = []
    while len(written) < count:
        dt = random_naive(rng) if rng.random() < 0.35 else random_aware(rng, zone_list)
        s = write(rng, dt)
        line = record("A", "N", s)
        if line is None:
            sys.exit(f"CPython cannot read its own output {s!r} (seed {seed})")
        if line[0] == "A" and dt.tzinfo is None or line[0] == "N" and dt.tzinfo is not None:
            sys.exit(f"unexpected kind for {s!r}")
        written.append(s)
        out.write(json.dumps(line) + "\n")

    # Offsets with microseconds: valid for CPython, not for chrono.
    for _ in range(max(1, count // 200)):
        naive = random_naive(rng)
        off = timedelta(seconds=rng.randint(-86399, 86399), microseconds=rng.randint(1, 999999))
        if abs(off) >= timedelta(hours=24):
            continue
        s = naive.replace(tzinfo=timezone(off)).isoformat(sep=rng.choice("T "))
        datetime.fromisoformat(s)  # CPython reads it
        out.write(json.dumps(["O", s]) + "\n")

    # Fields at and just past their limits, in isoformat's layout: CPython
    # decides. What it reads, tzsafe must read (unless isoformat never writes
    # it: see edge_string); what it refuses, tzsafe must refuse (month 13,
    # day 31 in a 30-day month, Feb 29 of a common year, hour 24, minute 60,
    # second 60, offset 24:00, year 0000).
    for _ in range(max(1, count // 10)):
        s, canonical = edge_string(rng)
        line = record("A", "N", s) if canonical else record("a", "n", s)
        if line is None:
            try:
                datetime.fromisoformat(s)
                continue  # an offset chrono cannot hold: covered by "O"
            except ValueError:
                line = ["R", s]
        out.write(json.dumps(line) + "\n")

    for _ in range(mutations):
        s = mutate(rng, rng.choice(written))
        line = record("a", "n", s)
        if line is not None:
            out.write(json.dumps(line) + "\n")
            continue
        try:
            datetime.fromisoformat(s)
            continue  # read, but with an offset chrono cannot hold: no claim
        except ValueError:
            pass
        # CPython refuses a lowercase "z" that RFC 3339 allows: what it reads
        # with "Z" is what tzsafe must read, if it reads the string.
        if "z" in s:
            line = record("a", "n", s.replace("z", "Z"))
            if line is not None:
                line[1] = s
                out.write(json.dumps(line) + "\n")
                continue
        out.write(json.dumps(["R", s]) + "\n")


main()
