import { describe, expect, it } from "vitest";
import {
  DELAY_MS,
  INCOMPLETE_MS,
  REACHABLE_MS,
  learnFromRequest,
  nudState,
  resolve,
  type Neighbour,
} from "../../../../src/sim/kernel/neigh.ts";
import type { Link } from "../../../../src/sim/kernel/types.ts";

const eth0: Link = { name: "eth0", ifindex: 7, kind: "veth", mac: "02:42:ac:11:00:02", mtu: 1500, up: true };
const MAC = "02:42:ac:11:00:01";
const T0 = 1_000_000;

describe("the neighbour table's NUD states over the lab's clock", () => {
  it("an answered resolution is REACHABLE for base_reachable_time, then STALE", () => {
    const { entry, asked } = resolve(undefined, eth0, "172.17.0.1", MAC, T0);
    expect(asked).toBe(true);
    expect(entry).toMatchObject({ addr: "172.17.0.1", dev: "eth0", ifindex: 7, mac: MAC, probes: 4 });
    expect(nudState(entry!, T0)).toBe("REACHABLE");
    expect(nudState(entry!, T0 + REACHABLE_MS - 1)).toBe("REACHABLE");
    expect(nudState(entry!, T0 + REACHABLE_MS)).toBe("STALE");
  });

  it("a STALE entry used again goes to DELAY, and the probe's answer 5 s later makes it REACHABLE", () => {
    const first = resolve(undefined, eth0, "172.17.0.1", MAC, T0).entry!;
    const later = T0 + REACHABLE_MS + 10_000;
    const { entry, asked } = resolve(first, eth0, "172.17.0.1", MAC, later);
    expect(asked).toBe(false);
    expect(nudState(entry!, later)).toBe("DELAY");
    expect(nudState(entry!, later + DELAY_MS - 1)).toBe("DELAY");
    expect(nudState(entry!, later + DELAY_MS)).toBe("REACHABLE");
    expect(nudState(entry!, later + DELAY_MS + REACHABLE_MS)).toBe("STALE");
  });

  it("a usable entry is left as it is: one resolution per next hop, not one per packet", () => {
    const first = resolve(undefined, eth0, "172.17.0.1", MAC, T0).entry!;
    expect(resolve(first, eth0, "172.17.0.1", MAC, T0 + 1000)).toEqual({ entry: undefined, asked: false });
  });

  it("a next hop nobody answers is INCOMPLETE while the kernel asks (3 x 1 s), then FAILED; asking again starts over", () => {
    const { entry } = resolve(undefined, eth0, "172.18.0.9", undefined, T0);
    expect(entry!.mac).toBeUndefined();
    expect(nudState(entry!, T0 + INCOMPLETE_MS - 1)).toBe("INCOMPLETE");
    expect(nudState(entry!, T0 + INCOMPLETE_MS)).toBe("FAILED");
    const again = resolve(entry, eth0, "172.18.0.9", MAC, T0 + 60_000);
    expect(again.asked).toBe(true);
    expect(nudState(again.entry!, T0 + 60_000)).toBe("REACHABLE");
  });

  it("the one asked learns the asker from the request as STALE, and keeps a valid entry with the same MAC", () => {
    const n = learnFromRequest(undefined, eth0, "172.17.0.1", MAC, T0)!;
    expect(nudState(n, T0)).toBe("STALE");
    expect(n.probes).toBe(0);
    const reachable: Neighbour = resolve(undefined, eth0, "172.17.0.1", MAC, T0).entry!;
    expect(learnFromRequest(reachable, eth0, "172.17.0.1", MAC, T0 + 1)).toBeUndefined();
    expect(learnFromRequest(reachable, eth0, "172.17.0.1", "02:00:00:00:00:09", T0 + 1)?.mac).toBe("02:00:00:00:00:09");
  });

  it("a PERMANENT entry never ages", () => {
    const n: Neighbour = {
      addr: "10.88.0.50",
      dev: "eth0",
      ifindex: 7,
      mac: MAC,
      base: "permanent",
      at: T0,
      probes: 0,
    };
    expect(nudState(n, T0 + 10 * REACHABLE_MS)).toBe("PERMANENT");
  });
});
