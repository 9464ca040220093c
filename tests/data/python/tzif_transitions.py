"""Prints the UTC-offset transitions of IANA zones between 1800 and 2400, read
from the system's TZif files by CPython's pure-Python zoneinfo implementation
(explicit transitions, then the POSIX TZ string of the file's footer), through
tzif.py, which ensure_oracle.py shares.

Usage: python3 tzif_transitions.py < zone names (one per line)
Output: one line per zone: "name version|t1,before1,after1;t2,before2,after2;..."
or "name !missing" when the system has no such zone. Only changes of the total
UTC offset are listed, as tzsafe's Zone::next_transition does.
"""
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from tzif import transitions, version  # noqa: E402  (tests/data/python/tzif.py)


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
