/** iptables -Z -v: what it names when it zeroes a chain, a table, or one rule (the oracle's iptables 1.8.9). */
import { describe, expect, it } from "vitest";
import { runIptables } from "../../../../src/sim/netfilter/iptables-cli.ts";
import { createNetfilter } from "../../../../src/sim/netfilter/state.ts";

describe("iptables -Z -v", () => {
  const nf = runIptables(createNetfilter(), ["-A", "INPUT", "-s", "10.0.0.1", "-j", "DROP"]).nf;

  it("names the chain it zeroes", () => {
    expect(runIptables(nf, ["-Z", "INPUT", "-v"]).stdout).toBe("Zeroing chain `INPUT'\n");
  });

  it("names nothing when it zeroes one rule", () => {
    const r = runIptables(nf, ["-Z", "INPUT", "1", "-v"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("");
  });
});
