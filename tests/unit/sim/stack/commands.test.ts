/**
 * The commands that send packets, with their real outputs (recorded from the oracle:
 * curl 7.88.1, busybox ping, conntrack-tools 1.4.7) — full texts, not patterns.
 */
import { describe, expect, it } from "vitest";
import { applyCommand, type World } from "../../../../src/sim/index.ts";
import { updateNetns } from "../../../../src/sim/kernel/netns.ts";
import { igmpReport } from "../../../../src/sim/kernel/stack/igmp.ts";
import { WEB, iptables, restore, seedWorld } from "./fixture.ts";

/** A container's log as its lines read, without the time the log keeps with each (docker/log-lines.ts). */
const unstamped = (lines: readonly string[] | undefined): string[] =>
  (lines ?? []).map((l) => (l.startsWith("\u0001") ? l.slice(l.indexOf("\u0001", 1) + 1) : l));

function run(w: World, line: string, machine = "host") {
  return applyCommand(w, line, { machine });
}

describe("curl", () => {
  it("-v shows the request and nginx's response headers on stderr", () => {
    const r = run(seedWorld(), "curl -v -m 3 http://10.88.0.4:2024/");
    expect(r.stderr).toBe(
      [
        "*   Trying 10.88.0.4:2024...",
        "* Connected to 10.88.0.4 (10.88.0.4) port 2024 (#0)",
        "> GET / HTTP/1.1\r",
        "> Host: 10.88.0.4:2024\r",
        "> User-Agent: curl/7.88.1\r",
        "> Accept: */*\r",
        "> \r",
        "< HTTP/1.1 200 OK\r",
        "< Server: nginx/1.22.1\r",
        "< Date: Sun, 29 Nov 2026 16:19:00 GMT\r",
        "< Content-Type: text/html\r",
        "< Content-Length: 615\r",
        "< Last-Modified: Sun, 29 Nov 2026 16:19:00 GMT\r",
        "< Connection: keep-alive\r",
        '< ETag: "6b0c5074-267"\r',
        "< Accept-Ranges: bytes\r",
        "< \r",
        "* Connection #0 to host 10.88.0.4 left intact",
        "",
      ].join("\n"),
    );
    expect(r.stdout).toHaveLength(615);
  });

  it("-v to baidu.com notes HTTP/1.0 and closes the connection", () => {
    const r = run(seedWorld(), "curl -v -m 3 baidu.com", WEB);
    expect(r.stderr.split("\n").slice(0, 2)).toEqual([
      "*   Trying 203.0.113.10:80...",
      "* Connected to baidu.com (203.0.113.10) port 80 (#0)",
    ]);
    expect(r.stderr).toContain("> Host: baidu.com\r\n");
    expect(r.stderr).toContain(
      "* HTTP 1.0, assume close after body\n< HTTP/1.0 200 OK\r\n< Server: SimpleHTTP/0.6 Python/3.11.7\r\n",
    );
    expect(
      r.stderr.endsWith(
        "< Content-Length: 79\r\n< Last-Modified: Sun, 29 Nov 2026 16:19:00 GMT\r\n< \r\n* Closing connection 0\n",
      ),
    ).toBe(true);
  });

  it("-I prints the headers of a HEAD request; -w prints the status; -f fails on 404", () => {
    const w = seedWorld();
    expect(run(w, "curl -sI -m 3 http://10.88.0.4:2024/").stdout).toBe(
      "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Sun, 29 Nov 2026 16:19:00 GMT\r\nContent-Type: text/html\r\n" +
        'Content-Length: 615\r\nLast-Modified: Sun, 29 Nov 2026 16:19:00 GMT\r\nConnection: keep-alive\r\nETag: "6b0c5074-267"\r\nAccept-Ranges: bytes\r\n\r\n',
    );
    expect(run(w, "curl -s -m 3 -o /dev/null -w '%{http_code}' http://10.88.0.4:2024/").stdout).toBe("200");
    expect(run(w, "curl -s -w '%{http_code}\\n' -o /dev/null -m 3 http://10.88.0.4:2025/")).toMatchObject({
      stdout: "000\n",
      exitCode: 7,
    });
    expect(run(w, "curl -sf -S -m 3 http://10.88.0.4:2024/nope")).toMatchObject({
      stdout: "",
      stderr: "curl: (22) The requested URL returned error: 404\n",
      exitCode: 22,
    });
    const notFound = run(w, "curl -s -m 3 http://10.88.0.4:2024/nope");
    expect(notFound.stdout).toBe(
      "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n",
    );
    // nginx's error log (the container's stderr, marked so) comes before the access line.
    expect(unstamped(notFound.world.logs[WEB])).toEqual([
      '\u00022026/11/29 16:19:00 [error] 7#7: *1 open() "/usr/share/nginx/html/nope" failed (2: No such file or directory), client: 10.88.0.4, server: localhost, request: "GET /nope HTTP/1.1", host: "10.88.0.4:2024"',
      '10.88.0.4 - - [29/Nov/2026:16:19:00 +0000] "GET /nope HTTP/1.1" 404 153 "-" "curl/7.88.1" "-"',
    ]);
  });

  it("answers bad usage as curl does", () => {
    expect(run(seedWorld(), "curl")).toMatchObject({
      stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 2,
    });
    expect(run(seedWorld(), "curl --bogus x")).toMatchObject({
      stderr: "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 2,
    });
  });

  it("a container reaches the host's published port through docker-proxy (the container sees the gateway)", () => {
    const r = run(seedWorld(), "curl -s -m 3 http://10.88.0.4:2024/", WEB);
    expect(r.exitCode).toBe(0);
    expect(unstamped(r.world.logs[WEB])[0]).toMatch(/^172\.17\.0\.1 - - /);
  });
});

describe("ping (busybox in a container)", () => {
  it("prints busybox's format; ttl shows the one forwarding hop", () => {
    const r = run(seedWorld(), "ping -c 2 baidu.com", WEB);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.replace(/time=[\d.]+ ms/g, "time=T ms").replace(/= [\d./]+ ms/, "= T ms")).toBe(
      "PING baidu.com (203.0.113.10): 56 data bytes\n" +
        "64 bytes from 203.0.113.10: seq=0 ttl=63 time=T ms\n" +
        "64 bytes from 203.0.113.10: seq=1 ttl=63 time=T ms\n\n" +
        "--- baidu.com ping statistics ---\n" +
        "2 packets transmitted, 2 packets received, 0% packet loss\n" +
        "round-trip min/avg/max = T ms\n",
    );
  });

  it("reports loss (exit 1) and bad addresses", () => {
    expect(run(seedWorld(), "ping -c 1 -W 1 192.0.2.1", WEB)).toMatchObject({
      stdout:
        "PING 192.0.2.1 (192.0.2.1): 56 data bytes\n\n--- 192.0.2.1 ping statistics ---\n1 packets transmitted, 0 packets received, 100% packet loss\n",
      exitCode: 1,
    });
    expect(run(seedWorld(), "ping -c 1 nosuch.example", WEB)).toMatchObject({
      stderr: "ping: bad address 'nosuch.example'\n",
      exitCode: 1,
    });
  });

  it("leaves an ICMP conntrack entry on the host, MASQUERADEd", () => {
    const r = run(seedWorld(), "ping -c 1 203.0.113.10", WEB);
    const line = run(r.world, "conntrack -L -p icmp").stdout;
    expect(line).toMatch(
      /^icmp {5}1 30 src=172\.17\.0\.2 dst=203\.0\.113\.10 type=8 code=0 id=(\d+) src=203\.0\.113\.10 dst=10\.88\.0\.4 type=0 code=0 id=\1 mark=0 use=1\n$/,
    );
  });
});

describe("conntrack", () => {
  it("-C counts, -F empties (message on stderr), filters select", () => {
    let w = run(seedWorld(), "curl -s -m 3 baidu.com", WEB).world;
    w = run(w, "curl -s -m 3 http://10.88.0.4:2024/", "internet").world;
    expect(run(w, "conntrack -C")).toMatchObject({ stdout: "3\n", stderr: "", exitCode: 0 });
    expect(run(w, "conntrack -L -p udp").stderr).toBe(
      "conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n",
    );
    expect(run(w, "conntrack -L --orig-src 10.88.0.1").stdout.split("\n").filter(Boolean)).toHaveLength(1);
    const f = run(w, "conntrack -F");
    expect(f).toMatchObject({
      stdout: "",
      stderr: "conntrack v1.4.7 (conntrack-tools): connection tracking table has been emptied.\n",
      exitCode: 0,
    });
    expect(run(f.world, "conntrack -L")).toMatchObject({
      stdout: "",
      stderr: "conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n",
    });
  });

  it("entries expire with the clock", () => {
    const w = run(seedWorld(), "curl -s -m 3 http://10.88.0.4:2024/", "internet").world;
    expect(run({ ...w, clock: w.clock + 119_000 }, "conntrack -C").stdout).toBe("1\n");
    expect(run({ ...w, clock: w.clock + 120_000 }, "conntrack -C").stdout).toBe("0\n");
  });
});

describe("xtables-monitor --trace", () => {
  it("prints nothing without TRACE rules, and the trace of TRACEd packets once", () => {
    const plain = run(seedWorld(), "curl -s -m 3 http://10.88.0.4:2024/", "internet");
    expect(run(plain.world, "xtables-monitor --trace")).toMatchObject({ stdout: "", exitCode: 0 });
    const traced = iptables(seedWorld(), "host", ["-t", "raw", "-I", "PREROUTING", "-j", "TRACE"]);
    const r = run(traced, "curl -s -m 3 http://10.88.0.4:2024/", "internet");
    const out = run(r.world, "xtables-monitor --trace -4").stdout.split("\n");
    // 12 segments (the response as headers and body, each acknowledged, as the oracle captured them)
    // at raw PREROUTING and FORWARD; the SYN also at nat PREROUTING and POSTROUTING.
    expect(out.filter((l) => l.startsWith("PACKET:"))).toHaveLength(26);
    expect(out[1]).toMatch(
      /^ TRACE: 2 [0-9a-f]{8} raw:PREROUTING:rule:0x2:CONTINUE {2}-4 -t raw -A PREROUTING -j TRACE$/,
    );
    expect(out[2]).toMatch(/^ TRACE: 2 [0-9a-f]{8} raw:PREROUTING:policy:ACCEPT $/);
    expect(run(r.world, "xtables-monitor --trace -4").world.logs["xtables-monitor:host"]).toBeUndefined();
  });
});

describe("the DNS server of the lab's internet (p03)", () => {
  it("dies when its answer cannot be routed, so later lookups fail at once (exit 6)", () => {
    let w = seedWorld();
    w = updateNetns(w, "host", (ns) => {
      const chains = ns.netfilter.nat.chains.map((c) =>
        c.name === "POSTROUTING" ? { ...c, rules: c.rules.slice(1) } : c,
      );
      return { ...ns, netfilter: { ...ns.netfilter, nat: { chains } } };
    });
    const first = run(w, "curl -s -m 3 baidu.com", WEB);
    expect(first.exitCode).toBe(28);
    expect(first.world.netns.internet!.listeners.map((l) => l.app.kind)).toEqual(["web"]);
    const again = restore(
      first.world,
      "host",
      "*nat\n-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE\nCOMMIT\n",
    );
    expect(run(again, "curl -m 3 baidu.com", WEB)).toMatchObject({
      stderr: "curl: (6) Could not resolve host: baidu.com\n",
      exitCode: 6,
    });
  });
});

describe("curl -A", () => {
  it("sends the user agent nginx logs (as the oracle's docker logs shows)", () => {
    const r = run(seedWorld(), "curl -s -m 3 -A myagent http://10.88.0.4:2024/ -o /dev/null", WEB);
    expect(r).toMatchObject({ stdout: "", exitCode: 0 });
    expect(unstamped(r.world.logs[WEB])).toEqual([
      '172.17.0.1 - - [29/Nov/2026:16:19:00 +0000] "GET / HTTP/1.1" 200 615 "-" "myagent" "-"',
    ]);
  });
});

describe("name resolution failing at once", () => {
  it("a name server without a route fails the lookup immediately (the internet's resolv.conf: exit 6)", () => {
    const w = updateNetns(seedWorld(), "internet", (ns) => ({ ...ns, nameservers: ["10.255.255.53"] }));
    const r = run(w, "curl -m 3 baidu.com", "internet");
    expect(r).toMatchObject({ stderr: "curl: (6) Could not resolve host: baidu.com\n", exitCode: 6 });
    expect(r.world.clock).toBe(w.clock);
  });
});

describe("the bridge's IGMP report", () => {
  it("leaves the entry the oracle's conntrack -L shows, once", () => {
    let w = igmpReport(seedWorld(), "host", "docker0");
    w = igmpReport(w, "host", "docker0");
    expect(run({ ...w, clock: w.clock + 16_000 }, "conntrack -L").stdout).toBe(
      "unknown  2 584 src=172.17.0.1 dst=224.0.0.22 [UNREPLIED] src=224.0.0.22 dst=172.17.0.1 mark=0 use=1\n",
    );
    // Nothing is tracked in a namespace without rules.
    expect(igmpReport(seedWorld({ rules: false }), "host", "docker0").netns.host!.conntrack).toEqual([]);
  });
});
