/**
 * REJECT answers UDP and ICMP as well as TCP (oracle: cr01–cr06): the ICMP error its
 * --reject-with names goes back to the sender, glibc's resolver fails on it after asking A
 * and AAAA from two sockets, busybox nslookup after one write, and a connected UDP socket
 * hears only the codes a connected socket takes.
 */
import { describe, expect, it } from "vitest";
import { replayScenario } from "../../../../src/sim/scenario/replay.ts";

/** The transcript's block for `header` (the lines after it, up to the next header). */
function block(text: string, header: string): string[] {
  const lines = text.split("\n");
  const at = lines.indexOf(header);
  if (at < 0) return [];
  const out: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (/^(\$ |\w+\$ |@)/.test(l)) break;
    if (l !== "") out.push(l);
  }
  return out;
}

/** The packet lines of a capture, without their timestamps and ports above 32767. */
function packets(lines: string[]): string[] {
  return lines.filter((l) => / IP /.test(l)).map((l) => l.replace(/^\S+ /, "").replace(/\.\d{5}\b/g, ".P"));
}

const WEB = "docker run -d --name web nginx\n";

describe("REJECT of a container's DNS", () => {
  const text = replayScenario(
    WEB +
      "iptables -I DOCKER-USER -p udp --dport 53 -j REJECT\n" +
      "@capture docker0 web$ curl -sS -m 3 baidu.com 2>&1; echo rc=$?\n" +
      "iptables -nvL DOCKER-USER 1\n" +
      "iptables -Z DOCKER-USER\n" +
      "web$ nslookup baidu.com 2>&1 >/dev/null; echo rc=$?\n" +
      "iptables -nvL DOCKER-USER 1\n",
  );

  it("answers each of glibc's four questions with a port unreachable", () => {
    const seen = packets(block(text, "@capture docker0 web$ curl -sS -m 3 baidu.com 2>&1; echo rc=$?"));
    expect(seen).toHaveLength(8);
    expect(seen.filter((l) => l.includes("ICMP 203.0.113.53 udp port 53 unreachable"))).toHaveLength(4);
    expect(seen.filter((l) => l.includes(" A? baidu.com."))).toHaveLength(2);
    expect(seen.filter((l) => l.includes(" AAAA? baidu.com."))).toHaveLength(2);
    expect(block(text, "$ iptables -nvL DOCKER-USER 1")[0]).toMatch(/^ +4 +220 REJECT/);
  });

  it("stops busybox nslookup after its first question", () => {
    expect(block(text, "web$ nslookup baidu.com 2>&1 >/dev/null; echo rc=$?")).toEqual([
      "nslookup: write to '203.0.113.53': Connection refused",
      "rc=1",
    ]);
    const counters = text.split("$ iptables -nvL DOCKER-USER 1\n")[2]!.split("\n")[0]!;
    expect(counters).toMatch(/^ +1 +55 REJECT/);
  });
});

describe("REJECT of ICMP in FORWARD", () => {
  it("answers busybox ping's echo with the error --reject-with names", () => {
    const text = replayScenario(
      WEB +
        "iptables -I FORWARD -p icmp -j REJECT --reject-with icmp-host-prohibited\n" +
        "@capture docker0 web$ ping -c 1 -W 1 203.0.113.10\n",
    );
    const seen = packets(block(text, "@capture docker0 web$ ping -c 1 -W 1 203.0.113.10"));
    expect(seen).toContain(
      "IP 172.17.0.1 > 172.17.0.2: ICMP host 203.0.113.10 unreachable - admin prohibited, length 92",
    );
  });
});

describe("a connected UDP socket behind a REJECT", () => {
  const SEND_TWICE = "bash -c 'exec 3>/dev/udp/203.0.113.10/9999; echo a >&3; sleep 1; echo b >&3' 2>&1; echo rc=$?";
  const sendTwice = (rejectWith: string) =>
    block(
      replayScenario(
        WEB +
          `iptables -I DOCKER-USER -p udp --dport 9999 -j REJECT --reject-with ${rejectWith}\n` +
          `web$ ${SEND_TWICE}\n`,
      ),
      `web$ ${SEND_TWICE}`,
    );

  it("fails its next send on a code the kernel reports to a connected socket", () => {
    expect(sendTwice("icmp-admin-prohibited")).toEqual(["bash: line 1: echo: write error: No route to host", "rc=1"]);
    expect(sendTwice("icmp-proto-unreachable")).toEqual([
      "bash: line 1: echo: write error: Protocol not available",
      "rc=1",
    ]);
  });

  it("does not hear a net or host unreachable", () => {
    expect(sendTwice("icmp-net-unreachable")).toEqual(["rc=0"]);
    expect(sendTwice("icmp-host-unreachable")).toEqual(["rc=0"]);
  });
});
