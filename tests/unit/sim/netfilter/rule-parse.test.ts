/** parseRuleSpec's structured output and error values, option by option. */
import { describe, expect, it } from "vitest";
import { parseRuleSpec } from "../../../../src/sim/netfilter/rule-parse.ts";

const ok = (line: string, opts = {}) => {
  const r = parseRuleSpec(line.split(" "), opts);
  if (!r.ok) throw new Error(r.stderr);
  return r.rule;
};
const err = (line: string, opts = {}) => {
  const r = parseRuleSpec(line.split(" "), opts);
  if (r.ok) throw new Error(`parsed: ${line}`);
  return [r.stderr, r.exitCode];
};
const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";

describe("parseRuleSpec", () => {
  it("reads Docker's DNAT rule into structured fields, with the implicit tcp match", () => {
    expect(ok("! -i docker0 -p tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80")).toEqual({
      inIface: { value: "docker0", negated: true },
      proto: { value: "tcp", negated: false },
      matches: [{ module: "tcp", dport: { value: { from: 2024, to: 2024 }, negated: false } }],
      target: { kind: "DNAT", toDestination: "172.17.0.2:80" },
      counters: { packets: 0, bytes: 0 },
    });
  });

  it("stores addresses as the kernel does: /32 added, host bits cleared, 0/0 dropped", () => {
    const r = ok("-s 172.17.0.2 -d 10.1.2.3/255.255.0.0 -j ACCEPT");
    expect([r.src, r.dst]).toEqual([
      { value: "172.17.0.2/32", negated: false },
      { value: "10.1.0.0/16", negated: false },
    ]);
    expect(ok("-d 0/0 -j ACCEPT").dst).toBeUndefined();
    expect(ok("-s localhost").src).toEqual({ value: "127.0.0.1/32", negated: false });
    expect(
      ok("-s baidu.com", { resolve: (n: string) => (n === "baidu.com" ? "203.0.113.10" : undefined) }).src,
    ).toEqual({
      value: "203.0.113.10/32",
      negated: false,
    });
  });

  it("puts conntrack states in the kernel's order and a LOG level only when not the default", () => {
    expect(ok("-m conntrack --ctstate ESTABLISHED,RELATED").matches).toEqual([
      { module: "conntrack", ctstate: { value: ["RELATED", "ESTABLISHED"], negated: false } },
    ]);
    expect(ok("-j LOG --log-level warning --log-prefix x").target).toEqual({ kind: "LOG", prefix: "x" });
    expect(ok("-j LOG --log-level debug").target).toEqual({ kind: "LOG", level: "7" });
    expect(ok("-j REJECT").target).toEqual({ kind: "REJECT", rejectWith: "icmp-port-unreachable" });
    expect(ok("-g DOCKER").target).toEqual({ kind: "jump", chain: "DOCKER", goto: true });
  });

  it("expands address lists into one rule per pair", () => {
    const r = parseRuleSpec("-s 1.1.1.1,2.2.2.2 -d 3.3.3.3 -j ACCEPT".split(" "));
    expect(r.ok && r.rules.map((x) => `${x.src?.value} ${x.dst?.value}`)).toEqual([
      "1.1.1.1/32 3.3.3.3/32",
      "2.2.2.2/32 3.3.3.3/32",
    ]);
  });

  it("fails with iptables' own words and exit 2", () => {
    expect(err("--dport 80 -j ACCEPT")).toEqual([`iptables v1.8.9 (nf_tables): unknown option "--dport"\n${TRY}`, 2]);
    expect(err("-s 1.2.3.400")).toEqual([
      `iptables v1.8.9 (nf_tables): host/network \`1.2.3.400' not found\n${TRY}`,
      2,
    ]);
    expect(err("-p tcp --dport 99999")).toEqual([
      `iptables v1.8.9 (nf_tables): invalid port/service \`99999' specified\n${TRY}`,
      2,
    ]);
    expect(err("foo")).toEqual([`Bad argument \`foo'\n${TRY}`, 2]);
    expect(err("-m foo")).toEqual([
      `iptables v1.8.9 (nf_tables): Couldn't load match \`foo':No such file or directory\n\n${TRY}`,
      2,
    ]);
    expect(err("-o eth0 -j DROP", { chain: "INPUT" })).toEqual([
      `iptables v1.8.9 (nf_tables): Can't use -o with INPUT\n\n${TRY}`,
      2,
    ]);
    expect(err("-j DNAT --to-destination 1.2.3.4:80")).toEqual([
      `iptables v1.8.9 (nf_tables): Need TCP, UDP, SCTP or DCCP with port specification\n${TRY}`,
      2,
    ]);
    expect(err("-j DROP", { table: "nat" })[0]).toContain('The "nat" table is not intended for filtering');
    expect(err("-s 1.2.3.400", { prog: "iptables-restore" })).toEqual([
      "iptables-restore v1.8.9 (nf_tables): host/network `1.2.3.400' not found\n" +
        "Try `iptables-restore -h' or 'iptables-restore --help' for more information.\n",
      2,
    ]);
  });

  it("names the one unknown flag of a --tcp-flags list, as libxt_tcp's strtok loop does (oracle, session aj06)", () => {
    expect(err("-p tcp --tcp-flags SYN,BOGUS SYN -j DROP")[0]).toBe(
      "iptables v1.8.9 (nf_tables): Unknown TCP flag `BOGUS'\n" + TRY,
    );
    expect(err("-p tcp --tcp-flags SYN,ACK syn,Oops -j DROP")[0]).toBe(
      "iptables v1.8.9 (nf_tables): Unknown TCP flag `Oops'\n" + TRY,
    );
    expect(ok("-p tcp --tcp-flags syn,,ack SYN -j DROP").matches).toEqual([
      { module: "tcp", tcpFlags: { value: { mask: ["SYN", "ACK"], comp: ["SYN"] }, negated: false } },
    ]);
  });
});
