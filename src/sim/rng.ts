/**
 * The world's only source of randomness: a seeded PRNG whose state lives in the
 * world itself, so a scenario replays identically from the same seed.
 * mulberry32 — small, fast and good enough for ids, MACs and ephemeral ports.
 */
export interface RngState {
  readonly seed: number;
  readonly state: number;
}

export function createRng(seed: number): RngState {
  return { seed: seed >>> 0, state: seed >>> 0 };
}

/** Returns a float in [0, 1) and the advanced state. */
export function nextFloat(rng: RngState): [number, RngState] {
  let t = (rng.state + 0x6d2b79f5) >>> 0;
  const next = t;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return [value, { seed: rng.seed, state: next }];
}

/** An integer in [min, max], inclusive. */
export function nextInt(rng: RngState, min: number, max: number): [number, RngState] {
  const [f, r] = nextFloat(rng);
  return [min + Math.floor(f * (max - min + 1)), r];
}

/** `length` lowercase hex digits, as Docker's ids and veth suffixes are. */
export function nextHex(rng: RngState, length: number): [string, RngState] {
  let out = "";
  let r = rng;
  while (out.length < length) {
    let n: number;
    [n, r] = nextInt(r, 0, 0xffff);
    out += n.toString(16).padStart(4, "0");
  }
  return [out.slice(0, length), r];
}
