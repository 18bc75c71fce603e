/**
 * tcpdump as the lab models it: the filter language, the lines it prints for packets
 * on each side of the NAT (held against lines recorded on the oracle), the background
 * job that listens while later commands run, and its counts.
 */
import { describe, expect, it } from "vitest";
import { parseFilter } from "../../../../src/sim/programs/tcpdump/filter.ts";
import { matches, type Seen } from "../../../../src/sim/programs/tcpdump/match.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";

const TERM: Session = { machine: "host" };
const none = () => undefined;

function seen(over: Partial<Seen> = {}): Seen {
  return {
    proto: "tcp",
    src: 0x0a580004,
    dst: 0xcb00710a,
    sport: 40000,
    dport: 80,
    tcpFlags: 2,
    ttl: 64,
    len: 60,
    srcMac: "02:42:ac:11:00:02",
    dstMac: "02:42:00:00:00:01",
    ...over,
  };
}

function accepts(expr: string, p: Seen): boolean {
  const f = parseFilter(expr, (n) => (n === "baidu.com" ? "203.0.113.10" : undefined));
  if (!f.ok) throw new Error(f.error);
  return matches(f.filter, p);
}

/** Runs lines at the terminal, one after another; returns the last result and the world. */
function session(lines: readonly string[], world: World = createWorld(1)) {
  let w = world;
  const outs: string[] = [];
  for (const l of lines) {
    const r = runLine(w, TERM, l);
    w = r.world;
    outs.push((r.output ?? []).map((c) => c.text).join(""));
  }
  return { world: w, outs };
}

describe("the filter expression", () => {
  it("reads pcap's primitives, qualifiers and connectives", () => {
    expect(accepts("tcp", seen())).toBe(true);
    expect(accepts("udp", seen())).toBe(false);
    expect(accepts("host 10.88.0.4", seen())).toBe(true);
    expect(accepts("dst host 10.88.0.4", seen())).toBe(false);
    expect(accepts("src 10.88.0.4 and dst port 80", seen())).toBe(true);
    expect(accepts("net 10.88.0.0/16", seen())).toBe(true);
    expect(accepts("net 10.88", seen())).toBe(true);
    expect(accepts("port 53 or 80", seen())).toBe(true);
    expect(accepts("not port 80", seen())).toBe(false);
    expect(accepts("tcp and (port 53 or port 443)", seen())).toBe(false);
    expect(accepts("host baidu.com", seen())).toBe(true);
    expect(accepts("portrange 70-90", seen())).toBe(true);
    expect(accepts("tcp[tcpflags] & tcp-syn != 0", seen())).toBe(true);
    expect(accepts("tcp[tcpflags] & tcp-syn != 0", seen({ tcpFlags: 16 }))).toBe(false);
    expect(accepts("icmp[icmptype] == icmp-echo", seen({ proto: "icmp", icmpType: 8 }))).toBe(true);
    expect(accepts("ether src 02:42:ac:11:00:02", seen())).toBe(true);
    expect(accepts("greater 100", seen())).toBe(false);
  });

  it("refuses what tcpdump refuses, in its words", () => {
    const err = (e: string) => {
      const f = parseFilter(e, none);
      return f.ok ? "ok" : f.error;
    };
    expect(err("port")).toBe("can't parse filter expression: syntax error");
    expect(err("tcp and")).toBe("can't parse filter expression: syntax error");
    expect(err("10.88.0.1")).toBe("can't parse filter expression: syntax error");
    expect(err("net 10.88.0.0/8")).toBe('non-network bits set in "10.88.0.0/8"');
    expect(err("port nosuchport")).toBe("unknown port 'nosuchport'");
    expect(err("tcp host 10.88.0.1")).toBe("'tcp' modifier applied to host");
    expect(err("ether host 1.2.3.4")).toBe("illegal link layer address");
    expect(err("host 1.2.3")).toBe("ok");
  });
});

describe("tcpdump in the background", () => {
  it("prints the header, then each later command's packets as they cross the interface, until kill", () => {
    const { outs, world } = session([
      "docker run -d -p 2024:80 --name web nginx",
      "tcpdump -n -i eth0 &",
      "docker exec web curl -s http://203.0.113.10/",
      "jobs",
      "kill %1",
    ]);
    expect(outs[1]).toMatch(
      /^\[1\] \d+\ntcpdump: verbose output suppressed, use -v\[v\]\.\.\. for full protocol decode\nlistening on eth0, link-type EN10MB \(Ethernet\), snapshot length 262144 bytes\n$/,
    );
    const lines = outs[2]!.split("\n");
    // eth0 shows the host's address after MASQUERADE, relative sequence numbers after the handshake.
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{6} IP 10\.88\.0\.4\.(\d+) > 203\.0\.113\.10\.80: Flags \[S\], seq \d+, win 64240, options \[mss 1460,sackOK,TS val \d+ ecr 0,nop,wscale 10\], length 0$/,
    );
    expect(lines[1]).toMatch(
      /IP 203\.0\.113\.10\.80 > 10\.88\.0\.4\.\d+: Flags \[S\.\], seq \d+, ack \d+, win 65160, /,
    );
    expect(lines[2]).toMatch(/Flags \[\.\], ack 1, win 63, options \[nop,nop,TS val \d+ ecr \d+\], length 0$/);
    expect(lines[3]).toMatch(/Flags \[P\.\], seq 1:77, ack 1, win 63, .*length 76: HTTP: GET \/ HTTP\/1\.1$/);
    // The response leaves baidu.com as its headers and then its body, each acknowledged (the oracle's capture).
    expect(lines.filter((l) => l.includes(" IP ")).length).toBe(12);
    expect(outs[2]).not.toContain("172.17.0.2");
    expect(outs[2]).toMatch(/<html><meta http-equiv="refresh" content="0;url=http:\/\/www\.baidu\.com\/"><\/html>\n$/);
    expect(outs[3]).toBe("[1]+  Running                 tcpdump -n -i eth0 &\n");
    expect(outs[4]).toBe(
      "\n12 packets captured\n12 packets received by filter\n0 packets dropped by kernel\n[1]+  Done                    tcpdump -n -i eth0\n",
    );
    expect(world.captures).toBeUndefined();
  });

  it("shows the container's own address on docker0, and stops by itself after -c packets", () => {
    const { outs } = session([
      "docker run -d -p 2024:80 --name web nginx",
      "tcpdump -n -i docker0 -c 2 icmp &",
      "docker exec web ping -c 3 203.0.113.10 >/dev/null",
      "jobs",
    ]);
    expect(outs[2]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{6} IP 172\.17\.0\.2 > 203\.0\.113\.10: ICMP echo request, id \d+, seq 0, length 64\n\S+ IP 203\.0\.113\.10 > 172\.17\.0\.2: ICMP echo reply, id \d+, seq 0, length 64\n2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n\[1\]\+ {2}Done {20}tcpdump -n -i docker0 -c 2 icmp\n$/,
    );
    expect(outs[3]).toBe("");
  });

  it("sees frames bridged between two containers on docker0 (promiscuous), on the two ports with -i any", () => {
    const base = session(["docker run -d --name c1 nginx", "docker run -d --name c2 nginx"]).world;
    const promisc = session(
      ["tcpdump -n -i docker0 -c 1 &", "docker exec c1 curl -s -o /dev/null http://172.17.0.3/"],
      base,
    );
    expect(promisc.outs[1]).toMatch(/IP 172\.17\.0\.2\.\d+ > 172\.17\.0\.3\.80: Flags \[S\]/);
    const notPromisc = session(
      ["tcpdump -p -n -i docker0 -c 1 &", "docker exec c1 curl -s -o /dev/null http://172.17.0.3/"],
      base,
    );
    expect(notPromisc.outs[1]).toBe("");
    const any = session(["tcpdump -n -i any -c 2 &", "docker exec c1 curl -s -o /dev/null http://172.17.0.3/"], base);
    expect(any.outs[1]).toMatch(
      /^\S+ veth\w+ P {3}IP 172\.17\.0\.2\.\d+ > 172\.17\.0\.3\.80: Flags \[S\].*\n\S+ veth\w+ Out IP 172\.17\.0\.2/,
    );
  });

  it("prints the link layer with -e, the IP header with -v, the short form with -q", () => {
    const run = (flags: string) =>
      session([
        "docker run -d --name web nginx",
        `tcpdump -n -i docker0 -c 1 ${flags} icmp 2>/dev/null &`,
        "docker exec web ping -c 1 203.0.113.10",
      ]).outs[2]!;
    expect(run("-e")).toMatch(
      /^\S+ 02:42:ac:11:00:02 > 02:42:[0-9a-f:]+, ethertype IPv4 \(0x0800\), length 98: 172\.17\.0\.2 > 203\.0\.113\.10: ICMP echo request/,
    );
    expect(run("-v")).toMatch(
      /^\S+ IP \(tos 0x0, ttl 64, id \d+, offset 0, flags \[DF\], proto ICMP \(1\), length 84\)\n {4}172\.17\.0\.2 > 203\.0\.113\.10: ICMP echo request/,
    );
    expect(run("-t")).toMatch(/^IP 172\.17\.0\.2 > 203\.0\.113\.10: ICMP echo request/);
  });

  it("answers errors, -D and the foreground as the real one does", () => {
    const { outs } = session([
      "tcpdump -i nosuch",
      "tcpdump -n -i eth0 -c abc",
      "tcpdump -D",
      "tcpdump -n -i eth0",
      "kill %1",
      "timeout 2 tcpdump -n -i eth0 icmp",
    ]);
    expect(outs[0]).toBe("tcpdump: nosuch: No such device exists\n(No such device exists)\n");
    expect(outs[1]).toBe("tcpdump: invalid packet count abc\n");
    expect(outs[2]).toMatch(
      /^1\.eth0 \[Up, Running, Connected\]\n2\.any \(Pseudo-device that captures on all interfaces\) \[Up, Running\]\n3\.lo \[Up, Running, Loopback\]\n4\.docker0 \[Up, Disconnected\]\n/,
    );
    expect(outs[3]).toContain(
      "listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n^C\n0 packets captured\n",
    );
    expect(outs[4]).toBe("bash: kill: %1: no such job\n");
    expect(outs[5]).toContain("\n0 packets captured\n0 packets received by filter\n0 packets dropped by kernel\n");
  });

  it("costs the world nothing: the same commands with and without a capture leave the same packets", () => {
    const plain = session(["docker run -d --name web nginx", "docker exec web curl -s baidu.com"]).world;
    const captured = session([
      "docker run -d --name web nginx",
      "tcpdump -n -i eth0 >/dev/null 2>&1 &",
      "docker exec web curl -s baidu.com",
    ]).world;
    expect(captured.netns.host!.conntrack).toEqual(plain.netns.host!.conntrack);
    expect(captured.rng).toEqual({ ...plain.rng });
  });
});
