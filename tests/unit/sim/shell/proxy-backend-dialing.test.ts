import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

// As the oracle printed it (fixture ae03): with docker0 down the route to the container leads
// out of eth0 and nothing answers the proxy's SYNs, so its connect() goes on retrying and the
// client it accepted waits until curl's own -m gives up (28), not an empty reply or a reset.
describe("docker-proxy whose backend never answers", () => {
  it("holds the client until its timeout", () => {
    const t = terminal([
      "docker run -d -p 8080:80 --name web nginx",
      "ip link set docker0 down",
      "curl -s -m 2 -o /dev/null -w '%{http_code}\\n' http://localhost:8080/; echo \"exit $?\"",
    ]);
    expect(t.out[2]).toBe("000\nexit 28\n");
  });
});
