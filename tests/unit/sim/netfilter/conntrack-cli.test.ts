/** conntrack's command line as conntrack-tools 1.4.7 reads it, and conntrack's timeouts taken from the namespace's sysctls. */
import { describe, expect, it } from "vitest";
import { inetAton } from "../../../../src/sim/shell/commands/conntrack/conntrack.ts";
import { newEntry, timeoutsOf } from "../../../../src/sim/netfilter/conntrack.ts";
import { createWorld } from "../../../../src/sim/world.ts";
import { out, run } from "../lab.ts";

describe("conntrack's command line", () => {
  it("reads addresses with inet_aton, as glibc does", () => {
    expect(inetAton("10.88.0")).toBe("10.88.0.0");
    expect(inetAton("10.1")).toBe("10.0.0.1");
    expect(inetAton("0x7f.1")).toBe("127.0.0.1");
    expect(inetAton("10.88.0.4")).toBe("10.88.0.4");
    expect(inetAton("10.88.0.256")).toBeUndefined();
    expect(inetAton("foo")).toBeUndefined();
  });

  it("lists nothing for a protocol the lab never tracks, a port past 16 bits or a short address", () => {
    const w = createWorld(1);
    for (const line of ["conntrack -L -p sctp", "conntrack -L -p tcp --dport 99999", "conntrack -L -s 10.88.0"]) {
      const r = out(w, line);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n");
    }
  });

  it("refuses a command given twice", () => {
    const r = out(createWorld(1), "conntrack -L -L");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Invalid commands combination");
  });
});

describe("conntrack's timeouts", () => {
  it("come from the namespace's nf_conntrack sysctls, for new entries only", () => {
    const t = timeoutsOf({
      "net.netfilter.nf_conntrack_udp_timeout": "10",
      "net.netfilter.nf_conntrack_tcp_timeout_syn_sent": "7",
    });
    expect(t.udp).toBe(10);
    expect(t.tcp.SYN_SENT).toBe(7);
    expect(t.icmp).toBe(30);
    const e = newEntry({ proto: "udp", src: "1.1.1.1", dst: "2.2.2.2", sport: 40000, dport: 53 }, 1, 0, t);
    expect(e.timeout).toBe(10);
  });

  it("a DNS flow made after `sysctl -w …udp_timeout=10` lives 10 s", () => {
    let w = run(
      createWorld(1),
      "docker run -d --name web nginx",
      "sysctl -w net.netfilter.nf_conntrack_udp_timeout=10",
    );
    const c = w.docker.containers.find((x) => x.name === "web")!;
    w = out(w, "nslookup baidu.com", { machine: c.id, container: c.id, shell: "sh" }).world;
    expect(out(w, "conntrack -L -p udp").stdout).toMatch(/^udp +17 (9|10) /);
    w = run(w, "sleep 11");
    expect(out(w, "conntrack -L -p udp").stdout).toBe("");
  });
});

describe("nft with an empty command", () => {
  it("does nothing and succeeds, as nft 1.0.6 does (the fuzz found it throwing)", () => {
    const r = out(createWorld(1), "nft ''");
    expect(r.code).toBe(0);
    expect(r.text).toBe("");
  });
});
