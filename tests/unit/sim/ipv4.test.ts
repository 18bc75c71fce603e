import { describe, expect, it } from "vitest";
import { parseCidr, parseIpv4 } from "../../../src/sim/ipv4.ts";

describe("parseIpv4", () => {
  it("reads dotted quads, leading zeros as decimal", () => {
    expect(parseIpv4("172.17.0.2")).toBe(0xac110002);
    expect(parseIpv4("255.255.255.255")).toBe(0xffffffff);
    expect(parseIpv4("0.0.0.0")).toBe(0);
    expect(parseIpv4("010.001.000.009")).toBe(0x0a010009);
  });
  it.each([
    "",
    "1.2.3",
    "1.2.3.4.5",
    "1.2.3.256",
    "1..2.3",
    ".1.2.3",
    "1.2.3.",
    "1.2.3.0004",
    "1.2.3.a",
    "1.2.3.4 ",
    "-1.2.3.4",
  ])("refuses %j", (s) => expect(parseIpv4(s)).toBeNull());
});

describe("parseCidr", () => {
  it("clears host bits and takes a bare address as /32", () => {
    expect(parseCidr("172.17.0.5/16")).toEqual({ network: 0xac110000, prefixLen: 16 });
    expect(parseCidr("10.0.0.1")).toEqual({ network: 0x0a000001, prefixLen: 32 });
  });
  it("answers the same on a second call (the memo) and refuses bad prefixes", () => {
    expect(parseCidr("1.2.3.4/33")).toBeNull();
    expect(parseCidr("1.2.3.4/33")).toBeNull();
    expect(parseCidr("1.2.3.4/8/1")).toBeNull();
    expect(parseCidr("1.2.3.4/")).toBeNull();
    expect(parseCidr("9.9.9.9/8")).toBe(parseCidr("9.9.9.9/8"));
  });
});
