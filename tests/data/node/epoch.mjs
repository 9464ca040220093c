// What JavaScript's `new Date(ms)` makes of epoch milliseconds, for tzsafe's
// oracle test (tests/integration/oracle_node.rs). Plain node, no packages.
//
// Usage: node epoch.mjs < numerals.json
// Reads a JSON array of numerals (milliseconds, as text); prints a JSON
// array with, for each, new Date(Number(text)).getTime(), or null for an
// invalid date (outside JavaScript's range of +-8.64e15 ms).

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const out = JSON.parse(input).map((text) => {
    const ms = new Date(Number(text)).getTime();
    return Number.isNaN(ms) ? null : ms;
  });
  console.log(JSON.stringify(out));
});
