import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

// As the oracle printed it (fixture ae01): the kernel's input lookup refuses a packet it would
// have to forward while forwarding is off on the interface it came in on.
describe("ip route get ... iif with ip_forward off", () => {
  it("answers No route to host for a forwarded destination, and names the route again once it is on", () => {
    const t = terminal([
      "docker run -d --name web nginx",
      "sysctl -w net.ipv4.ip_forward=0",
      "ip route get 172.17.0.2 from 10.88.0.1 iif eth0",
      "ip route get 10.88.0.4 from 10.88.0.1 iif eth0",
      "ip route get 172.17.0.2",
      "sysctl -w net.ipv4.ip_forward=1",
      "ip route get 172.17.0.2 from 10.88.0.1 iif eth0",
    ]);
    expect(t.out[2]).toBe("RTNETLINK answers: No route to host\n");
    // The host's own address needs no forwarding: still a route, not the error.
    expect(t.out[3]).toMatch(/^local 10\.88\.0\.4 /);
    expect(t.out[4]).toBe("172.17.0.2 dev docker0 src 172.17.0.1 uid 0 \n    cache \n");
    expect(t.out[6]).toBe("172.17.0.2 from 10.88.0.1 dev docker0 \n    cache iif eth0 \n");
  });
});
