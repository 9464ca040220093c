"""A Socket.IO client the Rust end-to-end tests drive, line by line.

Each line on standard input is a JSON command with a "seq" number; each is
answered on standard output by {"seq": N, "ok": true, ...} or
{"seq": N, "ok": false, "error": "..."}. Everything a connection receives is
written as it arrives: {"conn": ID, "event": NAME, "data": ...}, and a
connection that closes writes {"conn": ID, "event": "disconnect"}.

Commands (one python-socketio AsyncClient per connection, WebSocket only):
  {"op": "connect", "conn": ID, "url": URL, "ns": "/chat", "auth": {...} or null,
   "then": {"event": NAME, "data": ...} (optional: emitted with an
   acknowledgement the moment the connection is up, as a client's own
   connect handler would; the reply carries it as "ack")}
  {"op": "emit", "conn": ID, "event": NAME, "data": ... (absent: no argument),
   "ack": true|false}
  {"op": "disconnect", "conn": ID}
  {"op": "quit"}

The first line written is {"ready": true, "socketio": VERSION}.
"""

import asyncio
import json
import sys
from importlib.metadata import version

import socketio

clients = {}


def write(obj):
    sys.stdout.write(json.dumps(obj, separators=(",", ":")) + "\n")
    sys.stdout.flush()


def handlers(conn, ns, sio, refused):
    async def any_event(event, *args):
        write({"conn": conn, "event": event, "data": args[0] if len(args) == 1 else list(args)})

    async def connect_error(data=None):
        refused.append(data.get("message") if isinstance(data, dict) else data)

    async def disconnect(*_reason):
        write({"conn": conn, "event": "disconnect"})

    sio.on("*", any_event, namespace=ns)
    sio.on("connect_error", connect_error, namespace=ns)
    sio.on("disconnect", disconnect, namespace=ns)


async def run(cmd):
    op = cmd["op"]
    if op == "connect":
        conn, ns = cmd["conn"], cmd["ns"]
        sio = socketio.AsyncClient(reconnection=False)
        refused = []
        handlers(conn, ns, sio, refused)
        try:
            await sio.connect(cmd["url"], namespaces=[ns], auth=cmd.get("auth"),
                              transports=["websocket"], wait_timeout=5)
        except socketio.exceptions.ConnectionError as exc:
            await sio.disconnect()
            return {"ok": False, "error": refused[0] if refused else str(exc)}
        clients[conn] = (sio, ns)
        reply = {"ok": True, "sid": sio.get_sid(ns)}
        if then := cmd.get("then"):
            reply["ack"] = await sio.call(then["event"], then["data"], namespace=ns, timeout=10)
        return reply
    if op == "emit":
        sio, ns = clients[cmd["conn"]]
        args = (cmd["data"],) if "data" in cmd else ()
        if cmd.get("ack"):
            reply = await sio.call(cmd["event"], *args, namespace=ns, timeout=10)
            return {"ok": True, "ack": reply}
        await sio.emit(cmd["event"], *args, namespace=ns)
        return {"ok": True}
    if op == "disconnect":
        sio, _ = clients.pop(cmd["conn"])
        await sio.disconnect()
        return {"ok": True}
    raise ValueError(f"unknown op {op!r}")


async def answer(cmd):
    try:
        reply = await run(cmd)
    except Exception as exc:  # every failure is the test's to judge
        reply = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    reply["seq"] = cmd.get("seq")
    write(reply)


async def main():
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=1 << 22)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    write({"ready": True, "socketio": version("python-socketio")})
    tasks = set()
    while line := await reader.readline():
        cmd = json.loads(line)
        if cmd["op"] == "quit":
            break
        task = asyncio.create_task(answer(cmd))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    for sio, _ in list(clients.values()):
        await sio.disconnect()


if __name__ == "__main__":
    asyncio.run(main())
