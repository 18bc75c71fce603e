/**
 * bash's `time` reserved word: after the pipeline it times, the shell writes the times to
 * its own stderr in TIMEFORMAT's format (bash's default when unset, nothing when empty;
 * `time -p` the POSIX one). Real time is the lab's clock; the lab keeps no CPU accounting,
 * so user and sys time read zero, as for a command that mostly waits.
 */

const DEFAULT_FORMAT = "\nreal\t%3lR\nuser\t%3lU\nsys\t%3lS";
const POSIX_FORMAT = "real %2R\nuser %2U\nsys %2S";

/** Seconds with `digits` decimals, truncated as bash does; `long`: `XmY.YYYs`. */
function seconds(ms: number, digits: number, long: boolean): string {
  const scaled = Math.floor((ms * 10 ** digits) / 1000);
  const whole = Math.floor(scaled / 10 ** digits);
  const frac = digits > 0 ? "." + String(scaled % 10 ** digits).padStart(digits, "0") : "";
  if (!long) return `${whole}${frac}`;
  return `${Math.floor(whole / 60)}m${whole % 60}${frac}s`;
}

/** The text `time` writes for a pipeline that took `realMs`; `format` is TIMEFORMAT's value when set. */
export function timeReport(realMs: number, posix: boolean, format: string | undefined): string {
  const f = posix ? POSIX_FORMAT : (format ?? DEFAULT_FORMAT);
  if (f === "") return "";
  const out = f.replace(/%(%|([0-9])?(l)?([RUSP]))/g, (whole, pct: string, p?: string, l?: string, k?: string) => {
    if (pct === "%") return "%";
    if (k === "P") return (0).toFixed(2);
    const digits = p === undefined ? 3 : Math.min(3, Number(p));
    return seconds(k === "R" ? realMs : 0, digits, l === "l");
  });
  return out + "\n";
}
