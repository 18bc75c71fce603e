/** iptables -h after -m/-j/-p: the general help, then each loaded extension's own (the oracle's iptables 1.8.9). */
import { describe, expect, it } from "vitest";
import { runIptables } from "../../../../src/sim/netfilter/iptables-cli.ts";
import { IPTABLES_HELP } from "../../../../src/sim/netfilter/iptables-help.ts";
import { createNetfilter } from "../../../../src/sim/netfilter/state.ts";

const helpAs = (prog: string, argv: string[]) => {
  const r = runIptables(createNetfilter(), argv, { prog });
  expect(r.exitCode).toBe(0);
  expect(r.stdout.startsWith(IPTABLES_HELP)).toBe(true);
  return r.stdout.slice(IPTABLES_HELP.length);
};
const help = (...argv: string[]) => helpAs("iptables", argv);

const LIMIT =
  "\nlimit match options:\n--limit avg\t\t\tmax average match rate: default 3/hour\n" +
  "                                [Packets per second unless followed by \n" +
  "                                /sec /minute /hour /day postfixes]\n" +
  "--limit-burst number\t\tnumber to match in a burst, default 5\n";

describe("iptables -h with extensions loaded", () => {
  it("adds a match's help after the general help", () => {
    expect(help("-m", "limit", "-h")).toBe(LIMIT);
    expect(help("-m", "comment", "--help")).toBe(
      "\ncomment match options:\n--comment COMMENT             Attach a comment to a rule\n",
    );
  });

  it("prints nothing more for bare -h, -h before -m, or a jump to a chain", () => {
    expect(help("-h")).toBe("");
    expect(help("-h", "-m", "limit")).toBe("");
    expect(help("-j", "DOCKER", "-h")).toBe("");
    expect(help("-p", "all", "-h")).toBe("");
  });

  it("loads the protocol's match for -p tcp -h, but not when a match is already loaded", () => {
    expect(help("-p", "tcp", "-h")).toMatch(/^\ntcp match options:\n\[!\] --tcp-flags mask comp/);
    expect(help("-p", "udp", "-m", "limit", "-h")).toBe(LIMIT);
    // The oracle's `iptables -p icmp -h | wc -l`: the general help and icmp's list of types.
    expect((IPTABLES_HELP + help("-p", "icmp", "-h")).split("\n").length - 1).toBe(110);
  });

  it("puts the target first, then each match in the order loaded, repeats included", () => {
    const out = help("-p", "tcp", "--dport", "22", "-j", "LOG", "-m", "mark", "-h");
    expect(out.match(/^\n?(\S.*options:)$/gm)?.map((l) => l.trim())).toEqual([
      "LOG target options:",
      "tcp match options:",
      "mark match options:",
    ]);
    expect(help("-m", "limit", "-m", "limit", "-h")).toBe(LIMIT + LIMIT);
  });

  it("names the standard target's help and the options-less targets", () => {
    expect(help("-j", "ACCEPT", "-h")).toBe(
      "\nstandard match options:\n(If target is DROP, ACCEPT, RETURN or nothing)\n",
    );
    expect(help("-j", "NOTRACK", "-h")).toBe("\nNOTRACK does not take any options\n");
    expect(help("-j", "NETMAP", "-h")).toBe(
      "\nNETMAP target options:\n  --to address[/mask]\n\t\t\t\tNetwork address to map to.\n\n",
    );
  });

  it("gives ip6tables its own REJECT and icmpv6 help, and no IPv4-only TTL", () => {
    const six = (...argv: string[]) => helpAs("ip6tables", argv);
    expect(six("-j", "REJECT", "-h")).toContain("    icmp6-no-route           \tICMPv6 no route\n");
    expect(help("-j", "REJECT", "-h")).toContain("    icmp-port-unreachable    \tICMP port unreachable (default)\n");
    expect(six("-p", "icmpv6", "-h")).toMatch(/^\nicmpv6 match options:\n/);
    expect(six("-j", "TTL", "-h")).toBe("");
    expect(six("-g", "ACCEPT", "-h")).toBe("");
  });
});
