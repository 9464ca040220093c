// What JavaScript's Date writes and reads, for tzsafe's oracle test
// (tests/integration/oracle_node.rs). Plain node, no packages.
//
// Usage: TZ=<zone> node js_dates.mjs <seed> <count>
// Prints one JSON array per line:
//   [ms, toString(), toUTCString(), Date.parse(toString()), Date.parse(toUTCString())]
// (a Date.parse that fails is null) for <count> instants from a seeded
// generator: most in 1900-2100, some in 1800-1900 (local mean time, offsets
// with seconds), some anywhere in years -5000 to 15000.

const [seedText, countText] = process.argv.slice(2);
let state = BigInt(seedText) & 0xffffffffffffffffn;

// SplitMix64.
function next() {
  state = (state + 0x9e3779b97f4a7c15n) & 0xffffffffffffffffn;
  let z = state;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & 0xffffffffffffffffn;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & 0xffffffffffffffffn;
  return z ^ (z >> 31n);
}

function range(lo, hi) {
  return lo + Number(next() % BigInt(hi - lo));
}

const Y1800 = Date.UTC(1800, 0, 1) / 1000;
const Y1900 = Date.UTC(1900, 0, 1) / 1000;
const Y2100 = Date.UTC(2100, 0, 1) / 1000;
const LOW = Date.UTC(-5000, 0, 1) / 1000;
const HIGH = Date.UTC(15000, 0, 1) / 1000;

const parse = (s) => {
  const ms = Date.parse(s);
  return Number.isNaN(ms) ? null : ms;
};

const lines = [];
for (let i = 0; i < Number(countText); i++) {
  const pick = range(0, 10);
  const secs = pick < 6 ? range(Y1900, Y2100) : pick < 8 ? range(Y1800, Y1900) : range(LOW, HIGH);
  const date = new Date(secs * 1000 + range(0, 1000));
  const local = date.toString();
  const utc = date.toUTCString();
  lines.push(JSON.stringify([date.getTime(), local, utc, parse(local), parse(utc)]));
}
console.log(lines.join("\n"));
