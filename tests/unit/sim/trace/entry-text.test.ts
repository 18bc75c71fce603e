import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, HOST_SESSION, withEntryTexts, type TraceEvent } from "../../../../src/sim/index.ts";
import { compileRules, type CompiledHeader } from "../../../../src/sim/netfilter/evaluate-match.ts";
import { applyCounters } from "../../../../src/sim/netfilter/evaluate.ts";
import { originOf } from "../../../../src/sim/netfilter/origin.ts";
import { run } from "../lab.ts";

type Ct = Extract<TraceEvent, { type: "conntrack" }>;
const published = () => run(createWorld(1), "docker run -d -p 2024:80 --name web nginx");

describe("a trace's conntrack entries as the page shows them", () => {
  it("are left unwritten by the walk and written, as conntrack -L prints them, by withEntryTexts", () => {
    const r = applyCommand(published(), "curl -s 10.88.0.4:2024", HOST_SESSION);
    const cts = r.events.filter((e): e is Ct => e.type === "conntrack");
    expect(cts.length).toBeGreaterThan(5);
    expect(cts.every((e) => e.entryText === undefined)).toBe(true);
    const shown = withEntryTexts(r.events).filter((e): e is Ct => e.type === "conntrack");
    // Each text is the entry as that packet left it: new before the nat table, confirmed after DNAT.
    expect(shown[0]!.entryText).toMatch(
      /^tcp {6}6 120 SYN_SENT src=10\.88\.0\.4 dst=10\.88\.0\.4 sport=\d+ dport=2024 \[UNREPLIED\] src=10\.88\.0\.4 dst=10\.88\.0\.4 sport=2024 dport=\d+ mark=0 use=1$/,
    );
    expect(shown.find((e) => e.action === "confirm")!.entryText).toMatch(
      / \[UNREPLIED\] src=172\.17\.0\.2 dst=10\.88\.0\.4 sport=80 dport=\d+ mark=0 use=1$/,
    );
    // The text reads the clock the packet passed at: the last entry is past the handshake.
    expect(shown[shown.length - 1]!.entryText).toMatch(/^tcp {6}6 \d+ (TIME_WAIT|CLOSE|LAST_ACK|FIN_WAIT|CLOSE_WAIT) /);
  });

  it("leaves events without conntrack entries as they are", () => {
    const r = applyCommand(createWorld(1), "echo hi", HOST_SESSION);
    expect(withEntryTexts(r.events)).toBe(r.events);
  });
});

describe("what the walk compiles from a chain", () => {
  it("survives counting: the counted copy of a rules array shares the original's compiled headers", () => {
    const w = published();
    const nat = w.netns.host!.netfilter.nat;
    const docker = nat.chains.find((c) => c.name === "DOCKER")!;
    const before: readonly CompiledHeader[] = compileRules(docker.rules);
    const counted = applyCounters(nat, [{ chain: "DOCKER", rule: 1 }], 60);
    const copy = counted.chains.find((c) => c.name === "DOCKER")!;
    expect(copy.rules).not.toBe(docker.rules);
    expect(copy.rules[1]!.counters).toEqual({ packets: 1, bytes: 60 });
    expect(originOf(copy.rules)).toBe(docker.rules);
    expect(compileRules(copy.rules)).toBe(before);
  });
});
