/**
 * Docker's rule sets from the oracle's golden transcripts: every saved rule
 * parses and prints back identically, and the tables Docker's iptables calls
 * build list exactly as the real host listed them.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runIptables } from "../../../../src/sim/netfilter/iptables-cli.ts";
import { runIptablesSave } from "../../../../src/sim/netfilter/iptables-save.ts";
import { formatRuleSpec, ruleToTraceText } from "../../../../src/sim/netfilter/rule-format.ts";
import { parseRuleSpec } from "../../../../src/sim/netfilter/rule-parse.ts";
import { createNetfilter } from "../../../../src/sim/netfilter/state.ts";
import type { NetfilterState } from "../../../../src/sim/netfilter/types.ts";
import { words } from "./transcript.ts";

const GOLDEN = "/work/shared/oracle/golden/";
const golden = (name: string) => readFileSync(GOLDEN + name, "utf8");

/** The output under a transcript header line (`$ cmd`), up to the next header. */
function block(text: string, header: string): string {
  const lines = text.split("\n");
  const start = lines.indexOf(header);
  if (start < 0) throw new Error(`no block ${header}`);
  const out: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (/^(\$ |[\w.-]+\$ |@)/.test(l)) break;
    out.push(l);
  }
  return out.join("\n") + "\n";
}

function run(nf: NetfilterState, line: string): NetfilterState {
  const r = runIptables(nf, words(line).slice(1));
  expect(r.stderr).toBe("");
  expect(r.exitCode).toBe(0);
  return r.nf;
}

/** What dockerd 26 runs for the default bridge and one `-p 2024:80` container, in its order. */
const SEED = [
  "iptables -t nat -N DOCKER",
  "iptables -t filter -N DOCKER",
  "iptables -t filter -N DOCKER-ISOLATION-STAGE-1",
  "iptables -t filter -N DOCKER-ISOLATION-STAGE-2",
  "iptables -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER",
  "iptables -t nat -A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER ! --dst 127.0.0.0/8",
  "iptables -t nat -I POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE",
  "iptables -t nat -I DOCKER -i docker0 -j RETURN",
  "iptables -t filter -P FORWARD DROP",
  "iptables -t filter -I FORWARD -i docker0 -o docker0 -j ACCEPT",
  "iptables -t filter -I FORWARD -i docker0 ! -o docker0 -j ACCEPT",
  "iptables -t filter -I FORWARD -o docker0 -j DOCKER",
  "iptables -t filter -I FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
  "iptables -t filter -I FORWARD -j DOCKER-ISOLATION-STAGE-1",
  "iptables -t filter -I DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2",
  "iptables -t filter -I DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP",
  "iptables -t filter -A DOCKER-ISOLATION-STAGE-1 -j RETURN",
  "iptables -t filter -A DOCKER-ISOLATION-STAGE-2 -j RETURN",
  "iptables -t filter -N DOCKER-USER",
  "iptables -t filter -A DOCKER-USER -j RETURN",
  "iptables -t filter -I FORWARD -j DOCKER-USER",
  "iptables -t nat -A DOCKER -p tcp -d 0/0 --dport 2024 -j DNAT --to-destination 172.17.0.2:80 ! -i docker0",
  "iptables -t filter -A DOCKER ! -i docker0 -o docker0 -p tcp -d 172.17.0.2 --dport 80 -j ACCEPT",
  "iptables -t nat -A POSTROUTING -p tcp -s 172.17.0.2 -d 172.17.0.2 --dport 80 -j MASQUERADE",
];

function seed(): NetfilterState {
  return SEED.reduce(run, createNetfilter());
}

describe("golden rule sets round-trip through parse and format", () => {
  const saved = [
    block(golden("p01-seed.txt"), "$ iptables-save -t filter"),
    block(golden("p05-user-network.txt"), "$ iptables-save -t nat"),
  ].join("");
  const rules = saved.split("\n").filter((l) => l.startsWith("-A "));
  it("found the rules", () => expect(rules.length).toBe(18));
  it.each(rules)("%s", (line) => {
    const [, , ...spec] = line.split(" ");
    const r = parseRuleSpec(words(spec.join(" ")));
    expect(r.ok).toBe(true);
    if (r.ok) expect(formatRuleSpec(r.rule)).toBe(spec.join(" "));
  });
});

describe("Docker's seed rules list as the real host listed them", () => {
  const nf = seed();
  it("iptables -t nat -nL (p01)", () => {
    expect(runIptables(nf, ["-t", "nat", "-nL"]).stdout).toBe(block(golden("p01-seed.txt"), "$ iptables -t nat -nL"));
  });
  it("iptables-save -t filter (p01), dated by the world's clock", () => {
    const clock = Date.UTC(2026, 10, 29, 16, 19, 5);
    expect(runIptablesSave(nf, ["-t", "filter"], clock).stdout).toBe(
      block(golden("p01-seed.txt"), "$ iptables-save -t filter"),
    );
  });
  it("iptables -t nat -nL POSTROUTING after deleting MASQUERADE (p03)", () => {
    const text = golden("p03-no-masquerade.txt");
    // p03 runs without a published port, so only Docker's bridge rules are there.
    const bridgeOnly = SEED.filter((l) => !/2024|172\.17\.0\.2/.test(l)).reduce(run, createNetfilter());
    const after = run(bridgeOnly, "iptables -t nat -D POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE");
    expect(runIptables(after, ["-t", "nat", "-nL", "POSTROUTING"]).stdout).toBe(
      block(text, "$ iptables -t nat -nL POSTROUTING"),
    );
  });
  it("iptables -t nat -nL DOCKER with a port bound to 127.0.0.1 (p04)", () => {
    const bridgeOnly = SEED.filter((l) => !/2024|172\.17\.0\.2/.test(l)).reduce(run, createNetfilter());
    const nf4 = run(
      bridgeOnly,
      "iptables -t nat -A DOCKER -p tcp -d 127.0.0.1 --dport 8080 -j DNAT --to-destination 172.17.0.2:80 ! -i docker0",
    );
    expect(runIptables(nf4, ["-t", "nat", "-nL", "DOCKER"]).stdout).toBe(
      block(golden("p04-bind-localhost.txt"), "$ iptables -t nat -nL DOCKER"),
    );
  });
  it("gives xtables-monitor's TRACE text for a rule", () => {
    const rule = nf.nat.chains.find((c) => c.name === "DOCKER")!.rules[1]!;
    expect(ruleToTraceText("nat", "DOCKER", rule)).toBe(
      "-4 -t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80",
    );
  });
  it("iptables-save without -t prints the tables Docker wrote to, filter before nat", () => {
    const out = runIptablesSave(nf, [], 0).stdout;
    expect(out.split("\n").filter((l) => l.startsWith("*"))).toEqual(["*filter", "*nat"]);
    expect(runIptablesSave(createNetfilter(), [], 0).stdout).toBe("");
  });
});
