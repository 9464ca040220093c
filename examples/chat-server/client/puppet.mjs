// A Socket.IO client the Rust end-to-end tests drive, line by line: the
// JavaScript twin of puppet.py, on the socket.io-client the original front
// end used. Same protocol:
//
// Each line on standard input is a JSON command with a "seq" number; each is
// answered on standard output by {"seq": N, "ok": true, ...} or
// {"seq": N, "ok": false, "error": "..."}. Everything a connection receives
// is written as it arrives: {"conn": ID, "event": NAME, "data": ...}, and a
// connection that closes writes {"conn": ID, "event": "disconnect"}.
//
// Commands (WebSocket only, no reconnection):
//   {"op": "connect", "conn": ID, "url": URL, "ns": "/chat", "auth": {...} or null,
//    "manager": KEY (optional: connections with the same key share one
//    Manager, one WebSocket for all their namespaces, as io("/chat") and
//    io("/social") in one page do; without it each has its own),
//    "then": {"event": NAME, "data": ...} (optional: emitted with an
//    acknowledgement the moment the connection is up; the reply has "ack")}
//   {"op": "emit", "conn": ID, "event": NAME, "data": ... (absent: no argument),
//    "ack": true|false}
//   {"op": "flood", "conn": ID, "event": NAME, "data": ..., "count": N,
//    "window": W}: as puppet.py's
//   {"op": "disconnect", "conn": ID}
//   {"op": "close_manager", "manager": KEY}: closes the shared WebSocket
//    (a tab closing)
//   {"op": "quit"}
//
// The first line written is {"ready": true, "socketio": VERSION}.

import { createRequire } from "node:module";
import { createInterface } from "node:readline";

import { Manager } from "socket.io-client";

const require = createRequire(import.meta.url);
const { version } = require("socket.io-client/package.json");

const clients = new Map(); // conn -> socket
const managers = new Map(); // key -> Manager

function write(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function managerFor(cmd) {
  const options = { transports: ["websocket"], reconnection: false, timeout: 5000, autoConnect: false };
  if (cmd.manager === undefined) {
    return new Manager(cmd.url, options);
  }
  const key = `${cmd.manager} ${cmd.url}`;
  if (!managers.has(key)) {
    managers.set(key, new Manager(cmd.url, options));
  }
  return managers.get(key);
}

function connect(cmd) {
  const { conn, ns } = cmd;
  const socket = managerFor(cmd).socket(ns, { auth: cmd.auth ?? undefined });
  socket.onAny((event, ...args) => {
    write({ conn, event, data: args.length === 1 ? args[0] : args });
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.close();
      resolve({ ok: false, error: "connect: timed out" });
    }, 5000);
    socket.once("connect_error", (err) => {
      clearTimeout(timer);
      socket.close();
      resolve({ ok: false, error: err.message });
    });
    socket.once("connect", async () => {
      clearTimeout(timer);
      socket.on("disconnect", () => write({ conn, event: "disconnect" }));
      clients.set(conn, socket);
      const reply = { ok: true, sid: socket.id };
      if (cmd.then) {
        reply.ack = await socket.timeout(10000).emitWithAck(cmd.then.event, cmd.then.data);
      }
      resolve(reply);
    });
    socket.connect();
  });
}

async function run(cmd) {
  switch (cmd.op) {
    case "connect":
      return connect(cmd);
    case "emit": {
      const socket = clients.get(cmd.conn);
      const args = "data" in cmd ? [cmd.data] : [];
      if (cmd.ack) {
        const ack = await socket.timeout(10000).emitWithAck(cmd.event, ...args);
        return { ok: true, ack };
      }
      socket.emit(cmd.event, ...args);
      return { ok: true };
    }
    case "flood": {
      // As puppet.py's: `count` emits with acknowledgements, at most
      // `window` unanswered; the answers counted by error code.
      const socket = clients.get(cmd.conn);
      const codes = {};
      let left = cmd.count;
      const started = performance.now();
      const worker = async () => {
        while (left > 0) {
          left -= 1;
          let code;
          try {
            const ack = await socket.timeout(60000).emitWithAck(cmd.event, cmd.data);
            code = ack.ok ? "ok" : ack.error.code;
          } catch (err) {
            code = err.name;
          }
          codes[code] = (codes[code] ?? 0) + 1;
        }
      };
      await Promise.all(Array.from({ length: cmd.window ?? 256 }, worker));
      const seconds = Math.round(performance.now() - started) / 1000;
      return { ok: true, codes, seconds };
    }
    case "disconnect": {
      const socket = clients.get(cmd.conn);
      clients.delete(cmd.conn);
      socket.disconnect();
      return { ok: true };
    }
    case "close_manager": {
      for (const [key, manager] of managers) {
        if (key.startsWith(`${cmd.manager} `)) {
          manager.engine?.close();
          managers.delete(key);
        }
      }
      return { ok: true };
    }
    default:
      throw new Error(`unknown op ${JSON.stringify(cmd.op)}`);
  }
}

async function answer(cmd) {
  let reply;
  try {
    reply = await run(cmd);
  } catch (err) {
    // every failure is the test's to judge
    reply = { ok: false, error: `${err.name}: ${err.message}` };
  }
  reply.seq = cmd.seq;
  write(reply);
}

write({ ready: true, socketio: version });
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  const cmd = JSON.parse(line);
  if (cmd.op === "quit") {
    break;
  }
  answer(cmd);
}
for (const socket of clients.values()) {
  socket.disconnect();
}
process.exit(0);
