import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

// busybox 1.35's wget sends Host, User-Agent and Connection: close, and no Accept line as curl
// does: FORWARD counts one request out from a container as the oracle did (12 packets, 979 bytes
// in cm02's transcripts on both engines, where the listing's byte column is not compared).
describe("busybox wget's request", () => {
  it("is as long as the real one, so FORWARD's bytes after one request out match the oracle's", () => {
    const t = terminal([
      "docker run -d --name web nginx",
      "iptables -Z FORWARD",
      "docker exec web wget -q -O /dev/null http://203.0.113.10/",
      "iptables-save -c | grep -- '-A FORWARD -j DOCKER-USER'",
    ]);
    expect(t.out[3]).toBe("[12:979] -A FORWARD -j DOCKER-USER\n");
  });
});
