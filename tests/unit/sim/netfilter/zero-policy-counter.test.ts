/**
 * iptables-nft zeroes a base chain by sending it again with counters, so a chain made for a
 * rule starts counting what its policy lets through (fixture cm09; the oracle's iptables 1.8.9).
 */
import { describe, expect, it } from "vitest";
import { terminal } from "../shell/terminal.ts";

const setup = ["docker run -d -p 2024:80 --name web nginx"];
const out = "docker exec web wget -q -O /dev/null http://203.0.113.10/";

describe("a base chain's policy counter after -Z", () => {
  it("nat PREROUTING counts nothing at its policy until the table is zeroed", () => {
    const t = terminal([
      ...setup,
      out,
      "iptables -t nat -S PREROUTING -v | head -1",
      "iptables -t nat -Z",
      out,
      "iptables -t nat -S PREROUTING -v | head -1",
      "iptables-save -c -t nat | grep '^:PRE'",
    ]);
    expect(t.out[2]).toBe("-P PREROUTING ACCEPT -c 0 0\n");
    expect(t.out[5]).toBe("-P PREROUTING ACCEPT -c 1 60\n");
    expect(t.out[6]).toBe(":PREROUTING ACCEPT [1:60]\n");
  });

  it("zeroing one rule leaves the chain without one; -L -Z CHAIN gives it one", () => {
    const t = terminal([
      "iptables -A INPUT -p tcp --dport 9 -j ACCEPT",
      "iptables -Z INPUT 1",
      "internet$ curl -s -m 2 http://10.88.0.4:8/",
      "iptables -S INPUT -v | head -1",
      "iptables -L -Z INPUT -n -v | head -1",
      "internet$ curl -s -m 2 http://10.88.0.4:8/",
      "iptables -S INPUT -v | head -1",
    ]);
    expect(t.out[3]).toBe("-P INPUT ACCEPT -c 0 0\n");
    expect(t.out[6]).toBe("-P INPUT ACCEPT -c 1 60\n");
  });

  it("a chain iptables-nft never made stays unmade: -Z of the table gives it nothing", () => {
    const t = terminal(["iptables -Z", "internet$ curl -s -m 2 http://10.88.0.4:8/", "iptables -S INPUT -v | head -1"]);
    expect(t.out[2]).toBe("-P INPUT ACCEPT -c 0 0\n");
  });
});
