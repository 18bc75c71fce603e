/**
 * br_netfilter's bridged_dnat (oracle, session an03, userland-proxy off): a container's
 * call to a neighbour's published port through 172.17.0.1 is DNATed in PREROUTING back
 * behind docker0, so the bridge forwards it instead of routing it: FORWARD sees TTL 64
 * (no decrement) with in=out=docker0, POSTROUTING has no input device and the trace prints
 * the frame's raw header, and tcpdump on docker0 sees the frame already DNATed.
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type Session, type World } from "../../../../src/sim/index.ts";

const HOST: Session = { machine: "host", noTty: true };

function run(w: World, line: string): World {
  const r = applyCommand(w, line, HOST);
  return r.world;
}

function proxyOff(): World {
  let w = createWorld(5);
  for (const line of [
    `echo '{"userland-proxy": false}' > /etc/docker/daemon.json`,
    "systemctl restart docker",
    "docker run -d -p 2024:80 --name web nginx",
    "docker run -d --name client nginx",
  ])
    w = run(w, line);
  return w;
}

describe("a hairpin DNAT back behind the bridge", () => {
  it("is bridged, not routed: the kernel's trace of its first packet", () => {
    let w = proxyOff();
    w = run(w, "iptables -t raw -I PREROUTING -j TRACE");
    w = run(w, "docker exec client curl -s -o /dev/null http://172.17.0.1:2024/");
    const lines = applyCommand(w, "xtables-monitor --trace", HOST).stdout.split("\n");
    const syn = lines
      .filter((l) => l.startsWith("PACKET:") && l.includes(" SYN ") && !l.includes(" ACK "))
      .map((l) =>
        l
          .replace(/^PACKET: 2 \S+ /, "")
          .replace(/ MAC\w+=\S+/g, "")
          .replace(/ (ID|SPORT)=\d+/g, ""),
      );
    expect(syn).toEqual([
      "IN=docker0 SRC=172.17.0.3 DST=172.17.0.1 LEN=60 TOS=0x0 TTL=64 DF DPORT=2024 SYN ",
      "IN=docker0 SRC=172.17.0.3 DST=172.17.0.1 LEN=60 TOS=0x0 TTL=64 DF DPORT=2024 SYN ",
      "IN=docker0 OUT=docker0 SRC=172.17.0.3 DST=172.17.0.2 LEN=60 TOS=0x0 TTL=64 DF DPORT=80 SYN ",
      "OUT=docker0 LL=0x0 0242ffffffac1100020242ffffffac1100030800 SRC=172.17.0.3 DST=172.17.0.2 LEN=60 TOS=0x0 TTL=64 DF DPORT=80 SYN ",
    ]);
  });

  it("shows on docker0 as the container calling itself, both ways", () => {
    const w = proxyOff();
    const r = applyCommand(
      w,
      "timeout 2 tcpdump -n -t -q -i docker0 tcp 2>/dev/null | sed -E 's/\\.[0-9]{5}\\b/.P/g' | sort -u & sleep 1; docker exec web curl -s -o /dev/null http://10.88.0.4:2024/; wait",
      HOST,
    );
    expect(r.stdout.trim()).toBe(
      "IP 172.17.0.2.80 > 172.17.0.2.P: tcp 0\nIP 172.17.0.2.80 > 172.17.0.2.P: tcp 238\nIP 172.17.0.2.80 > 172.17.0.2.P: tcp 615\nIP 172.17.0.2.P > 172.17.0.2.80: tcp 0\nIP 172.17.0.2.P > 172.17.0.2.80: tcp 78",
    );
  });
});
