/**
 * IPv6 through the ip6 tables, as the oracle showed it (bk01–bk06): a learner's REJECT
 * on ::1 (two SYNs counted: the looped-back ICMPv6 error is a soft one), a FORWARD DROP
 * between two containers on an --ipv6 network (br_netfilter), v6 addresses in rules,
 * DNAT to `[addr]:port`, and tcpdump's IPv6 primitives.
 */
import { describe, expect, it } from "vitest";
import { parseNatTarget } from "../../../../src/sim/netfilter/nat.ts";
import { parseFilter } from "../../../../src/sim/programs/tcpdump/filter.ts";
import { matches, type Seen } from "../../../../src/sim/programs/tcpdump/match.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";

const HOST: Session = { machine: "host" };

function session(lines: readonly string[], world: World = createWorld(1)): { world: World; outs: string[] } {
  let w = world;
  const outs: string[] = [];
  for (const l of lines) {
    const r = runLine(w, HOST, l);
    w = r.world;
    outs.push((r.output ?? []).map((c) => c.text).join(""));
  }
  return { world: w, outs };
}

const SETUP = [
  "docker network create --ipv6 --subnet fd00:db8:1::/64 net6",
  "docker run -d --name web --network net6 -p 8080:80 nginx",
  "docker run -d --name peer --network net6 nginx",
  "sleep 3",
];

describe("IPv6 through the ip6 tables", () => {
  it("REJECTs a SYN to ::1 in INPUT, resent once before connect() fails; 127.0.0.1 still answers", () => {
    const { outs } = session([
      ...SETUP,
      "ip6tables -A INPUT -p tcp --dport 8080 -j REJECT",
      "curl -g -s -m 3 -o /dev/null -w '%{http_code}' 'http://[::1]:8080/'; echo \" rc=$?\"",
      "curl -s -m 3 -o /dev/null -w '%{http_code} %{remote_ip}' http://127.0.0.1:8080/",
      "ip6tables -L INPUT -v -n",
    ]);
    expect(outs[5]).toBe("000 rc=7\n");
    expect(outs[6]).toBe("200 127.0.0.1");
    expect(outs[7]).toMatch(/^ +2 +160 REJECT .*reject-with icmp6-port-unreachable/m);
  });

  it("drops a bridged IPv6 frame in FORWARD and lets IPv4 between the same containers through", () => {
    const { outs } = session([
      ...SETUP,
      "ip6tables -I FORWARD -s fd00:db8:1::3 -p tcp --dport 80 -j DROP",
      "docker exec peer curl -g -s -m 2 -o /dev/null -w '%{http_code}' 'http://[fd00:db8:1::2]/'; echo \" rc=$?\"",
      "docker exec peer curl -s -m 2 -o /dev/null -w '%{http_code}' http://172.18.0.2/",
    ]);
    expect(outs[5]).toBe("000 rc=28\n");
    expect(outs[6]).toBe("200");
  });

  it("answers a tcp-reset REJECT in OUTPUT at once", () => {
    const { outs } = session([
      ...SETUP,
      "ip6tables -I OUTPUT -d fd00:db8:1::2 -p tcp --dport 80 -j REJECT --reject-with tcp-reset",
      "curl -g -s -m 3 -o /dev/null 'http://[fd00:db8:1::2]/'; echo rc=$?",
    ]);
    expect(outs[5]).toBe("rc=7\n");
  });

  it("proxies [::]:8080 to the container's IPv6 address: nginx logs the gateway's", () => {
    const { outs } = session([
      ...SETUP,
      "curl -g -s -o /dev/null -w '%{http_code} %{remote_ip}' 'http://[::]:8080/'",
      "docker logs web 2>/dev/null | awk '{print $1}'",
    ]);
    expect(outs[4]).toBe("200 ::1");
    expect(outs[5]).toBe("fd00:db8:1::1\n");
  });
});

describe("IPv6 in the rules' own syntax", () => {
  it("reads ip6tables' bracketed DNAT target", () => {
    expect(parseNatTarget("[fd00:db8:1::2]:80")).toEqual({ addr: "fd00:db8:1::2", port: 80 });
    expect(parseNatTarget("[fd00::2]")).toEqual({ addr: "fd00::2" });
  });

  it("tcpdump's ip6 and icmp6 see IPv6 alone; IPv4's loads beside ip6 reject every packet", () => {
    const six: Seen = {
      proto: "icmp",
      six: true,
      src: 0,
      dst: 0,
      tcpFlags: 0,
      icmpType: 8,
      icmpCode: 0,
      ttl: 64,
      len: 104,
      srcMac: "02:42:ac:12:00:03",
      dstMac: "02:42:ac:12:00:02",
    };
    const f = (e: string) => {
      const p = parseFilter(e, () => undefined);
      if (!p.ok) throw new Error(p.error);
      return matches(p.filter, six);
    };
    expect(f("ip6")).toBe(true);
    expect(f("icmp6 and ip6[40] == 128")).toBe(true);
    expect(f("ip")).toBe(false);
    expect(f("icmp")).toBe(false);
    expect(parseFilter("ip6 and tcp[tcpflags] & tcp-syn != 0", () => undefined)).toEqual({
      ok: false,
      error: "expression rejects all packets",
    });
  });
});
