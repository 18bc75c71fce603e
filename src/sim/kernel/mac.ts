/**
 * MAC addresses drawn from the world's seeded generator, as the kernel's
 * eth_random_addr makes them: random bytes, unicast, locally administered.
 */
import { nextInt, type RngState } from "../rng.ts";

export function randomMac(rng: RngState): [string, RngState] {
  const bytes: number[] = [];
  let r = rng;
  for (let i = 0; i < 6; i++) {
    let b: number;
    [b, r] = nextInt(r, 0, 255);
    bytes.push(b);
  }
  bytes[0] = (bytes[0]! & 0xfe) | 0x02;
  return [bytes.map((b) => b.toString(16).padStart(2, "0")).join(":"), r];
}
