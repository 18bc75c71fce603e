/** awk's values (numbers, strings, and strnums from input that compare as numbers when they look like them) and the signals its statements throw. */

/** A field or input-derived string: compared as a number when it looks like one. */
export class StrNum {
  constructor(readonly s: string) {}
}
export type Val = number | string | StrNum | undefined;

const NUMERIC = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export function num(v: Val): number {
  if (typeof v === "number") return v;
  if (v === undefined) return 0;
  const s = v instanceof StrNum ? v.s : v;
  const m = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s);
  return m ? Number(m[0]) : 0;
}

export function fmtNum(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  if (!Number.isFinite(n)) return n > 0 ? "inf" : n < 0 ? "-inf" : "nan";
  const s = n.toPrecision(6);
  return s.includes("e") ? s.replace(/\.?0+e/, "e").replace(/e([+-])(\d)$/, "e$10$2") : s.replace(/\.?0+$/, "");
}

export function str(v: Val): string {
  if (typeof v === "number") return fmtNum(v);
  if (v === undefined) return "";
  return v instanceof StrNum ? v.s : v;
}

export function truthy(v: Val): boolean {
  if (typeof v === "number") return v !== 0;
  if (v === undefined) return false;
  if (v instanceof StrNum) return NUMERIC.test(v.s) ? Number(v.s) !== 0 : v.s !== "";
  return v !== "";
}

export function isNumeric(v: Val): boolean {
  return typeof v === "number" || v === undefined || (v instanceof StrNum && NUMERIC.test(v.s));
}

export class Next extends Error {}
export class Exit extends Error {
  constructor(readonly code: number) {
    super("exit");
  }
}
export class LoopCtl extends Error {
  constructor(readonly kind: "break" | "continue") {
    super(kind);
  }
}
export class RunError extends Error {}
