/** What a round-26 learner mistyped or left unfinished, answered as the oracle's tools answered it. */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../src/sim/world.ts";
import { out } from "./lab.ts";

describe("iproute2 with a keyword and nothing after it", () => {
  it("ip route add without a destination prints the route usage (exit 255)", () => {
    const r = out(createWorld(), "ip route add");
    expect(r.code).toBe(255);
    expect(r.stdout).toBe("");
    expect(r.stderr.startsWith("Usage: ip route { list | flush } SELECTOR\n")).toBe(true);
    expect(r.stderr.endsWith("ROUTE_GET_FLAGS := [ fibmatch ]\n")).toBe(true);
    expect(out(createWorld(), "ip route help").stderr).toBe(r.stderr);
  });

  it("ip link set DEV mtu (no value) is an incomplete command, not an invalid value", () => {
    const r = out(createWorld(), "ip link set docker0 mtu");
    expect(r.code).toBe(255);
    expect(r.stderr).toBe('Command line is not complete. Try option "help"\n');
    expect(out(createWorld(), "ip link set dev").stderr).toBe(r.stderr);
    expect(out(createWorld(), "ip link set docker0 mtu x").stderr).toBe(
      'Error: argument "x" is wrong: Invalid "mtu" value\n\n',
    );
  });
});
