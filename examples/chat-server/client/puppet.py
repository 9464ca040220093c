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
  {"op": "flood", "conn": ID, "event": NAME, "data": ..., "count": N,
   "window": W (at most W unanswered at once)}: emits the event N times with
   an acknowledgement; the reply counts the answers by error code ("ok" for
   the accepted ones) in "codes", and says how long it took in "seconds"
  {"op": "disconnect", "conn": ID}
  {"op": "mint", "claims": {...}, "key": SECRET or PRIVATE_PEM, "alg": "HS256"}:
   a JWT, signed with PyJWT, in "token"
   ("HS256-by-hand": HS256 signed here, with any key, a PEM included, which
   PyJWT refuses: for the algorithm confusion attack)
  {"op": "keygen", "kind": "rsa" | "ed25519"}: a new key pair, PEM, in
   "private" and "public"
  {"op": "quit"}

The first line written is {"ready": true, "socketio": VERSION}.
"""

import asyncio
import base64
import hashlib
import hmac
import json
import sys
import time
from importlib.metadata import version

import jwt
import socketio
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, rsa

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


def hs256_by_hand(claims, key):
    def b64(data):
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    signed = b64(b'{"alg":"HS256","typ":"JWT"}') + b"." + b64(json.dumps(claims).encode())
    signature = b64(hmac.new(key.encode(), signed, hashlib.sha256).digest())
    return (signed + b"." + signature).decode()


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
    if op == "flood":
        sio, ns = clients[cmd["conn"]]
        codes = {}
        left = [cmd["count"]]
        started = time.monotonic()

        async def worker():
            while left[0] > 0:
                left[0] -= 1
                try:
                    ack = await sio.call(cmd["event"], cmd["data"], namespace=ns, timeout=60)
                    code = "ok" if ack.get("ok") else ack["error"]["code"]
                except Exception as exc:  # a timeout: counted, the flood goes on
                    code = type(exc).__name__
                codes[code] = codes.get(code, 0) + 1

        await asyncio.gather(*(worker() for _ in range(cmd.get("window", 256))))
        return {"ok": True, "codes": codes, "seconds": round(time.monotonic() - started, 3)}
    if op == "mint":
        if cmd["alg"] == "HS256-by-hand":
            return {"ok": True, "token": hs256_by_hand(cmd["claims"], cmd["key"])}
        return {"ok": True, "token": jwt.encode(cmd["claims"], cmd["key"], algorithm=cmd["alg"])}
    if op == "keygen":
        if cmd["kind"] == "rsa":
            key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        else:
            key = ed25519.Ed25519PrivateKey.generate()
        private = key.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption())
        public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo)
        return {"ok": True, "private": private.decode(), "public": public.decode()}
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
