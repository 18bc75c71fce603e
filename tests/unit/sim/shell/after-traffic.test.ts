import { describe, expect, it } from "vitest";
import { terminal as typed } from "./terminal.ts";

const terminal = (lines: readonly string[]) => typed(lines).out;

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
