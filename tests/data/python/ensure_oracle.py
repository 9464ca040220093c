"""The CPython oracle of tests/integration/oracle_cpython.rs: what a naive wall
time means in an IANA zone according to CPython's zoneinfo (PEP 495), and the
UTC offset of a zone at an instant.

Usage: python3 ensure_oracle.py < request

Request (stdin):
    seed <u64> walls <n> instants <m> sample <k>
    <zone>\t<class>\t<from year>        one line per candidate zone
where <class> is `special`, `common` or `other` (of which <k> are sampled at
random) and <from year> is the first year whose values may be compared for
that zone (0 = all): values before it are generated like the others but
reported as excluded (`x` lines) and replaced, so that exactly <n> wall times
and <m> instants are reported for comparison.

Output (stdout), one record a line, fields separated by single spaces:
    v <tzdata version> <python version>
    missing <zone>                      the system has no such zone
    zone <zone> <class> <number of offset transitions in [1800, 2400)>
    w <zone> <wall> <fold0 us> <fold1 us> <off0 s> <off1 s> <transition s or ->
        a wall time (ISO, always with microseconds), the Unix microseconds of
        the instants `fold=0` and `fold=1` give it, the UTC offsets (seconds)
        zoneinfo uses for each, and, when they differ, the transition (Unix
        seconds) that makes the wall time skipped or repeated
    i <zone> <instant us> <offset s>    an instant and zoneinfo's utcoffset there
    x w|i <zone> <value>                an excluded wall time / instant
    edge <zone> <instant us> <offset s> New York in July 2099 and 2100, either
                                        side of the end of chrono-tz's data
    done <walls> <instants>

Transitions are read from the zones themselves (tzif.py, shared with
tzif_transitions.py): the explicit transitions of the TZif file and those its
POSIX TZ string footer implies, through CPython's pure-Python zoneinfo
implementation, and each one is checked against the C implementation (the
offset one microsecond before and at the transition). The oracle values
themselves come from the C implementation (`zoneinfo`).
Wall times lie in [1900, 9999]: 40% near a transition of 1900-2399 (inside
the skipped or repeated interval, on its edges, within hours or days of it),
10% near a transition of a random later year, 2% within five days of
2100-01-01 (where chrono-tz's data ends), 28% uniformly random in 1900-2399,
20% in 2400-9999; sub-second values are common. Instants likewise.
"""
import bisect
import random
import sys
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from tzif import END, SECOND, transitions, version  # noqa: E402  (tests/data/python/tzif.py)

LO = -2_208_988_800  # 1900-01-01T00:00:00 (as a naive value's Unix seconds)
MID = END  # 2400-01-01T00:00:00: transitions are listed up to here
HI = 253_402_128_000  # 9999-12-30T00:00:00: CPython's range, with room for offsets
Y2100 = 4_102_444_800  # 2100-01-01T00:00:00, where chrono-tz's data ends
DAY = 86_400
US = 1_000_000
MICRO = timedelta(microseconds=1)
EPOCH_NAIVE = datetime(1970, 1, 1)
EPOCH_UTC = datetime(1970, 1, 1, tzinfo=timezone.utc)

# Share of wall times per zone class; the rest of the weight goes to `other`.
CLASS_WEIGHT = {"special": 0.35, "common": 0.25, "other": 0.40}


def offset_at(zi, micros):
    """zoneinfo's (C implementation) UTC offset in seconds at Unix microseconds."""
    return int((EPOCH_UTC + micros * MICRO).astimezone(zi).utcoffset() // SECOND)


def check_transitions(key, zi, rows):
    for at, before, after in rows:
        got = (offset_at(zi, at * US - 1), offset_at(zi, at * US))
        if got != (before, after):
            sys.exit(
                f"ensure_oracle.py: {key}: the TZif data gives a transition at {at} "
                f"from {before} to {after}, zoneinfo gives {got}"
            )


def sub_second(rng):
    r = rng.random()
    if r < 0.5:
        return 0
    if r < 0.9:
        return rng.randrange(US)
    return rng.choice((1, 999_999, 500_000))


def year_rows(key, rng):
    """The transitions of a random year after those listed up front (none
    for a zone without DST by then)."""
    start = rng.randrange(MID, HI - 366 * DAY)
    return transitions(key, start, start + 366 * DAY)


def near(rng, rows):
    """A wall time (Unix microseconds of the naive value) near a transition."""
    at, before, after = rng.choice(rows)
    lo = at + min(before, after)
    hi = at + max(before, after)
    r = rng.random()
    if r < 0.40:  # inside the skipped / repeated interval
        return rng.randrange(lo, hi) * US + sub_second(rng)
    if r < 0.65:  # on its edges
        return rng.choice((lo * US - 1, lo * US, hi * US - 1, hi * US, lo * US - US, hi * US + US - 1))
    if r < 0.85:  # within three hours
        return rng.randrange(lo - 3 * 3600, hi + 3 * 3600) * US + sub_second(rng)
    return rng.randrange(lo - 3 * DAY, hi + 3 * DAY) * US + sub_second(rng)


def wall_case(rng, key, rows):
    while True:
        r = rng.random()
        if rows and r < 0.40:
            local = near(rng, rows)
        elif r < 0.50:
            far = year_rows(key, rng)
            local = near(rng, far) if far else rng.randrange(MID, HI) * US + sub_second(rng)
        elif r < 0.52:  # either side of 2100-01-01, where chrono-tz's data ends
            local = rng.randrange(Y2100 - 5 * DAY, Y2100 + 5 * DAY) * US + sub_second(rng)
        elif r < 0.80:
            local = rng.randrange(LO, MID) * US + sub_second(rng)
        else:
            local = rng.randrange(MID, HI) * US + sub_second(rng)
        if LO * US <= local < HI * US:
            return local


def instant_near(rng, rows):
    at = rng.choice(rows)[0] * US
    r = rng.random()
    if r < 0.3:
        return at + rng.choice((-US, -1, 0, 1, US - 1))
    if r < 0.7:
        return at + rng.randrange(-3 * 3600 * US, 3 * 3600 * US)
    return at + rng.randrange(-3 * DAY * US, 3 * DAY * US)


def instant_case(rng, key, rows):
    while True:
        r = rng.random()
        if rows and r < 0.40:
            micros = instant_near(rng, rows)
        elif r < 0.50:
            far = year_rows(key, rng)
            micros = instant_near(rng, far) if far else rng.randrange(MID, HI) * US
        elif r < 0.52:
            micros = rng.randrange(Y2100 - 5 * DAY, Y2100 + 5 * DAY) * US + sub_second(rng)
        elif r < 0.80:
            micros = rng.randrange(LO, MID) * US + sub_second(rng)
        else:
            micros = rng.randrange(MID, HI) * US + sub_second(rng)
        if LO * US <= micros < HI * US:
            return micros


def year_of(micros):
    return (EPOCH_NAIVE + micros * MICRO).year


def main():
    out = sys.stdout
    header = sys.stdin.readline().split()
    params = dict(zip(header[0::2], (int(v) for v in header[1::2])))
    rng = random.Random(params["seed"])
    out.write(f"v {version()} {sys.version.split()[0]}\n")

    classes = {"special": [], "common": [], "other": []}
    start_year = {}
    for line in sys.stdin:
        if not line.strip():
            continue
        key, cls, from_year = line.rstrip("\n").split("\t")
        classes[cls].append(key)
        start_year[key] = int(from_year)

    zones = {}  # key -> (ZoneInfo, transitions, their first skipped/repeated wall times)

    def load(key):
        try:
            zi = ZoneInfo(key)
            rows = transitions(key)
        except (OSError, ValueError, KeyError):
            out.write(f"missing {key}\n")
            return False
        check_transitions(key, zi, rows)
        zones[key] = (zi, rows, [at + min(b, a) for at, b, a in rows])
        return True

    chosen = {}
    for cls in ("special", "common"):
        chosen[cls] = [key for key in classes[cls] if load(key)]
    others = list(classes["other"])
    rng.shuffle(others)
    chosen["other"] = []
    for key in others:
        if len(chosen["other"]) >= params["sample"]:
            break
        if load(key):
            chosen["other"].append(key)
    for cls, keys in chosen.items():
        for key in keys:
            out.write(f"zone {key} {cls} {len(zones[key][1])}\n")

    weighted = [(cls, CLASS_WEIGHT[cls]) for cls in chosen if chosen[cls]]
    total = sum(w for _, w in weighted)

    def pick_zone():
        r = rng.random() * total
        for cls, w in weighted:
            if r < w:
                return rng.choice(chosen[cls])
            r -= w
        return rng.choice(chosen[weighted[-1][0]])

    walls = 0
    while walls < params["walls"]:
        key = pick_zone()
        zi, rows, starts = zones[key]
        local = wall_case(rng, key, rows)
        naive = EPOCH_NAIVE + local * MICRO
        text = naive.isoformat(timespec="microseconds")
        if naive.year < start_year[key]:
            out.write(f"x w {key} {text}\n")
            continue
        off0 = int(naive.replace(tzinfo=zi).utcoffset() // SECOND)
        off1 = int(naive.replace(tzinfo=zi, fold=1).utcoffset() // SECOND)
        i0 = local - off0 * US
        i1 = local - off1 * US
        transition = "-"
        if off0 != off1:
            # The transition whose skipped / repeated interval holds the wall time.
            seconds = local // US
            if seconds < MID - 3 * DAY:
                k = bisect.bisect_right(starts, seconds) - 1
                found = rows[k] if k >= 0 else None
            else:
                here = transitions(key, seconds - 3 * DAY, seconds + 3 * DAY)
                check_transitions(key, zi, here)
                k = bisect.bisect_right([at + min(b, a) for at, b, a in here], seconds) - 1
                found = here[k] if k >= 0 else None
            if (
                found is None
                or not found[0] + min(found[1], found[2]) <= seconds < found[0] + max(found[1], found[2])
                or (found[1], found[2]) != (off0, off1)
                or not min(i0, i1) < found[0] * US <= max(i0, i1)
            ):
                sys.exit(
                    f"ensure_oracle.py: {key} {text}: fold=0/1 offsets {off0}/{off1} "
                    f"match no transition of the TZif data (nearest: {found})"
                )
            transition = str(found[0])
        out.write(f"w {key} {text} {i0} {i1} {off0} {off1} {transition}\n")
        walls += 1

    instants = 0
    while instants < params["instants"]:
        key = pick_zone()
        zi, rows, _ = zones[key]
        micros = instant_case(rng, key, rows)
        if year_of(micros) < start_year[key]:
            out.write(f"x i {key} {micros}\n")
            continue
        out.write(f"i {key} {micros} {offset_at(zi, micros)}\n")
        instants += 1

    # chrono-tz's data ends in 2099; zoneinfo goes on with the POSIX TZ rule,
    # and so must tzsafe.
    ny = ZoneInfo("America/New_York")
    for year in (2099, 2100):
        micros = int((datetime(year, 7, 1, 12, tzinfo=timezone.utc) - EPOCH_UTC) // MICRO)
        out.write(f"edge America/New_York {micros} {offset_at(ny, micros)}\n")
    out.write(f"done {walls} {instants}\n")


main()
