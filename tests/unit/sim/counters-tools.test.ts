/** The counting tools a learner reaches for after the article: conntrack's count and stats, nstat. */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../src/sim/world.ts";
import { out } from "./lab.ts";

describe("conntrack -C and -S", () => {
  it("take no filter: the first option given is refused by its long name", () => {
    const r = out(createWorld(), "conntrack -C -p tcp");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "conntrack v1.4.7 (conntrack-tools): Illegal option `--protonum' with this command\n" +
        "Try `conntrack -h' or 'conntrack --help' for more information.\n",
    );
    expect(out(createWorld(), "conntrack -S -d 10.0.0.1").stderr).toContain("Illegal option `--dst'");
  });
});

describe("nstat", () => {
  it("is iproute2's: its help on stderr with status 255, its version, getopt's complaint", () => {
    const h = out(createWorld(), "nstat -h");
    expect(h.code).toBe(255);
    expect(h.stderr.split("\n")[0]).toBe("Usage: nstat [OPTION] [ PATTERN [ PATTERN ] ]");
    expect(out(createWorld(), "nstat -V").stdout).toBe("nstat utility, iproute2-6.1.0\n");
    expect(out(createWorld(), "nstat -x").stderr.split("\n")[0]).toBe("nstat: invalid option -- 'x'");
    expect(out(createWorld(), "which nstat").stdout).toBe("/usr/bin/nstat\n");
  });
});
