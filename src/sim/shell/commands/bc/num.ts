/** bc's numbers: an integer scaled by 10^s, with bc's rules for each operation's scale (POSIX bc, GNU bc 1.07.1). */

export interface Num {
  readonly n: bigint;
  readonly s: number;
}

export class BcRuntime extends Error {}

const P = (k: number) => 10n ** BigInt(k);
export const num = (n: bigint, s = 0): Num => ({ n, s });
export const ZERO = num(0n);

/** `x` rescaled to `s` digits after the point, truncated toward zero. */
export function rescale(x: Num, s: number): Num {
  if (s === x.s) return x;
  return s > x.s ? num(x.n * P(s - x.s), s) : num(x.n / P(x.s - s), s);
}

export function add(a: Num, b: Num, sign: 1n | -1n = 1n): Num {
  const s = Math.max(a.s, b.s);
  return num(rescale(a, s).n + sign * rescale(b, s).n, s);
}

export function mul(a: Num, b: Num, scale: number): Num {
  const full = num(a.n * b.n, a.s + b.s);
  return rescale(full, Math.min(a.s + b.s, Math.max(scale, a.s, b.s)));
}

export function div(a: Num, b: Num, scale: number): Num {
  if (b.n === 0n) throw new BcRuntime("Divide by zero");
  // a/b at `scale` digits: (a.n * 10^(scale + b.s - a.s)) / b.n
  const shift = scale + b.s - a.s;
  const top = shift >= 0 ? a.n * P(shift) : a.n / P(-shift);
  return num(top / b.n, scale);
}

export function mod(a: Num, b: Num, scale: number): Num {
  if (b.n === 0n) throw new BcRuntime("Modulo by zero");
  const q = div(a, b, scale);
  return add(a, mul(q, b, Math.max(scale + b.s, a.s)), -1n);
}

export function pow(a: Num, e: Num, scale: number): Num {
  if (e.s > 0 && e.n % P(e.s) !== 0n) throw new BcRuntime("Non-zero scale in exponent");
  let k = e.n / P(e.s);
  const neg = k < 0n;
  if (neg) k = -k;
  if (k > 100000n) throw new BcRuntime("exponent too large in raise");
  let r = num(1n);
  for (let i = 0n; i < k; i++) r = num(r.n * a.n, r.s + a.s);
  if (neg) return div(num(1n), r, scale);
  return rescale(r, Math.min(a.s * Number(k), Math.max(scale, a.s)));
}

export function sqrt(a: Num, scale: number): Num {
  if (a.n < 0n) throw new BcRuntime("Square root of a negative number");
  const s = Math.max(scale, a.s);
  const target = rescale(a, 2 * s).n;
  if (target === 0n) return num(0n, s);
  let x = BigInt(Math.floor(Math.sqrt(Number(target)))) + 1n;
  for (let i = 0; i < 200; i++) {
    const nx = (x + target / x) / 2n;
    if (nx >= x) break;
    x = nx;
  }
  while (x * x > target) x--;
  return num(x, s);
}

export function cmp(a: Num, b: Num): number {
  const d = add(a, b, -1n).n;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** As bc prints a number: no 0 before the point, the scale's digits after it, lines cut at 70 with a backslash. */
export function show(x: Num, obase: number): string {
  const neg = x.n < 0n;
  const abs = neg ? -x.n : x.n;
  const int = abs / P(x.s);
  const frac = abs % P(x.s);
  let s: string;
  if (obase === 10) {
    s = (int === 0n && x.s > 0 ? "" : int.toString()) + (x.s > 0 ? "." + frac.toString().padStart(x.s, "0") : "");
    if (s === "") s = "0";
  } else s = obase <= 16 ? int.toString(obase).toUpperCase() : int.toString();
  if (neg && abs !== 0n) s = "-" + s;
  const lines: string[] = [];
  while (s.length > 70) {
    lines.push(s.slice(0, 69) + "\\");
    s = s.slice(69);
  }
  lines.push(s);
  return lines.join("\n");
}

/** A literal in base `ibase`: digits 0-9 and A-F, with a fraction. */
export function parseLiteral(t: string, ibase: number): Num {
  const [ip, fp = ""] = t.split(".");
  let n = 0n;
  for (const c of ip!) n = n * BigInt(ibase) + BigInt(parseInt(c, 16));
  if (fp === "") return num(n);
  if (ibase === 10) return num(n * P(fp.length) + BigInt(fp), fp.length);
  let f = num(0n, fp.length);
  let w = num(1n);
  for (const c of fp) {
    w = div(w, num(BigInt(ibase)), fp.length + 2);
    f = add(f, mul(num(BigInt(parseInt(c, 16))), w, fp.length + 2));
  }
  return add(num(n), rescale(f, fp.length));
}
