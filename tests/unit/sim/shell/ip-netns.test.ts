import { describe, expect, it } from "vitest";
import { terminal as typed } from "./terminal.ts";

const terminal = (lines: readonly string[]) => typed(lines).out;

// Expected texts as the oracle printed them (iproute2 6.1 on Docker 26 and 28's host), MACs aside.
describe("ip netns: namespaces made by hand", () => {
  it("starts a namespace with lo down and no address; lo gets 127.0.0.1 when it comes up", () => {
    const out = terminal([
      "ip netns add red",
      "ip netns exec red ip addr",
      "ip -n red link set lo up",
      "ip netns exec red ip -4 -br addr",
      "ip netns del red",
    ]);
    expect(out[1]).toBe(
      "1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000\n" +
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n",
    );
    expect(out[3]).toBe("lo               UNKNOWN        127.0.0.1/8 \n");
  });

  it("moves a veth end in (dropping it from the host) and reaches the host through it", () => {
    const out = terminal([
      "ip netns add red",
      "ip link add v-host type veth peer name v-ns",
      "ip link set v-ns netns red",
      "ip link show v-ns",
      "ip addr add 10.200.1.1/24 dev v-host",
      "ip link set v-host up",
      "ip -n red addr add 10.200.1.2/24 dev v-ns",
      "ip -n red link set v-ns up",
      "ip netns exec red busybox ping -c 1 10.200.1.1",
      "ip netns exec red ip route get 203.0.113.10",
      "ip netns exec red ip netns identify",
      "ip netns del red",
      "ip link show v-host",
    ]);
    expect(out[3]).toBe('Device "v-ns" does not exist.\n');
    expect(out[8]).toMatch(
      /^PING 10\.200\.1\.1 \(10\.200\.1\.1\): 56 data bytes\n64 bytes from 10\.200\.1\.1: seq=0 ttl=64/,
    );
    expect(out[9]).toBe("RTNETLINK answers: Network is unreachable\n");
    expect(out[10]).toBe("red\n");
    // The namespace's end went with it, and took its peer along.
    expect(out[12]).toBe('Device "v-host" does not exist.\n');
  });

  it("answers as iproute2 does for names that exist, or not", () => {
    const out = terminal([
      "ip netns add six",
      "ip netns add six",
      "ip netns del nosuch",
      "ip link add v1 type veth peer name v1p",
      "ip link set v1 netns nosuch",
      "ip -n nosuch addr",
      "ip netns exec nosuch true",
      "ip netns exec six nosuchprog",
      "ip link add v2 type veth peer name v2p netns six",
      "ip netns list",
    ]);
    expect(out[1]).toBe('Cannot create namespace file "/run/netns/six": File exists\n');
    expect(out[2]).toBe('Cannot remove namespace file "/run/netns/nosuch": No such file or directory\n');
    expect(out[4]).toBe('Error: argument "nosuch" is wrong: Invalid "netns" value\n\n');
    expect(out[5]).toBe('Cannot open network namespace "nosuch": No such file or directory\n');
    expect(out[6]).toBe('Cannot open network namespace "nosuch": No such file or directory\n');
    expect(out[7]).toBe('exec of "nosuchprog" failed: No such file or directory\n');
    expect(out[9]).toMatch(/^six \(id: \d+\)\n$/);
  });

  it("keeps a namespace's own tables and sysctls apart from the host's", () => {
    const out = terminal([
      "ip netns add red",
      "ip netns exec red iptables -S",
      "ip netns exec red cat /proc/sys/net/ipv4/ip_forward",
      "cat /proc/sys/net/ipv4/ip_forward",
    ]);
    expect(out[1]).toBe("-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n");
    expect(out[2]).toBe("0\n");
    expect(out[3]).toBe("1\n");
  });

  it("links two namespaces directly, and enters one through its /run/netns file (as a probe of the oracle printed)", () => {
    const out = terminal([
      "ip netns add pa",
      "ip netns add pb",
      "ip link add pa-eth type veth peer name pb-eth",
      "ip link set pa-eth netns pa",
      "ip link set pb-eth netns pb",
      "ip netns list",
      "ip -n pa addr add 10.201.0.1/30 dev pa-eth",
      "ip -n pb addr add 10.201.0.2/30 dev pb-eth",
      "ip -n pa link set pa-eth up",
      "ip -n pb link set pb-eth up",
      "ip netns exec pa busybox ping -c 1 -W 1 10.201.0.2",
      "nsenter --net=/run/netns/pb ip -4 -br addr",
      "ip netns exec pa ip link show pa-eth",
      "ip netns exec pa",
    ]);
    expect(out[5]).toBe("pb (id: 3)\npa (id: 2)\n");
    expect(out[10]).toMatch(/\n1 packets transmitted, 1 packets received, 0% packet loss\n/);
    expect(out[11]).toBe("pb-eth@if4       UP             10.201.0.2/30 \n");
    expect(out[12]).toMatch(
      /^4: pa-eth@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> .*\n {4}link\/ether \S+ brd ff:ff:ff:ff:ff:ff link-netns pb\n$/,
    );
    expect(out[13]).toBe("No command specified\n");
  });

  it("names a container's namespace with ip netns attach, and del only takes the name away (as the oracle printed)", () => {
    const out = terminal([
      "docker run -d --name web nginx",
      "PID=$(docker inspect -f '{{.State.Pid}}' web); ip netns attach pweb $PID; echo \"exit $?\"",
      "ip netns list",
      "ip netns exec pweb ip -4 -br addr",
      "PID=$(docker inspect -f '{{.State.Pid}}' web); ip netns identify $PID",
      "ip netns attach pweb 1",
      "ip netns attach pweb2 999999",
      "ip netns attach pweb3",
      "ip -o link show master docker0 | awk '{print $NF}'",
      "ip netns del pweb",
      "docker exec web cat /sys/class/net/eth0/operstate",
    ]);
    expect(out[1]).toBe("exit 0\n");
    expect(out[2]).toBe("pweb (id: 2)\n");
    expect(out[3]).toBe(
      "lo               UNKNOWN        127.0.0.1/8 \neth0@if4         UP             172.17.0.2/16 \n",
    );
    expect(out[4]).toBe("pweb\n");
    expect(out[5]).toBe('Cannot create namespace file "/run/netns/pweb": File exists\n');
    expect(out[6]).toBe("Bind /proc/999999/ns/net -> /run/netns/pweb2 failed: No such file or directory\n");
    expect(out[7]).toBe("No netns name and PID specified\n");
    expect(out[8]).toBe("pweb\n");
    expect(out[10]).toBe("up\n");
  });
});
