import { describe, expect, it } from "vitest";
import { terminal as typed } from "./terminal.ts";

const terminal = (lines: readonly string[]) => typed(lines).out;

// Expected lines as the oracle printed them (Docker 26, iproute2 6.1, busybox 1.35), MACs aside.
describe("ip -o (one line per record)", () => {
  it("prints one line per address, led by the link's index and bare name, on the host", () => {
    const out = terminal(["docker run -d --name web nginx", "ip -o -4 addr show", "ip -o addr show lo"]);
    const v4 = out[1]!.split("\n");
    expect(v4[0]).toBe("1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever");
    expect(v4[1]).toBe(
      "2: docker0    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\\       valid_lft forever preferred_lft forever",
    );
    expect(v4[2]).toMatch(/^\d+: eth0 {4}inet 10\.88\.0\.4\/16 scope global eth0\\ {7}valid_lft/);
    expect(out[2]).toBe(
      "1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n" +
        "1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever\n",
    );
  });

  it("joins each link's lines with a backslash for ip -o link, in a container too", () => {
    const out = terminal(["docker run -d --name web nginx", "ip -o link show docker0", "docker exec web ip -o link"]);
    expect(out[1]).toMatch(
      /^2: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP mode DEFAULT group default \\ {4}link\/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff\n$/,
    );
    const lines = out[2]!.split("\n");
    expect(lines[0]).toBe(
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00",
    );
    expect(lines[1]).toMatch(
      /^3: eth0@if4: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \\ {4}link\/ether /,
    );
  });

  it("busybox ip -o addr in the container, and its empty neighbour table", () => {
    const out = terminal(["docker run -d --name web nginx", "docker exec web ip -o addr", "docker exec web ip neigh"]);
    expect(out[1]!.split("\n")[2]).toBe(
      "3: eth0    inet 172.17.0.2/16 brd 172.17.255.255 scope global eth0\\       valid_lft forever preferred_lft forever",
    );
    expect(out[2]).toBe("");
  });

  it("hostname -I lists addresses by interface index, as getifaddrs does", () => {
    expect(terminal(["hostname -I"])[0]).toBe("172.17.0.1 10.88.0.4 \n");
  });
});
