/**
 * The walk against the real kernel's own account (golden p06, recorded by
 * xtables-monitor --trace on Docker 26.1.5): every hook, chain and rule each kind of
 * packet of a published-port request passes, in order, normalised as compare.py does.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyCommand } from "../../../../src/sim/index.ts";
import { normTrace } from "../../replay-compare.ts";
import { WEB, restore, seedWorld } from "./fixture.ts";

/** The `@trace LINE` blocks of a recorded transcript: the line and what xtables-monitor printed. */
function traceBlocks(file: string): { line: string; trace: string[] }[] {
  const text = readFileSync(new URL(`./golden/${file}`, import.meta.url), "utf8").split("\n");
  const out: { line: string; trace: string[] }[] = [];
  for (let i = 0; i < text.length; i++) {
    if (!text[i]!.startsWith("@trace ")) continue;
    let end = i + 1;
    while (end < text.length && /^(PACKET| TRACE)/.test(text[end]!)) end++;
    out.push({ line: text[i]!.slice("@trace ".length), trace: text.slice(i + 1, end) });
  }
  return out;
}

function goldenTrace(): string[] {
  return traceBlocks("p06-trace-inbound.txt")[0]!.trace;
}

const TRACE_RULES =
  "*raw\n:PREROUTING ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A PREROUTING -j TRACE\n-A OUTPUT -j TRACE\nCOMMIT\n";

describe("the p06 trace: internet$ curl -s -m 3 http://10.88.0.4:2024/", () => {
  it("passes the same hooks, chains and rules as the real kernel, in the same order", () => {
    let w = restore(seedWorld(), "host", TRACE_RULES);
    const r = applyCommand(w, "curl -s -m 3 http://10.88.0.4:2024/", { machine: "internet" });
    expect(r.exitCode).toBe(0);
    w = r.world;
    const mon = applyCommand(w, "xtables-monitor --trace", { machine: "host" });
    const sim = normTrace(mon.stdout.split("\n"));
    expect(sim).toEqual(normTrace(goldenTrace()));
    // Read once: the monitor's buffer is empty afterwards.
    expect(applyCommand(mon.world, "xtables-monitor --trace", { machine: "host" }).stdout).toBe("");
  });

  it("prints the first packet exactly as xtables-monitor does, apart from ids, MACs and ports", () => {
    const w = restore(seedWorld(), "host", TRACE_RULES);
    const r = applyCommand(w, "curl -s -m 3 http://10.88.0.4:2024/", { machine: "internet" });
    const lines = applyCommand(r.world, "xtables-monitor --trace", { machine: "host" }).stdout.split("\n");
    const mask = (l: string) =>
      l
        .replace(/^(PACKET|\s*TRACE): 2 [0-9a-f]{8}/, "$1: 2 <id>")
        .replace(/MAC(SRC|DST)=\S+/g, "MAC$1=<mac>")
        .replace(/ ID=\d+/, " ID=<n>")
        .replace(/SPORT=\d{5}/, "SPORT=<eph>")
        .replace(/DPORT=\d{5}/, "DPORT=<eph>")
        .replace(/:rule:0x[0-9a-f]+:/, ":rule:<h>:");
    expect(lines.slice(0, 6).map(mask)).toEqual(goldenTrace().slice(0, 6).map(mask));
  });
});

describe("the other paths, recorded on the oracle (golden w01)", () => {
  it.each(traceBlocks("w01-trace-paths.txt"))("@trace $line", ({ line, trace }) => {
    const m = /^(\w+)\$ (.*)$/.exec(line);
    const machine = m ? (m[1] === "web" ? WEB : m[1]!) : "host";
    let w = restore(seedWorld(), "host", TRACE_RULES);
    const r = applyCommand(w, m ? m[2]! : line, { machine });
    expect(r.exitCode).toBe(0);
    w = r.world;
    const sim = applyCommand(w, "xtables-monitor --trace", { machine: "host" }).stdout.split("\n");
    expect(normTrace(sim)).toEqual(normTrace(trace));
  });
});
