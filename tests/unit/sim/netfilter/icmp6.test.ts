import { describe, expect, it } from "vitest";
import { isSix, parseIcmp6Type, parseReject6, printIcmp6 } from "../../../../src/sim/netfilter/icmp6.ts";
import { runIptables } from "../../../../src/sim/netfilter/iptables-cli.ts";
import { createNetfilter } from "../../../../src/sim/netfilter/state.ts";

describe("ip6tables' icmp6 match and REJECT types (libip6t_icmp6, libip6t_REJECT)", () => {
  it("stores a type as ip6tables-save prints it", () => {
    expect(parseIcmp6Type("echo-request")).toBe("128");
    expect(parseIcmp6Type("ping")).toBe("128");
    expect(parseIcmp6Type("port-unreachable")).toBe("1/4");
    expect(parseIcmp6Type("1/4")).toBe("1/4");
    expect(parseIcmp6Type("bogus")).toEqual({ error: "Unknown ICMPv6 type `bogus'" });
  });

  it("lists a name, or the number glued to `ipv6-icmp` as the real one does", () => {
    expect(printIcmp6({ value: "128", negated: false }, false)).toBe(" ipv6-icmp echo-request");
    expect(printIcmp6({ value: "128", negated: false }, true)).toBe(" ipv6-icmptype 128");
    expect(printIcmp6({ value: "1/4", negated: false }, true)).toBe(" ipv6-icmptype 1 code 4");
  });

  it("knows IPv6's reject types only", () => {
    expect(parseReject6("icmp6-adm-prohibited")).toBe("icmp6-adm-prohibited");
    expect(parseReject6("icmp-port-unreachable")).toBeUndefined();
    expect(isSix("ip6tables-restore")).toBe(true);
    expect(isSix("iptables")).toBe(false);
  });

  it("keeps a rule written with ip6tables and refuses IPv4's options", () => {
    const r = runIptables(createNetfilter(), ["-A", "INPUT", "-p", "icmpv6", "--icmpv6-type", "135", "-j", "ACCEPT"], {
      prog: "ip6tables",
    });
    expect(r.exitCode).toBe(0);
    expect(runIptables(r.nf, ["-S", "INPUT"], { prog: "ip6tables" }).stdout).toContain(
      "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 135 -j ACCEPT",
    );
    const f = runIptables(createNetfilter(), ["-A", "FORWARD", "-f", "-j", "DROP"], { prog: "ip6tables" });
    expect(f.stderr).toContain("`-f' is not supported in IPv6, use -m frag instead");
    const icmp = runIptables(createNetfilter(), ["-A", "INPUT", "-p", "icmp", "--icmp-type", "8"], {
      prog: "ip6tables",
    });
    expect(icmp.stderr).toContain('unknown option "--icmp-type"');
  });
});
