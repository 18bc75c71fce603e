/**
 * nginx's time values (ngx_parse_time): a number with an optional unit, several of them
 * in a row (`1m30s`), a bare number being seconds. Anything else is not a time.
 */
const UNIT_MS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  M: 2_592_000_000,
  y: 31_536_000_000,
};

/** The value in milliseconds, or undefined when nginx would refuse it. */
export function parseNginxTime(text: string): number | undefined {
  if (text === "") return undefined;
  const parts = text.match(/\d+(ms|[smhdwMy])?/g);
  if (!parts || parts.join("") !== text) return undefined;
  let total = 0;
  for (const p of parts) {
    const m = /^(\d+)(\D*)$/.exec(p)!;
    total += Number(m[1]) * UNIT_MS[m[2] || "s"]!;
  }
  return total;
}
