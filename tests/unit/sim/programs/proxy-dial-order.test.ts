import { describe, expect, it } from "vitest";
import { replayScenario } from "../../../../src/sim/scenario/replay.ts";

/** The order of the first packets a `curl localhost:2024` makes, as the kernel's trace lists them. */
function firstPackets(engine: "26" | "28"): string[] {
  const text = replayScenario(
    "docker run -d -p 2024:80 --name web nginx\n@trace curl -s -m 3 -o /dev/null localhost:2024\n",
    { engine },
  );
  const seen: string[] = [];
  for (const line of text.split("\n")) {
    const m = /^PACKET: .*\b(OUT|IN)=(\w+).* DPORT=(\d+) (\w+( \w+)?) $/.exec(line);
    if (!m || m[1] !== "OUT") continue;
    const key = `${m[2]} ${m[3] === "80" ? "to-80" : m[3] === "2024" ? "to-2024" : "to-client"} ${m[4]}`;
    if (seen.at(-1) !== key) seen.push(key);
  }
  return seen.slice(0, 6);
}

// The oracle (ba03 and 4 probes on 28, ba03 on 26): 26's proxy dials the container after the
// client's request came; 28's rewritten proxy dials as it accepts, before the request.
describe("docker-proxy's dial against the client's request", () => {
  it("26: the request is acknowledged before the proxy's SYN", () => {
    const p = firstPackets("26");
    expect(p.indexOf("lo to-2024 ACK PSH")).toBeLessThan(p.indexOf("docker0 to-80 SYN"));
  });
  it("28: the proxy's connection is up before the request", () => {
    const p = firstPackets("28");
    expect(p.indexOf("docker0 to-80 SYN")).toBeGreaterThan(-1);
    expect(p.indexOf("docker0 to-80 SYN")).toBeLessThan(p.indexOf("lo to-2024 ACK PSH"));
  });
});
