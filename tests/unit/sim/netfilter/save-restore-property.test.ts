/**
 * Issue 11's round trip: whatever history of valid iptables commands built the
 * tables, `iptables-save | iptables-restore` into flushed tables gives back the
 * same `iptables-save` output (and so does `iptables -F; iptables -X` first).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runIptables } from "../../../../src/sim/netfilter/iptables-cli.ts";
import { runIptablesRestore, runIptablesSave } from "../../../../src/sim/netfilter/iptables-save.ts";
import { createNetfilter } from "../../../../src/sim/netfilter/state.ts";
import type { NetfilterState } from "../../../../src/sim/netfilter/types.ts";

const CHAINS = ["LAB", "web ports".replace(" ", "\u00a0"), "ünïcödé", "X-1", "a_b"];

const FILTER_SPECS = [
  "-p tcp -m multiport --dports 80,443 -j ACCEPT",
  "-p udp -m multiport ! --sports 53,67:68 -j DROP",
  '-m comment --comment "say \\"hi\\" it\'s" -j ACCEPT',
  "-m comment --comment 'tab\tand ünï' -j RETURN",
  "-m iprange --src-range 10.0.0.1-10.0.0.9 ! --dst-range 1.2.3.0-1.2.4.0",
  "-m state --state NEW,ESTABLISHED -j ACCEPT",
  "-m conntrack ! --ctstate INVALID,UNTRACKED -j ACCEPT",
  "-m limit --limit 7/hour --limit-burst 9 -j LOG --log-prefix 'limited: ' --log-level info",
  "-m limit --limit 3/s -j LOG --log-uid --log-tcp-sequence",
  "-m mark --mark 0x10/0xff -j REJECT --reject-with icmp-host-prohibited",
  "-m mark ! --mark 7 -j DROP",
  "-m mac --mac-source 0:1:2:3:4:5 -j DROP",
  "-p tcp --syn -j REJECT --reject-with tcp-reset",
  "-p tcp ! --tcp-flags SYN,ACK SYN --tcp-option 2",
  "-p icmp --icmp-type echo-req -j ACCEPT",
  "-p icmp ! --icmp-type 3/1 -j DROP",
  "-s 10.0.0.0/8 -d 192.168.1.1 -i eth+ ! -o docker0 -f -j ACCEPT",
  "-j LOG --log-prefix 1234567890123456789012345678901234567890",
  "-c 5 500 -j ACCEPT",
];
const OUTPUT_SPECS = [
  "-m owner --uid-owner www-data -j ACCEPT",
  "-m owner ! --gid-owner 1000-2000 --socket-exists -j DROP",
];
const NAT_LINES = [
  "-t nat -A PREROUTING -p tcp --dport 8080 -j REDIRECT --to-ports 80-90 --random",
  "-t nat -A OUTPUT -p tcp -j REDIRECT --to 8080",
  "-t nat -A POSTROUTING -s 10.0.0.0/24 -j NETMAP --to 192.168.0.5/255.255.255.0",
  "-t nat -A POSTROUTING -p tcp -j MASQUERADE --to-ports 1024-2000 --random-fully",
  "-t nat -A PREROUTING -p tcp -j DNAT --to-destination 172.17.0.2:80 --persistent",
  "-t mangle -A PREROUTING -j MARK --or-mark 0x4",
  "-t mangle -A FORWARD -j CONNMARK --restore-mark --nfmask 0xff --ctmask 0xf",
  "-t mangle -A POSTROUTING -j CONNMARK --save-mark --right-shift-mark 3",
  "-t raw -A PREROUTING -p udp --dport 53 -j CT --notrack",
  "-t raw -A OUTPUT -j NOTRACK",
  "-t raw -A PREROUTING -j CT --zone 4",
  "-P FORWARD DROP",
];

/** Shell-like word splitting of a spec with '…' and "…" quotes. */
function words(line: string): string[] {
  const out: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, "$1") : (m[2] ?? m[3]!));
  return out;
}

const command = fc.oneof(
  fc.tuple(fc.constantFrom(...CHAINS)).map(([c]) => ["-N", c]),
  fc
    .tuple(fc.constantFrom("INPUT", "FORWARD", ...CHAINS), fc.constantFrom(...FILTER_SPECS), fc.boolean())
    .map(([c, spec, ins]) => [ins ? "-I" : "-A", c, ...words(spec)]),
  fc.tuple(fc.constantFrom(...OUTPUT_SPECS)).map(([spec]) => ["-A", "OUTPUT", ...words(spec)]),
  fc.tuple(fc.constantFrom(...CHAINS)).map(([c]) => ["-A", "INPUT", "-j", c]),
  fc.tuple(fc.constantFrom(...NAT_LINES)).map(([l]) => words(l)),
  fc.tuple(fc.constantFrom("INPUT", ...CHAINS)).map(([c]) => ["-D", c, "1"]),
);

function build(history: readonly string[][]): NetfilterState {
  let nf = createNetfilter();
  for (const argv of history) {
    const r = runIptables(nf, argv);
    if (r.exitCode === 0) nf = r.nf;
  }
  return nf;
}

const save = (nf: NetfilterState) => runIptablesSave(nf, ["-c"], 0).stdout;

describe("iptables-save | iptables-restore", () => {
  it("gives back the same tables after any history of valid commands", () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (history) => {
        const nf = build(history);
        const text = save(nf);
        const restored = runIptablesRestore(createNetfilter(), ["-c"], text);
        expect(restored.stderr).toBe("");
        expect(save(restored.nf)).toBe(text);
        // iptables -F; iptables -X; iptables-restore: nothing is lost.
        let flushed = runIptables(nf, ["-F"]).nf;
        flushed = runIptables(flushed, ["-X"]).nf;
        const again = runIptablesRestore(flushed, ["-c"], text);
        expect(again.exitCode).toBe(0);
        expect(save(again.nf)).toBe(text);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps the rules of every extension the lab models", () => {
    const nf = build([
      ["-N", "LAB"],
      ...FILTER_SPECS.map((s) => ["-A", "LAB", ...words(s)]),
      ...OUTPUT_SPECS.map((s) => ["-A", "OUTPUT", ...words(s)]),
      ...NAT_LINES.map(words),
    ]);
    const text = save(nf);
    expect(text.split("\n").filter((l) => l.startsWith("[")).length).toBe(
      FILTER_SPECS.length + OUTPUT_SPECS.length + NAT_LINES.length - 1,
    );
    expect(save(runIptablesRestore(createNetfilter(), ["-c"], text).nf)).toBe(text);
  });
});
