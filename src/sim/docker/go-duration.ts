/**
 * Go's time.Duration as the docker CLI and daemon read and print it: ParseDuration
 * (behind `--health-interval`, `--since`, prune's `until=`) with its error texts, and
 * Duration.String (what `{{.Config.Healthcheck.Interval}}` prints). Durations are
 * whole nanoseconds, as Go keeps them.
 */

const UNIT_NS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  "\u00b5s": 1e3, // µ, MICRO SIGN
  "\u03bcs": 1e3, // μ, GREEK SMALL LETTER MU
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Go's int64 bound: ParseDuration refuses beyond it (about 292 years). */
const MAX_NS = 2 ** 63;

/** strconv.Quote of what a learner types (ASCII and UTF-8 letters as they are). */
function quote(s: string): string {
  return JSON.stringify(s);
}

/** time.ParseDuration: nanoseconds, or Go's error (`time: invalid duration "abc"`). */
export function parseGoDuration(orig: string): { ns: number } | { error: string } {
  const invalid = { error: `time: invalid duration ${quote(orig)}` };
  let s = orig;
  let neg = false;
  if (s[0] === "-" || s[0] === "+") {
    neg = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return { ns: 0 };
  if (s === "") return invalid;
  let total = 0;
  // Each part is a number and its unit, so the loop ends within the string's length.
  while (s !== "") {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    const [num, int = "", frac] = m;
    if (int === "" && (frac === undefined || frac === "")) return invalid;
    s = s.slice(num.length);
    const unit = /^[^.0-9]*/.exec(s)![0];
    if (unit === "") return { error: `time: missing unit in duration ${quote(orig)}` };
    s = s.slice(unit.length);
    const scale = UNIT_NS[unit];
    if (scale === undefined) return { error: `time: unknown unit ${quote(unit)} in duration ${quote(orig)}` };
    // Go truncates a fraction below the nanosecond; 15 digits are below it for every unit but h.
    const f = (frac ?? "").slice(0, 15);
    total += Number(int || "0") * scale + (f ? Math.floor((Number(f) * scale) / 10 ** f.length) : 0);
    if (total > MAX_NS) return invalid;
  }
  return { ns: neg ? -total : total };
}

/** Go's fmtFrac: the fraction's digits without trailing zeros, with the point only when any are left. */
function frac(v: number, prec: number): [string, number] {
  let digits = "";
  let printed = false;
  for (let i = 0; i < prec; i++) {
    const d = v % 10;
    printed = printed || d !== 0;
    if (printed) digits = String(d) + digits;
    v = Math.floor(v / 10);
  }
  return [printed ? "." + digits : "", v];
}

/** time.Duration's String: `0s`, `500ms`, `1.5µs`, `2.5s`, `1m30s`, `1h2m3.5s`. */
export function formatGoDuration(ns: number): string {
  if (ns === 0) return "0s";
  const sign = ns < 0 ? "-" : "";
  const u = Math.abs(Math.trunc(ns));
  if (u < 1e9) {
    const [unit, prec] = u < 1e3 ? ["ns", 0] : u < 1e6 ? ["µs", 3] : ["ms", 6];
    const [f, whole] = frac(u, prec);
    return `${sign}${whole}${f}${unit}`;
  }
  const [f, secs] = frac(u, 9);
  let out = `${secs % 60}${f}s`;
  const mins = Math.floor(secs / 60);
  if (mins > 0) {
    out = `${mins % 60}m` + out;
    const hours = Math.floor(mins / 60);
    if (hours > 0) out = `${hours}h` + out;
  }
  return sign + out;
}
