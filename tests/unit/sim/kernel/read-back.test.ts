import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/index.ts";
import { replayLine } from "../../../../src/sim/scenario/replay.ts";

/** Runs scenario lines as the oracle does (`web$ …` in container web); each line's output, `[exit N]` included. */
function terminal(lines: readonly string[]): string[] {
  let world = createWorld(1);
  const out: string[] = [];
  for (const line of lines) {
    const [w, text] = replayLine(world, line);
    world = w;
    out.push(text.slice(text.indexOf("\n") + 1));
  }
  return out;
}

const tcp = (field: number) => `awk '/^Tcp:/ {print $${field}}' /proc/net/snmp | tail -1`;

describe("/proc/net/snmp", () => {
  it("lists the kernel's groups, names over values, Ip's Forwarding as the MIB's 1 or 2", () => {
    const out = terminal([
      "grep -c . /proc/net/snmp",
      "awk '{print $1}' /proc/net/snmp | uniq | tr '\\n' ' '",
      "grep '^Tcp:' /proc/net/snmp | tail -1",
      "awk '/^Ip:/ {print $2, $3}' /proc/net/snmp | tail -1",
    ]);
    expect(out[0]).toBe("10\n");
    expect(out[1]).toBe("Ip: Icmp: Tcp: Udp: UdpLite: ");
    expect(out[2]).toBe("Tcp: 1 200 120000 -1 0 0 0 0 0 0 0 0 0 0 0\n");
    expect(out[3]).toBe("1 64\n");
  });

  it("counts connect()'s SYN as ActiveOpens, the listener's handshake as PassiveOpens, a RST as AttemptFails", () => {
    const out = terminal([
      "docker run -d --name web -p 2024:80 nginx",
      "curl -s -m 3 -o /dev/null http://172.17.0.2/",
      "curl -s -m 3 -o /dev/null http://172.17.0.2:81/",
      `echo $(${tcp(6)}) $(${tcp(8)})`,
      `web$ echo $(${tcp(6)}) $(${tcp(7)})`,
      "internet$ curl -s -m 3 -o /dev/null http://10.88.0.4:2024/",
      `web$ ${tcp(7)}`,
    ]);
    expect(out[3]).toBe("2 1\n");
    expect(out[4]).toBe("0 1\n");
    expect(out[6]).toBe("2\n");
  });

  it("counts a DNS lookup's datagrams on both ends: two out and two in for A and AAAA", () => {
    const udp = "awk '/^Udp:/ {print $2, $3, $5}' /proc/net/snmp | tail -1";
    const out = terminal([
      "docker run -d --name web nginx",
      `web$ ${udp}`,
      "web$ nslookup baidu.com >/dev/null 2>&1",
      `web$ ${udp}`,
    ]);
    expect(out[1]).toBe("0 0 0\n");
    expect(out[3]).toBe("2 0 2\n");
  });
});

describe("ip route get", () => {
  it("answers a packet arriving for this machine with its input route: the source, lo, and where it came in", () => {
    const out = terminal([
      "docker run -d --name web nginx",
      "ip route get 10.88.0.4 from 172.17.0.2 iif docker0",
      "ip route get 172.17.0.1 from 172.17.0.2 iif docker0",
    ]);
    expect(out[1]).toBe("local 10.88.0.4 from 172.17.0.2 dev lo \n    cache <local> iif docker0 \n");
    expect(out[2]).toBe("local 172.17.0.1 from 172.17.0.2 dev lo \n    cache <local> iif docker0 \n");
  });

  it("refuses a source that is not one of the machine's own, sent from here (no iif)", () => {
    const out = terminal(["ip route get 203.0.113.10 from 172.17.0.2", "ip route get 172.17.0.2 from 172.17.0.1"]);
    expect(out[0]).toBe("RTNETLINK answers: Network is unreachable\n[exit 2]\n");
    expect(out[1]).toBe("172.17.0.2 from 172.17.0.1 dev docker0 uid 0 \n    cache \n");
  });

  it("-o joins its lines with a backslash", () => {
    expect(terminal(["ip -o route get 172.17.0.2"])[0]).toBe(
      "172.17.0.2 dev docker0 src 172.17.0.1 uid 0 \\    cache \n",
    );
  });
});

describe("the local table", () => {
  it("flags a broadcast route on a bridge without carrier linkdown, not its local one", () => {
    const out = terminal(["ip route show table local dev docker0"]);
    expect(out[0]).toBe(
      "local 172.17.0.1 proto kernel scope host src 172.17.0.1 \n" +
        "broadcast 172.17.255.255 proto kernel scope link src 172.17.0.1 linkdown \n",
    );
  });

  it("busybox's table all: no protocol, two blanks before src, lo's ::1 from the IPv6 dump", () => {
    const out = terminal([
      "docker network create appnet",
      "docker run -d --name web --network appnet nginx",
      "web$ ip route show table all",
    ]);
    expect(out[2]).toBe(
      "default via 172.18.0.1 dev eth0 \n" +
        "172.18.0.0/16 dev eth0 scope link  src 172.18.0.2 \n" +
        "local 127.0.0.0/8 dev lo table local scope host  src 127.0.0.1 \n" +
        "local 127.0.0.1 dev lo table local scope host  src 127.0.0.1 \n" +
        "broadcast 127.255.255.255 dev lo table local scope link  src 127.0.0.1 \n" +
        "local 172.18.0.2 dev eth0 table local scope host  src 172.18.0.2 \n" +
        "broadcast 172.18.255.255 dev eth0 table local scope link  src 172.18.0.2 \n" +
        "local ::1 dev lo table local  metric 0 \n",
    );
  });
});

describe("link statistics read back", () => {
  const veth = "V=$(ip -br link show master docker0 | awk '{print $1}' | cut -d@ -f1)";
  it("a veth in use has counted two carrier changes (ip -s -s link's transns)", () => {
    const out = terminal(["docker run -d --name web nginx", `${veth}; ip -s -s link show $V | grep -A1 'TX errors'`]);
    expect(out[1]).toBe(
      "    TX errors: aborted   fifo  window heartbt transns\n                     0      0       0       0       2 \n",
    );
  });

  it("ip -j -s link carries stats64, rx and tx in print_stats64's names", () => {
    const out = terminal([
      "ip -j -s link show docker0 | jq -c '.[0].stats64'",
      "ip -j -s -s link show lo | jq -c '.[0].stats64.tx | keys_unsorted'",
    ]);
    expect(out[0]).toBe(
      '{"rx":{"bytes":0,"packets":0,"errors":0,"dropped":0,"over_errors":0,"multicast":0},' +
        '"tx":{"bytes":0,"packets":0,"errors":0,"dropped":2,"carrier_errors":0,"collisions":0}}\n',
    );
    expect(out[1]).toBe(
      '["bytes","packets","errors","dropped","carrier_errors","collisions","aborted_errors","fifo_errors","window_errors","heartbeat_errors","carrier_changes"]\n',
    );
  });
});
