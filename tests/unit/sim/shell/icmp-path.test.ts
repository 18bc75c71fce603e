/**
 * ICMP along a packet's path, as the oracle printed it (sessions dc01–dc09): busybox ping's
 * untimed small payloads, busybox traceroute's heading on stdout and its connect() error, the
 * host's Time Exceeded for a TTL that runs out there, fragments on a wire, and busybox ip's
 * refused MTU change.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

const WEB = "docker run -d --name web nginx";

describe("busybox ping with a payload under 4 bytes", () => {
  it("prints no time and no round-trip line: there is no timestamp to read back", () => {
    const t = terminal([
      WEB,
      "docker exec web sh -c 'ping -c 1 -W 1 -s 0 10.88.0.1'",
      "docker exec web sh -c 'ping -c 1 -W 1 -s 4 10.88.0.1'",
    ]);
    expect(t.out[1]).toContain("8 bytes from 10.88.0.1: seq=0 ttl=63\n");
    expect(t.out[1]).not.toContain("round-trip");
    expect(t.out[2]).toMatch(/12 bytes from 10\.88\.0\.1: seq=0 ttl=63 time=[\d.]+ ms\n/);
    expect(t.out[2]).toContain("round-trip");
  });
});

describe("busybox traceroute", () => {
  it("prints its heading on stdout, where a pipe reads it", () => {
    const t = terminal([
      WEB,
      "docker exec web sh -c 'traceroute -n -q 1 -w 1 10.88.0.1 2>/dev/null | awk '\\''{print $2}'\\'''",
    ]);
    expect(t.out[1]).toBe("to\n172.17.0.1\n10.88.0.1\n");
  });

  it("runs as `busybox traceroute` on the host and the internet machine", () => {
    const t = terminal([
      WEB,
      "busybox traceroute -n -q 1 -w 1 203.0.113.10 | awk '{print $2}'",
      "internet$ busybox traceroute -n -q 1 -w 1 10.88.0.4 | awk '{print $2}'",
    ]);
    expect(t.out[1]).toBe("to\n203.0.113.10\n");
    expect(t.out[2]).toBe("to\n10.88.0.4\n");
  });

  it("stops at connect() when there is no route, before any heading", () => {
    const t = terminal([WEB, "internet$ busybox traceroute -n -q 1 -w 1 172.17.0.2; echo rc=$?"]);
    expect(t.out[1]).toBe("traceroute: can't connect to remote host (172.17.0.2): Network is unreachable\nrc=1\n");
  });
});

describe("a TTL that runs out at the host", () => {
  it("earns the sender an ICMP time exceeded from docker0's address", () => {
    const t = terminal([
      WEB,
      "tcpdump -n -t -c 2 -i docker0 icmp 2>/dev/null &",
      "docker exec web sh -c 'ping -c 1 -W 1 -t 1 10.88.0.1 >/dev/null'",
    ]);
    const all = t.out.join("");
    expect(all).toContain("IP 172.17.0.2 > 10.88.0.1: ICMP echo request");
    expect(all).toContain("IP 172.17.0.1 > 172.17.0.2: ICMP time exceeded in-transit, length 92\n");
  });

  it("sends nothing out of eth0", () => {
    const t = terminal([
      WEB,
      "tcpdump -n -t -i eth0 icmp 2>/dev/null &",
      "docker exec web sh -c 'ping -c 1 -W 1 -t 1 10.88.0.1 >/dev/null'",
    ]);
    expect(t.out.join("")).not.toContain("ICMP");
  });
});

describe("a packet larger than its link's MTU", () => {
  it("crosses the wire in fragments, the later ones without a transport header", () => {
    const t = terminal([
      WEB,
      "tcpdump -n -t -c 4 -i eth0 icmp 2>/dev/null &",
      "docker exec web sh -c 'ping -c 1 -W 1 -s 1473 10.88.0.1 >/dev/null'",
    ]);
    const all = t.out.join("");
    expect(all).toContain("IP 10.88.0.4 > 10.88.0.1: ICMP echo request, id ");
    expect(all).toContain(", seq 0, length 1480\nIP 10.88.0.4 > 10.88.0.1: ip-proto-1\n");
    expect(all).toContain("IP 10.88.0.1 > 10.88.0.4: ip-proto-1\n");
  });

  it("shows one packet when it fits", () => {
    const t = terminal([
      WEB,
      "tcpdump -n -t -c 2 -i eth0 icmp 2>/dev/null &",
      "docker exec web sh -c 'ping -c 1 -W 1 -s 1472 10.88.0.1 >/dev/null'",
    ]);
    expect(t.out.join("")).not.toContain("ip-proto-1");
  });
});

describe("busybox ip without CAP_NET_ADMIN", () => {
  it("is refused the MTU by its own ioctl", () => {
    const t = terminal([
      WEB,
      "docker exec web sh -c 'ip link set eth0 mtu 1400'",
      "docker exec web sh -c 'ip link set eth0 down'",
    ]);
    expect(t.out[1]).toBe("ip: SIOCSIFMTU: Operation not permitted\n");
    expect(t.out[2]).toBe("ip: SIOCSIFFLAGS: Operation not permitted\n");
  });
});
