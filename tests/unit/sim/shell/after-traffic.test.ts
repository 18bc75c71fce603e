import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, HOST_SESSION, type Session, type World } from "../../../../src/sim/index.ts";

function terminal(lines: readonly string[]) {
  let world: World = createWorld(11);
  const out: string[] = [];
  for (const raw of lines) {
    const m = /^(\w+)\$ (.*)$/.exec(raw);
    const s: Session = m ? { machine: m[1]! } : HOST_SESSION;
    const o = applyCommand(world, m ? m[2]! : raw, s);
    world = o.world;
    out.push(o.output.map((c) => c.text).join(""));
  }
  return out;
}

describe("after packets have crossed the host", () => {
  it("iptables-save still prints every table in use (counting packets once dropped the flag)", () => {
    const out = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "internet$ curl -s -o /dev/null http://10.88.0.4:2024/",
      "iptables-save | grep -c DOCKER",
      "iptables-save | grep '^\\*'",
    ]);
    expect(out[2]).toBe("18\n");
    expect(out[3]).toBe("*filter\n*nat\n");
  });

  it("merged into a pipe, a C program's stderr comes before its block-buffered stdout (the oracle's order)", () => {
    const out = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "internet$ curl -s -o /dev/null http://10.88.0.4:2024/",
      "conntrack -L -d 10.88.0.4 2>&1 | head -1",
      "conntrack -L -d 10.88.0.4 2>&1 | tail -1",
      "conntrack -L -d 10.88.0.4",
    ]);
    expect(out[2]).toBe("conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n");
    expect(out[3]).toMatch(/^tcp +6 \d+ TIME_WAIT src=10\.88\.0\.1 dst=10\.88\.0\.4 /);
    // On the terminal stdout is line-buffered: the entries come first.
    expect(out[4]).toMatch(/^tcp .*\nconntrack v1\.4\.7 \(conntrack-tools\): 1 flow entries have been shown\.\n$/);
  });
});
