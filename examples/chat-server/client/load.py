"""Load for the chat server: many python-socketio clients pinging at once.

    python load.py --url http://127.0.0.1:3000 --tokens FILE --first 0 --count 500

Connects `count` clients (tokens from lines `first` .. `first + count` of
FILE, one `user token` per line; user `load-NNNN` is in room `room-NNN/10`)
to /chat, at most 50 handshakes at a time, each joining its room, then prints
{"connected": N}. It waits for a line "go" on standard input, then each
client pings every `--interval` seconds (with a random phase) for
`--seconds`, timing each ping's round trip to its acknowledgement. With
`--offer-every K`, every K-th user also sends an offer to the next user of
its room every interval (ttl `--offer-ttl` seconds), and every buyer accepts
the offers made to it as they arrive. At the end it prints one JSON line:
{"pings": ..., "errors": ..., "rtt_ms": {"p50": ..., "p99": ..., "max": ...},
"late": ..., "offers": {"sent": ..., "accepted": ..., "refused": {code: n}}}
("late": pings that started more than one interval after they were due: the
client falling behind).
"""

import argparse
import asyncio
import json
import random
import sys
import time

import socketio


def index_of(user):
    return int(user.rsplit("-", 1)[1])


def room_of(index):
    return f"room-{index // 10:03d}"


async def connect(url, user, token, limit, offers):
    async with limit:
        sio = socketio.AsyncClient(reconnection=False)

        async def on_offer(offer):
            # The buyer accepts every offer made to it, as it arrives.
            if offer.get("buyer") == user and offers["go"]:
                try:
                    reply = await sio.call("respond_to_offer",
                                           {"offer_id": offer["id"], "answer": "accept"},
                                           namespace="/chat", timeout=10)
                    count(offers, reply, "accepted")
                except Exception:  # a timeout or a closed connection
                    offers["refused"]["timeout"] = offers["refused"].get("timeout", 0) + 1

        sio.on("offer", on_offer, namespace="/chat")
        await sio.connect(url, namespaces=["/chat"], auth={"token": token},
                          transports=["websocket"], wait_timeout=30)
        await sio.call("join_room", {"room": room_of(index_of(user))}, namespace="/chat",
                       timeout=30)
        return user, sio


def count(offers, reply, key):
    if reply.get("ok"):
        offers[key] += 1
    else:
        code = reply["error"]["code"]
        offers["refused"][code] = offers["refused"].get(code, 0) + 1


async def seller(sio, user, seconds, interval, ttl, offers):
    """Sends an offer to the next user of its room every interval."""
    index = index_of(user)
    buyer = f"load-{index + 1:04d}"
    offer = {"room": room_of(index), "buyer": buyer, "code": "LOAD",
             "value": {"type": "percentage", "basis_points": 1000}, "ttl_seconds": ttl}
    await asyncio.sleep(random.uniform(0, interval))
    start = time.monotonic()
    due = start
    while due - start < seconds:
        try:
            reply = await sio.call("send_offer", offer, namespace="/chat", timeout=10)
            count(offers, reply, "sent")
        except Exception:  # a timeout or a closed connection
            offers["refused"]["timeout"] = offers["refused"].get("timeout", 0) + 1
        due += interval
        await asyncio.sleep(max(0.0, due - time.monotonic()))


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
    parser.add_argument("--offer-every", type=int, default=0)
    parser.add_argument("--offer-ttl", type=int, default=10)
    parser.add_argument("--clients", type=int, required=True, help="all clients, every process")
    args = parser.parse_args()

    with open(args.tokens) as f:
        lines = [line.split() for line in f if line.strip()]
    mine = lines[args.first:args.first + args.count]
    limit = asyncio.Semaphore(50)
    offers = {"go": False, "sent": 0, "accepted": 0, "refused": {}}
    clients = await asyncio.gather(*(connect(args.url, u, t, limit, offers) for u, t in mine))
    print(json.dumps({"connected": len(clients)}), flush=True)

    loop = asyncio.get_running_loop()
    go = await loop.run_in_executor(None, sys.stdin.readline)
    if go.strip() != "go":
        return
    rtts, stats = [], {"errors": 0, "late": 0}
    offers["go"] = True
    sellers = [
        seller(sio, user, args.seconds, args.interval, args.offer_ttl, offers)
        for user, sio in clients
        if args.offer_every and index_of(user) % args.offer_every == 0
        and index_of(user) + 1 < args.clients and room_of(index_of(user) + 1) == room_of(index_of(user))
    ]
    await asyncio.gather(
        *(pinger(c, args.seconds, args.interval, rtts, stats) for _, c in clients), *sellers)
    offers["go"] = False
    rtts.sort()
    print(json.dumps({
        "pings": len(rtts) + stats["errors"],
        "errors": stats["errors"],
        "late": stats["late"],
        "rtt_ms": {"p50": percentile(rtts, 0.5), "p99": percentile(rtts, 0.99),
                   "max": percentile(rtts, 1.0)},
        "offers": {k: v for k, v in offers.items() if k != "go"},
    }), flush=True)
    await asyncio.gather(*(c.disconnect() for _, c in clients), return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main())
