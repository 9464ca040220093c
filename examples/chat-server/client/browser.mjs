// Pages in headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM)
// driven by puppeteer-core for the Rust end-to-end tests, with puppet.py's
// line protocol: each JSON command on standard input has a "seq" and is
// answered by {"seq": N, "ok": true, ...} or {"seq": N, "ok": false,
// "error": "..."}.
//
// Commands:
//   {"op": "open", "page": ID, "url": URL, "zone": "Asia/Kolkata"}: a page in
//    a browser context of its own (no shared storage), in that time zone
//   {"op": "type", "page": ID, "selector": CSS, "text": "..."}
//   {"op": "click", "page": ID, "selector": CSS}
//   {"op": "wait", "page": ID, "js": EXPRESSION}: waits (10 s at most) until
//    the expression is truthy in the page; its value in "value"
//   {"op": "eval", "page": ID, "js": EXPRESSION}: its value in "value"
//   {"op": "screenshot", "page": ID, "path": FILE}
//   {"op": "close", "page": ID}
//   {"op": "quit"}
//
// The first line written is {"ready": true, "chromium": VERSION}.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

import puppeteer from "puppeteer-core";

function write(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

const profile = mkdtempSync(join(tmpdir(), "chat-chromium-"));
// Without the background-networking flags Chromium reaches out to Google's
// services, which a closed network refuses.
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  userDataDir: profile,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
const pages = new Map(); // id -> {context, page}

async function run(cmd) {
  const entry = pages.get(cmd.page);
  switch (cmd.op) {
    case "open": {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport({ width: 960, height: 360 });
      await page.emulateTimezone(cmd.zone);
      const errors = [];
      page.on("pageerror", (err) => errors.push(err.message));
      pages.set(cmd.page, { context, page, errors });
      await page.goto(cmd.url, { waitUntil: "load" });
      return { ok: true };
    }
    case "type":
      await entry.page.locator(cmd.selector).fill(cmd.text);
      return { ok: true };
    case "click":
      await entry.page.locator(cmd.selector).click();
      return { ok: true };
    case "wait": {
      const handle = await entry.page.waitForFunction(cmd.js, { timeout: 10000 });
      return { ok: true, value: await handle.jsonValue() };
    }
    case "eval":
      return { ok: true, value: await entry.page.evaluate(cmd.js) };
    case "screenshot":
      await entry.page.screenshot({ path: cmd.path });
      return { ok: true };
    case "close":
      pages.delete(cmd.page);
      await entry.context.close();
      return { ok: true, errors: entry.errors };
    default:
      throw new Error(`unknown op ${JSON.stringify(cmd.op)}`);
  }
}

async function answer(cmd) {
  let reply;
  try {
    reply = await run(cmd);
  } catch (err) {
    reply = { ok: false, error: `${err.name}: ${err.message}` };
  }
  reply.seq = cmd.seq;
  write(reply);
}

write({ ready: true, chromium: await browser.version() });
const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  const cmd = JSON.parse(line);
  if (cmd.op === "quit") break;
  await answer(cmd);
}
await browser.close();
rmSync(profile, { recursive: true, force: true });
process.exit(0);
