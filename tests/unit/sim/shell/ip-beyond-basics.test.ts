import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

// As the oracle printed them (fixtures dm01–dm11): ip's policy routing, labels and
// secondaries, colour, statistics on addr, multicast memberships and netconf.
describe("ip rule and numbered tables", () => {
  it("adds a rule above main, routes a forwarded packet through its table and deletes the first match", () => {
    const t = terminal([
      "ip rule add from 172.17.0.0/16 table 100",
      "ip rule",
      "ip route add default via 10.88.0.1 table 100",
      "ip route show table 100",
      "ip route get 8.8.8.8 from 172.17.0.2 iif docker0",
      "ip rule add from 172.17.0.0/16 table 100",
      "ip rule del from 172.17.0.0/16 table 100",
      "ip rule show table 100",
      "ip route flush table 100",
      "ip route show table 100",
      "ip route show table 200",
      "ip rule add fwmark 1 lookup 200 priority 1000",
      "ip rule list",
      "ip rule add from all table nosuch",
      "ip rule del from 10.0.0.0/8 table 7",
      "ip -j rule",
    ]);
    expect(t.out[1]).toBe(
      "0:\tfrom all lookup local\n32765:\tfrom 172.17.0.0/16 lookup 100\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n",
    );
    expect(t.out[3]).toBe("default via 10.88.0.1 dev eth0 \n");
    expect(t.out[4]).toBe("8.8.8.8 from 172.17.0.2 via 10.88.0.1 dev eth0 table 100 \n    cache iif docker0 \n");
    // The second rule took 32764; del removed that one, the first in the list.
    expect(t.out[7]).toBe("32765:\tfrom 172.17.0.0/16 lookup 100\n");
    expect(t.out[9]).toBe("");
    expect(t.out[10]).toBe("Error: ipv4: FIB table does not exist.\nDump terminated\n");
    expect(t.out[12]).toContain("1000:\tfrom all fwmark 0x1 lookup 200\n");
    expect(t.out[13]).toBe('Error: argument "nosuch" is wrong: invalid table ID\n\n');
    expect(t.out[14]).toBe("RTNETLINK answers: No such file or directory\n");
    expect(t.out[15]).toContain('{"priority":32765,"src":"172.17.0.0","srclen":16,"table":"100"}');
  });

  it("prints the three default rules as JSON, and busybox lists them in a container", () => {
    const t = terminal(["ip -json rule", "docker run -d --name web nginx", "docker exec web ip rule"]);
    expect(t.out[0]).toBe(
      '[{"priority":0,"src":"all","table":"local"},{"priority":32766,"src":"all","table":"main"},{"priority":32767,"src":"all","table":"default"}]\n',
    );
    expect(t.out[2]).toBe("0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n");
  });

  it("dumps IPv6's tables too in table all without -4", () => {
    const t = terminal(["ip route show table all | grep -c local", "ip -4 route show table all | grep -c local"]);
    expect(Number(t.out[0])).toBeGreaterThan(Number(t.out[1]));
  });
});

describe("ip addr labels and secondaries", () => {
  it("lists a new subnet's address before an older subnet's secondary, under its label", () => {
    const t = terminal([
      "ip addr add 10.88.0.99/16 dev eth0",
      "ip addr add 10.99.0.1/24 dev eth0 label eth0:1",
      "ip -4 addr show eth0 | grep inet",
      "ip -4 addr show label eth0:1",
      "ip route show table local | grep 10.88.0.99",
    ]);
    expect(t.out[2]).toBe(
      "    inet 10.88.0.4/16 scope global eth0\n    inet 10.99.0.1/24 scope global eth0:1\n    inet 10.88.0.99/16 scope global secondary eth0\n",
    );
    expect(t.out[3]).toBe(
      "    inet 10.99.0.1/24 scope global eth0:1\n       valid_lft forever preferred_lft forever\n",
    );
    // A secondary's local route takes its subnet's primary as the source.
    expect(t.out[4]).toBe("local 10.88.0.99 dev eth0 proto kernel scope host src 10.88.0.4 \n");
  });
});

describe("ip options", () => {
  it("reads -stats as -s, and prints counters under ip -s addr", () => {
    const t = terminal(["ip -stats link show lo | wc -l", "ip -s addr show docker0 | grep -c RX"]);
    expect(t.out[0]).toBe("6\n");
    expect(t.out[1]).toBe("1\n");
  });

  it("paints names, states and addresses with -c", () => {
    const t = terminal(["ip -br -c -4 addr show docker0", "ip -c -4 addr show docker0 | head -2"]);
    expect(t.out[0]).toBe(
      "\x1b[36mdocker0          \x1b[0m\x1b[31mDOWN           \x1b[0m\x1b[35m172.17.0.1\x1b[0m/16 \n",
    );
    expect(t.out[1]).toContain(
      "    inet \x1b[35m172.17.0.1\x1b[0m/16 brd \x1b[35m172.17.255.255 \x1b[0mscope global docker0\n",
    );
  });

  it("names the peer's namespace id in ip -j -4 addr", () => {
    const t = terminal(["ip -j -4 addr show eth0"]);
    expect(t.out[0]).toContain('"txqlen":1000,"link_netnsid":1,"addr_info"');
  });
});

describe("ip maddr and ip netconf", () => {
  it("shows all-hosts on every link and the bridge's router-discovery group", () => {
    const t = terminal(["ip maddr show dev lo", "ip -4 maddr show dev docker0"]);
    expect(t.out[0]).toBe("1:\tlo\n\tinet  224.0.0.1\n\tinet6 ff02::1\n\tinet6 ff01::1\n");
    expect(t.out[1]).toBe("2:\tdocker0\n\tinet  224.0.0.1\n\tinet  224.0.0.106\n");
  });

  it("reads the link's sysctls", () => {
    const t = terminal([
      "ip -4 netconf show dev eth0",
      "sysctl -w net.ipv4.conf.eth0.rp_filter=2",
      "ip -4 netconf show dev eth0",
    ]);
    expect(t.out[0]).toBe(
      "inet eth0 forwarding on rp_filter off mc_forwarding off proxy_neigh off ignore_routes_with_linkdown off \n",
    );
    expect(t.out[2]).toContain("rp_filter loose");
  });
});

describe("a rule steers forwarded packets", () => {
  it("sends the containers' traffic through table 100's gateway until the rule goes", () => {
    const curl = "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' http://203.0.113.10/";
    const t = terminal([
      "docker run -d --name web nginx",
      "ip rule add from 172.17.0.0/16 table 100",
      "ip route add default via 10.88.0.254 table 100",
      `docker exec web ${curl}`,
      curl,
      "ip rule del from 172.17.0.0/16 table 100",
      `docker exec web ${curl}`,
    ]);
    expect(t.out[3]).toBe("000\n");
    expect(t.out[4]).toBe("200\n");
    expect(t.out[6]).toBe("200\n");
  });
});
