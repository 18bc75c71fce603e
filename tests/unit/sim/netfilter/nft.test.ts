/**
 * nft's view of the tables iptables-nft keeps, and the iptables package's other
 * programs, held against what the oracle's Debian 12 host printed (Docker 26 and 28).
 */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/index.ts";
import { ruleText, translateRuleBody } from "../../../../src/sim/netfilter/nft-expr.ts";
import { parseArgs } from "../../../../src/sim/netfilter/iptables-args.ts";
import type { Rule } from "../../../../src/sim/netfilter/types.ts";
import { out, run } from "../lab.ts";

function ruleOf(...args: string[]): Rule {
  const p = parseArgs(["-A", "X", ...args], { prog: "iptables" });
  if ("ok" in p) throw new Error(p.stderr);
  const r = p.parser.finish({ chain: "X", table: "filter" });
  if (!r.ok) throw new Error(r.stderr);
  return r.rule;
}

const line = (...args: string[]) => ruleText(ruleOf(...args));

describe("a rule as nft lists what iptables-nft stored", () => {
  it("prints native expressions, dropping the protocol a port test depends on", () => {
    expect(
      line("-d", "172.17.0.2/32", "!", "-i", "docker0", "-o", "docker0", "-p", "tcp", "--dport", "80", "-j", "ACCEPT"),
    ).toEqual({
      text: 'iifname != "docker0" oifname "docker0" ip daddr 172.17.0.2 tcp dport 80 counter packets 0 bytes 0 accept',
      xt: false,
    });
    expect(line("-p", "tcp", "-j", "ACCEPT").text).toBe("meta l4proto tcp counter packets 0 bytes 0 accept");
    expect(line("-p", "tcp", "--syn", "-j", "ACCEPT").text).toBe(
      "tcp flags syn / fin,syn,rst,ack counter packets 0 bytes 0 accept",
    );
    expect(line("-m", "limit", "--limit", "10/hour", "--limit-burst", "7").text).toBe(
      "limit rate 10/hour burst 7 packets counter packets 0 bytes 0",
    );
    expect(line("-m", "mark", "!", "--mark", "0x2/0xff", "-j", "ACCEPT").text).toBe(
      "meta mark & 0x000000ff != 0x00000002 counter packets 0 bytes 0 accept",
    );
  });

  it("prints an xt match or target through its translation, and marks the rule", () => {
    expect(line("-m", "conntrack", "--ctstate", "NEW,RELATED,ESTABLISHED,INVALID", "-j", "ACCEPT")).toEqual({
      text: "ct state invalid,new,related,established counter packets 0 bytes 0 accept",
      xt: true,
    });
    // The comment's translation is empty: two blanks where it stood.
    expect(
      line(
        "-p",
        "tcp",
        "-m",
        "multiport",
        "--dports",
        "22,23,8000:8100",
        "-m",
        "comment",
        "--comment",
        "x",
        "-j",
        "DROP",
      ).text,
    ).toBe("meta l4proto tcp tcp dport { 22, 23, 8000-8100 }  counter packets 0 bytes 0 drop");
    expect(line("-p", "icmp", "--icmp-type", "3/1", "-j", "ACCEPT").text).toBe(
      "meta l4proto icmp xt match icmp counter packets 0 bytes 0 accept",
    );
    expect(line("-j", "LOG", "--log-tcp-sequence", "--log-uid").text).toBe(
      "counter packets 0 bytes 0 log flags tcp sequence flags skuid",
    );
    expect(line("-p", "tcp", "-j", "REJECT", "--reject-with", "tcp-reset").text).toBe(
      "meta l4proto tcp counter packets 0 bytes 0 reject with tcp reset",
    );
  });

  it("words it as iptables-translate does: ip protocol, a bare counter, burst always, comment last", () => {
    expect(translateRuleBody(ruleOf("-p", "tcp", "-m", "multiport", "--dports", "22,80", "-j", "DROP"))).toBe(
      "ip protocol tcp tcp dport { 22, 80 } counter drop",
    );
    expect(translateRuleBody(ruleOf("-m", "limit", "--limit", "5/sec", "-j", "ACCEPT"))).toBe(
      "limit rate 5/second burst 5 packets counter accept",
    );
    expect(
      translateRuleBody(ruleOf("-p", "tcp", "--dport", "22", "-m", "comment", "--comment", "ssh", "-j", "ACCEPT")),
    ).toBe('tcp dport 22 counter accept comment "ssh"');
    expect(translateRuleBody(ruleOf("-j", "CT", "--zone", "3"))).toBeUndefined();
  });
});

describe("nft on the lab's host", () => {
  const world = run(createWorld(7), "docker run -d -p 2024:80 --name web nginx");

  it("lists tables and chains in the order the kernel created them, with their handles", () => {
    expect(out(world, "nft list tables").stdout).toBe("table ip nat\ntable ip filter\n");
    const nat = out(world, "nft -a list table ip nat");
    expect(nat.stderr).toBe("# Warning: table ip nat is managed by iptables-nft, do not touch!\n");
    expect(nat.stdout.split("\n").slice(0, 5)).toEqual([
      "table ip nat { # handle 1",
      "\tchain DOCKER { # handle 1",
      '\t\tiifname "docker0" counter packets 0 bytes 0 return # handle 4',
      '\t\tiifname != "docker0" tcp dport 2024 counter packets 0 bytes 0 dnat to 172.17.0.2:80 # handle 9',
      "\t}",
    ]);
    expect(nat.stdout).toContain(
      "\tchain POSTROUTING { # handle 2\n\t\ttype nat hook postrouting priority srcnat; policy accept;",
    );
    expect(nat.stdout).toContain("\tchain OUTPUT { # handle 7\n\t\ttype nat hook output priority -100; policy accept;");
  });

  it("answers a missing table or chain, and a syntax error, as nft does", () => {
    expect(out(world, "nft list table ip raw").text).toBe(
      "Error: No such file or directory\nlist table ip raw\n              ^^^\n",
    );
    expect(out(world, "nft list rulset").text).toBe(
      "Error: syntax error, unexpected string\nlist rulset\n     ^^^^^^\n",
    );
    expect(out(world, "nft add rule ip filter INPUT tcp dport 22 drop").text).toBe(
      "Error: No such file or directory; did you mean chain ‘OUTPUT’ in table ip ‘nat’?\nadd rule ip filter INPUT tcp dport 22 drop\n                   ^^^^^\n",
    );
    expect(out(world, "nft").code).toBe(1);
  });

  it("adds a native rule iptables then reads back, without a counter", () => {
    const w = run(world, "nft insert rule ip filter DOCKER-USER ip saddr 1.2.3.4 drop");
    expect(out(w, "iptables -S DOCKER-USER").stdout).toBe(
      "-N DOCKER-USER\n-A DOCKER-USER -s 1.2.3.4/32 -j DROP\n-A DOCKER-USER -j RETURN\n",
    );
    expect(out(w, "nft -a list chain ip filter DOCKER-USER").stdout).toContain(
      "\t\tip saddr 1.2.3.4 drop # handle 20\n",
    );
  });

  it("prints JSON: native tests as matches, an xt extension by its name only", () => {
    const j = JSON.parse(out(world, "nft -j list chain ip nat DOCKER").stdout) as { nftables: unknown[] };
    expect(j.nftables[3]).toEqual({
      rule: {
        family: "ip",
        table: "nat",
        chain: "DOCKER",
        handle: 9,
        expr: [
          { match: { op: "!=", left: { meta: { key: "iifname" } }, right: "docker0" } },
          { match: { op: "==", left: { payload: { protocol: "tcp", field: "dport" } }, right: 2024 } },
          { counter: { packets: 0, bytes: 0 } },
          { xt: { type: "target", name: "DNAT" } },
        ],
      },
    });
  });

  it("flushes the ruleset: iptables then sees empty tables", () => {
    const w = run(world, "nft flush ruleset");
    expect(out(w, "nft list ruleset").text).toBe("");
    expect(out(w, "iptables-save").text).toBe("");
  });
});

describe("the iptables package's other programs", () => {
  const world = run(createWorld(7), "docker run -d -p 2024:80 --name web nginx");

  it("iptables-translate turns a command line into nft's, and gives up as it does", () => {
    expect(
      out(world, "iptables-translate -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE").stdout,
    ).toBe(`nft 'add rule ip nat POSTROUTING oifname != "docker0" ip saddr 172.17.0.0/16 counter masquerade'\n`);
    const no = out(world, "iptables-translate -P INPUT DROP");
    expect([no.stdout, no.stderr, no.code]).toEqual(["nft ", "Translation not implemented\n", 1]);
  });

  it("iptables-legacy loads a table when first named; -save prints the newest first", () => {
    expect(out(world, "iptables-legacy-save").stdout).toBe("");
    const w = run(world, "iptables-legacy -L", "iptables-legacy -t nat -L");
    const saved = out(w, "iptables-legacy-save").stdout;
    expect(saved.indexOf("*nat")).toBeLessThan(saved.indexOf("*filter"));
    expect(out(w, "iptables -S FORWARD").stderr).toBe(
      "# Warning: iptables-legacy tables present, use iptables-legacy to see them\n",
    );
  });

  it("ebtables, arptables and update-alternatives show the host's empty tables and the nft builds", () => {
    expect(out(world, "ebtables -t nat -L").stdout).toBe(
      "Bridge table: nat\n\nBridge chain: PREROUTING, entries: 0, policy: ACCEPT\n\nBridge chain: OUTPUT, entries: 0, policy: ACCEPT\n\nBridge chain: POSTROUTING, entries: 0, policy: ACCEPT\n",
    );
    expect(out(world, "arptables -L").stdout).toBe("Chain INPUT (policy ACCEPT)\n\nChain OUTPUT (policy ACCEPT)\n");
    expect(out(world, "update-alternatives --list iptables").stdout).toBe(
      "/usr/sbin/iptables-legacy\n/usr/sbin/iptables-nft\n",
    );
    expect(out(world, "type -P nft").stdout).toBe("/usr/sbin/nft\n");
  });
});

describe("nft on a Docker 28 host", () => {
  const world = run(createWorld(7, { engine: "28" }), "docker run -d -p 2024:80 --name web nginx");

  it("lists dockerd's IPv6 tables after the IPv4 ones it made first, and raw after them", () => {
    expect(out(world, "nft list tables").stdout).toBe(
      "table ip nat\ntable ip filter\ntable ip6 nat\ntable ip6 filter\ntable ip raw\n",
    );
    const six = out(world, "nft list table ip6 nat");
    expect(six.stdout).toContain("\t\tip6 daddr != ::1 fib daddr type local counter packets 0 bytes 0 jump DOCKER\n");
    // No xt statement in ip6 filter: no warning.
    expect(out(world, "nft list table ip6 filter").stderr).toBe("");
    expect(out(world, "ip6tables -S FORWARD").stdout).toBe(
      "-P FORWARD ACCEPT\n-A FORWARD -j DOCKER-USER\n-A FORWARD -j DOCKER-FORWARD\n",
    );
  });
});
