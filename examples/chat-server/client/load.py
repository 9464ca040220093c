"""Load for the chat server: many python-socketio clients pinging at once.

    python load.py --url http://127.0.0.1:3000 --tokens FILE --first 0 --count 500

Connects `count` clients (tokens from lines `first` .. `first + count` of
FILE, one `user token` per line) to /chat, at most 50 handshakes at a time,
then prints {"connected": N}. It waits for a line "go" on standard input, then
each client pings every `--interval` seconds (with a random phase) for
`--seconds`, timing each ping's round trip to its acknowledgement. At the end
it prints one JSON line: {"pings": ..., "errors": ..., "rtt_ms": {"p50": ...,
"p99": ..., "max": ...}, "late": ...} ("late": pings that started more than
one interval after they were due: the client falling behind).
"""

import argparse
import asyncio
import json
import random
import sys
import time

import socketio


async def connect(url, user, token, limit):
    async with limit:
        sio = socketio.AsyncClient(reconnection=False)
        await sio.connect(url, namespaces=["/chat"], auth={"token": token},
                          transports=["websocket"], wait_timeout=30)
        return sio


async def pinger(sio, seconds, interval, rtts, stats):
    await asyncio.sleep(random.uniform(0, interval))
    start = time.monotonic()
    due = start
    while due - start < seconds:
        now = time.monotonic()
        if now - due > interval:
            stats["late"] += 1
        sent = time.perf_counter()
        try:
            reply = await sio.call("ping", {}, namespace="/chat", timeout=10)
            if reply.get("ok"):
                rtts.append(time.perf_counter() - sent)
            else:
                stats["errors"] += 1
        except Exception:  # a timeout or a closed connection
            stats["errors"] += 1
        due += interval
        await asyncio.sleep(max(0.0, due - time.monotonic()))


def percentile(sorted_values, q):
    if not sorted_values:
        return None
    index = min(len(sorted_values) - 1, int(q * len(sorted_values)))
    return round(sorted_values[index] * 1000, 3)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--tokens", required=True)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--count", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--interval", type=float, default=1.0)
    args = parser.parse_args()

    with open(args.tokens) as f:
        lines = [line.split() for line in f if line.strip()]
    mine = lines[args.first:args.first + args.count]
    limit = asyncio.Semaphore(50)
    clients = await asyncio.gather(*(connect(args.url, u, t, limit) for u, t in mine))
    print(json.dumps({"connected": len(clients)}), flush=True)

    loop = asyncio.get_running_loop()
    go = await loop.run_in_executor(None, sys.stdin.readline)
    if go.strip() != "go":
        return
    rtts, stats = [], {"errors": 0, "late": 0}
    await asyncio.gather(*(pinger(c, args.seconds, args.interval, rtts, stats) for c in clients))
    rtts.sort()
    print(json.dumps({
        "pings": len(rtts) + stats["errors"],
        "errors": stats["errors"],
        "late": stats["late"],
        "rtt_ms": {"p50": percentile(rtts, 0.5), "p99": percentile(rtts, 0.99),
                   "max": percentile(rtts, 1.0)},
    }), flush=True)
    await asyncio.gather(*(c.disconnect() for c in clients), return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
