"""An interactive client for the chat server, on python-socketio.

    python chat_client.py --token TOKEN [--url http://127.0.0.1:3000]

Connects to the four namespaces over one connection, pings each at the
interval the server asks for (its "hello"), prints every event it receives,
and reads commands, one per line:

    join ROOM                      leave ROOM
    say ROOM TEXT...               offers ROOM [CURSOR]
    typing ROOM                    stop ROOM
    react ROOM MESSAGE_ID EMOJI    unreact ROOM MESSAGE_ID EMOJI
    offer ROOM BUYER PERCENT TTL_SECONDS [CODE]
    accept OFFER_ID                decline OFFER_ID
    withdraw OFFER_ID              presence
    raw NAMESPACE EVENT JSON       (any event, to see how the server answers)
    quit

The user is the token's: no command says who you are.
"""

import argparse
import asyncio
import json
import sys

import socketio

NAMESPACES = ["/chat", "/social", "/orders", "/notifications"]


def show(*parts):
    print(*parts, flush=True)


async def pinger(sio, ns, interval):
    while True:
        await asyncio.sleep(interval)
        try:
            await sio.emit("ping", {}, namespace=ns)
        except socketio.exceptions.BadNamespaceError:
            return


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:3000")
    parser.add_argument("--token", required=True)
    args = parser.parse_args()

    sio = socketio.AsyncClient()
    pingers = {}

    for ns in NAMESPACES:
        def on_any(event, data=None, ns=ns):
            if event == "hello" and ns not in pingers:
                interval = data["heartbeat_interval_ms"] / 1000
                pingers[ns] = asyncio.create_task(pinger(sio, ns, interval))
            show(f"{ns} {event}:", json.dumps(data))

        def on_error(data=None, ns=ns):
            show(f"{ns} connect_error:", json.dumps(data))

        sio.on("*", on_any, namespace=ns)
        sio.on("connect_error", on_error, namespace=ns)

    try:
        await sio.connect(args.url, namespaces=NAMESPACES, auth={"token": args.token},
                          transports=["websocket"], wait_timeout=5)
    except socketio.exceptions.ConnectionError as exc:
        show("cannot connect:", exc)
        return 1

    async def call(ns, event, data):
        reply = await sio.call(event, data, namespace=ns, timeout=10)
        show(f"{ns} {event} ->", json.dumps(reply))

    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line or line.strip() == "quit":
            break
        words = line.split()
        if not words:
            continue
        cmd, rest = words[0], words[1:]
        try:
            if cmd in ("join", "leave", "typing", "stop"):
                event = {"join": "join_room", "leave": "leave_room", "typing": "typing_start",
                         "stop": "typing_stop"}[cmd]
                await call("/chat", event, {"room": rest[0]})
            elif cmd == "offers":
                page = {"room": rest[0]}
                if len(rest) > 1:
                    page["cursor"] = rest[1]
                await call("/chat", "list_offers", page)
            elif cmd in ("react", "unreact"):
                event = "message_reaction_add" if cmd == "react" else "message_reaction_remove"
                await call("/chat", event, {"room": rest[0], "message_id": rest[1], "emoji": rest[2]})
            elif cmd == "say":
                await call("/chat", "send_message", {"room": rest[0], "text": " ".join(rest[1:])})
            elif cmd == "offer":
                room, buyer, percent, ttl = rest[:4]
                code = rest[4] if len(rest) > 4 else "CHAT"
                value = {"type": "percentage", "basis_points": int(float(percent) * 100)}
                await call("/chat", "send_offer", {"room": room, "buyer": buyer, "code": code,
                                                   "value": value, "ttl_seconds": int(ttl)})
            elif cmd in ("accept", "decline"):
                await call("/chat", "respond_to_offer", {"offer_id": rest[0], "answer": cmd})
            elif cmd == "withdraw":
                await call("/chat", "withdraw_offer", {"offer_id": rest[0]})
            elif cmd == "presence":
                await call("/social", "get_presence", {})
            elif cmd == "raw":
                await call(rest[0], rest[1], json.loads(" ".join(rest[2:]) or "null"))
            else:
                show(f"unknown command {cmd!r}")
        except (IndexError, ValueError) as exc:
            show(f"usage error: {exc}")
        except socketio.exceptions.TimeoutError:
            show("no answer in 10 s")
    for task in pingers.values():
        task.cancel()
    await sio.disconnect()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
