/**
 * What a learner types after the article, held to what the oracle printed (g* scenarios):
 * conntrack's options, nslookup towards a port nothing listens on, ip's selectors.
 */
import { describe, expect, it } from "vitest";
import { applyCommand, type World } from "../../../src/sim/index.ts";
import { inside, out, run } from "./lab.ts";
import { createWorld } from "../../../src/sim/world.ts";

/** web published on 2024, one request in from the internet and one out to baidu.com. */
function traffic(): World {
  let w = run(createWorld(3), "docker run -d -p 2024:80 --name web nginx");
  w = applyCommand(w, "curl -s http://10.88.0.4:2024/", { machine: "internet" }).world;
  return applyCommand(w, "curl -s http://baidu.com/", inside(w, "web")).world;
}

describe("conntrack's options", () => {
  it("selects source-NATed, destination-NATed and any NATed entries", () => {
    const w = traffic();
    const snat = out(w, "conntrack -L --src-nat").stdout;
    expect(snat).toContain("src=172.17.0.2 dst=203.0.113.10");
    expect(snat).toContain("src=172.17.0.2 dst=203.0.113.53");
    expect(snat).not.toContain("dport=2024");
    const dnat = out(w, "conntrack -L -g -p tcp").stdout.trim().split("\n");
    expect(dnat).toHaveLength(1);
    expect(dnat[0]).toContain("dst=10.88.0.4 sport=");
    expect(out(w, "conntrack -L -j").stdout.trim().split("\n")).toHaveLength(3);
    expect(out(w, "conntrack -L -n -p tcp").stdout.trim().split("\n")).toHaveLength(1);
  });

  it("knows a protocol's options only after -p, and filters on --state", () => {
    const w = traffic();
    expect(out(w, "conntrack -L --dport 2024")).toMatchObject({
      stderr:
        "conntrack v1.4.7 (conntrack-tools): unknown option `--dport'\nTry `conntrack -h' or 'conntrack --help' for more information.\n",
      code: 2,
    });
    expect(out(w, "conntrack -L -p tcp --state TIME_WAIT").stderr).toContain("2 flow entries have been shown.");
    expect(out(w, "conntrack -L -p tcp --state ESTABLISHED").stdout).toBe("");
    expect(out(w, "conntrack -L -p udp --state ESTABLISHED").code).toBe(2);
    expect(out(w, "conntrack -L -p nosuch").stderr).toContain("`nosuch' unsupported protocol\nTry `conntrack -h'");
  });

  it("prints the layer-3 columns with -o extended and keeps -f ipv4's entries", () => {
    const w = traffic();
    expect(out(w, "conntrack -L -o extended -p tcp --dport 2024").stdout).toMatch(/^ipv4 {5}2 tcp {6}6 \d+ TIME_WAIT /);
    expect(out(w, "conntrack -L -f ipv4 -p udp").stdout).toContain("dport=53");
    expect(out(w, "conntrack -L -f ipv6").stdout).toBe("");
  });

  it("exits 1 when -D deletes nothing, 0 when it deletes", () => {
    const w = traffic();
    const first = out(w, "conntrack -D -p tcp --dport 2024");
    expect(first.code).toBe(0);
    expect(first.stderr).toContain("1 flow entries have been deleted.");
    const again = out(first.world, "conntrack -D -p tcp --dport 2024");
    expect(again).toMatchObject({ code: 1, stdout: "" });
    expect(again.stderr).toContain("0 flow entries have been deleted.");
  });

  it("prints per-CPU statistics with -S", () => {
    expect(out(createWorld(3), "conntrack -S").stdout).toMatch(/^cpu=0 {3}\tfound=0 invalid=0 /);
  });
});

describe("nslookup towards a port nothing listens on", () => {
  it("reports the refused write on the default bridge's 127.0.0.11", () => {
    const w = run(createWorld(3), "docker run -d --name web nginx");
    const r = out(w, "nslookup baidu.com 127.0.0.11", inside(w, "web"));
    expect(r.stdout).toBe(";; connection timed out; no servers could be reached\n\n");
    expect(r.stderr).toBe("nslookup: write to '127.0.0.11': Connection refused\n");
    expect(r.code).toBe(1);
  });
});

describe("ip's selectors and options", () => {
  it("selects routes by protocol and prefix, leaving the protocol out when it is the filter", () => {
    const w = createWorld(3);
    expect(out(w, "ip route show proto kernel").stdout).toBe(
      "10.88.0.0/16 dev eth0 scope link src 10.88.0.4 \n172.17.0.0/16 dev docker0 scope link src 172.17.0.1 linkdown \n",
    );
    expect(out(w, "ip -4 route list match 172.17.0.5").stdout).toBe(
      "default via 10.88.0.1 dev eth0 \n172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown \n",
    );
    expect(out(w, "ip route show 172.17.0.0/16").stdout).toContain("172.17.0.0/16 dev docker0");
    expect(out(w, "ip route show default").stdout).toBe("default via 10.88.0.1 dev eth0 \n");
    expect(out(w, "ip route show root 10.0.0.0/8").stdout).toBe(
      "10.88.0.0/16 dev eth0 proto kernel scope link src 10.88.0.4 \n",
    );
  });

  it("answers route get bound to a device, and with a mark", () => {
    const w = createWorld(3);
    expect(out(w, "ip route get 10.88.0.1 oif docker0").stdout).toBe(
      "10.88.0.1 dev docker0 src 172.17.0.1 uid 0 \n    cache \n",
    );
    expect(out(w, "ip route get to 203.0.113.10 mark 5").stdout).toBe(
      "203.0.113.10 via 10.88.0.1 dev eth0 src 10.88.0.4 mark 5 uid 0 \n    cache \n",
    );
    expect(out(w, "ip route get 10.88.0.1 oif nosuch")).toMatchObject({
      stderr: 'Cannot find device "nosuch"\n',
      code: 1,
    });
  });

  it("shows addresses of a scope or inside a prefix, and only links that have one", () => {
    const w = createWorld(3);
    const global = out(w, "ip addr show dev docker0 scope global").stdout;
    expect(global).toContain("link/ether");
    expect(global).toContain("inet 172.17.0.1/16");
    expect(global).not.toContain("inet6");
    const to = out(w, "ip addr show to 172.17.0.0/16").stdout;
    expect(to).toMatch(
      /^\d+: docker0: .*\n {4}inet 172\.17\.0\.1\/16 brd 172\.17\.255\.255 scope global docker0\n {7}valid_lft forever preferred_lft forever\n$/,
    );
  });

  it("breaks the errors down with -s -s", () => {
    const text = out(createWorld(3), "ip -s -s link show lo").stdout;
    expect(text).toContain(
      "    RX errors:  length    crc   frame    fifo overrun\n                     0      0       0       0       0 \n",
    );
    expect(text).toContain("    TX errors: aborted   fifo  window heartbt transns\n");
  });
});

describe("ss's state and expression filters", () => {
  const w = () => run(createWorld(3), "docker run -d -p 2024:80 --name web nginx");
  it("selects listeners by port, and leaves the State column out when one state is asked for", () => {
    expect(out(w(), "ss -lnt '( sport = :2024 or sport = :80 )'").stdout.split("\n")).toHaveLength(4);
    expect(out(w(), "ss -ltn dport = :80").stdout).toBe(
      "State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n",
    );
    const one = out(w(), "ss -tln state listening").stdout;
    expect(one.startsWith("Recv-Q Send-Q Local Address:Port")).toBe(true);
    expect(one).toContain("0.0.0.0:2024");
    expect(out(w(), "ss -tn state established").stdout).toBe(
      "Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n",
    );
    // The oracle: `ss -ltn state bogus; echo rc=$?` prints rc=255 (n-ss-filters).
    expect(out(w(), "ss -t state bogus")).toMatchObject({ stderr: "ss: wrong state name: bogus\n", code: 255 });
  });
});

describe("what changed with the engine and in the images' tools", () => {
  it("starts docker-proxy with -use-listen-fd on Docker 28 only", () => {
    const line = (engine: "26" | "28") =>
      out(run(createWorld(3, { engine }), "docker run -d -p 2024:80 --name web nginx"), "ps -C docker-proxy -o args=")
        .stdout;
    expect(line("26")).not.toContain("-use-listen-fd");
    expect(line("28").split("\n")[0]).toMatch(/-container-port 80 -use-listen-fd$/);
  });

  it("gives up on a restore line outside any table as xtables-restore does", () => {
    expect(out(createWorld(3), "echo garbage | iptables-restore")).toMatchObject({
      stderr: "iptables-restore: line 1 failed\n",
      code: 1,
    });
  });

  it("lets busybox ip ignore route selectors and a prefix length in route get", () => {
    const w = run(createWorld(3), "docker run -d --name web nginx");
    expect(out(w, "ip route show proto kernel", inside(w, "web")).stdout).toContain("default via 172.17.0.1");
    expect(out(w, "ip route get 1.2.3.4/24", inside(w, "web")).stdout).toBe(
      "1.2.3.4 via 172.17.0.1 dev eth0  src 172.17.0.2 \n",
    );
    expect(out(w, "ip route get", inside(w, "web")).stderr).toBe("ip: need at least destination address\n");
  });
});

describe("getent on the host (libc-bin)", () => {
  it("looks hosts up as gethostbyname2 does: IPv6 from /etc/hosts first, then IPv4 and the resolver", () => {
    const w = createWorld(3);
    expect(out(w, "getent hosts localhost").stdout).toBe("::1             localhost ip6-localhost ip6-loopback\n");
    expect(out(w, "getent hosts 127.0.0.1").stdout).toBe("127.0.0.1       localhost\n");
    expect(out(w, "getent hosts baidu.com").stdout).toBe("203.0.113.10    baidu.com\n");
    expect(out(w, "getent hosts nosuch.invalid")).toMatchObject({ stdout: "", code: 2 });
  });

  it("reads the file databases and words its errors as glibc's argp does", () => {
    const w = createWorld(3);
    expect(out(w, "getent passwd root").stdout).toBe("root:x:0:0:root:/root:/bin/bash\n");
    expect(out(w, "getent passwd 0").stdout).toBe("root:x:0:0:root:/root:/bin/bash\n");
    expect(out(w, "getent nosuchdb x")).toMatchObject({
      stderr: "Unknown database: nosuchdb\nTry `getent --help' or `getent --usage' for more information.\n",
      code: 1,
    });
    expect(out(w, "getent")).toMatchObject({ code: 1 });
  });

  it("is not in the oracle's nginx image", () => {
    const w = run(createWorld(3), "docker run -d --name web nginx");
    expect(out(w, "getent hosts web", inside(w, "web"))).toMatchObject({
      stderr: "sh: getent: not found\n",
      code: 127,
    });
  });
});

describe("netstat's interface table and long options", () => {
  const w = () => run(createWorld(3), "docker run -d -p 2024:80 --name web nginx");
  it("lists the links that are up by name with net-tools' flag letters", () => {
    const lines = out(w(), "netstat -i").stdout.split("\n");
    expect(lines[0]).toBe("Kernel Interface table");
    expect(lines[1]).toBe("Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg");
    expect(lines.slice(2, 5).map((l) => l.split(/\s+/)[0])).toEqual(["docker0", "eth0", "lo"]);
    expect(lines[4]).toMatch(/^lo {14}65536 +\d+ +0 +0 0 +\d+ +0 +0 +0 LRU$/);
    expect(lines[2]).toMatch(/ BMRU$/);
  });

  it("reads long options and refuses an argument to one that takes none", () => {
    expect(out(w(), "netstat --tcp --listening --numeric").stdout).toContain("0.0.0.0:2024");
    expect(out(w(), "netstat -ltn --numeric-ports").stdout).toContain("0.0.0.0:2024");
    const r = out(w(), "netstat --interfaces=eth0");
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^netstat: option '--interfaces' doesn't allow an argument\nusage: netstat /);
    expect(out(w(), "netstat -ltne").stdout).toContain("State       User       Inode     \n");
  });
});

describe("/proc/net/tcp and udp", () => {
  it("lists the listening sockets as the kernel prints them, tcp's lines padded to 149 characters", () => {
    const w = run(createWorld(3), "docker run -d -p 2024:80 --name web nginx");
    const host = out(w, "cat /proc/net/tcp").stdout.split("\n");
    expect(host[0]).toHaveLength(149);
    expect(host[1]).toMatch(
      /^ {3}0: 00000000:07E8 00000000:0000 0A 00000000:00000000 00:00000000 00000000 {5}0 {8}0 \d+ 1 [0-9a-f]{16} 100 0 0 10 0 +$/,
    );
    expect(host[1]).toHaveLength(149);
    const six = out(w, "cat /proc/net/tcp6", inside(w, "web")).stdout.split("\n");
    expect(six[1]).toMatch(/^ {3}0: 0{32}:0050 0{32}:0000 0A /);
    expect(out(w, "cat /proc/net/udp", inside(w, "web")).stdout).toMatch(/^ {3}sl {2}local_address .* drops {12}\n$/);
  });
});
