/**
 * A published UDP port reached from a container through the host's address (oracle,
 * session an05): docker0's traffic skips the DNAT, docker-proxy receives the datagram and
 * sends it on to the container from 172.17.0.1; tcpdump reads anything to or from DNS's
 * and mDNS's ports as DNS, and bytes bash wrote are too short for its header.
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type Session, type World } from "../../../../src/sim/index.ts";

const HOST: Session = { machine: "host", noTty: true };

function setUp(engine: "26" | "28"): World {
  let w = createWorld(9, { engine });
  for (const line of ["docker run -d -p 5353:53/udp --name dns nginx", "docker run -d --name web nginx"])
    w = applyCommand(w, line, HOST).world;
  return w;
}

describe("a datagram to a published UDP port from a container", () => {
  it.each(["26", "28"] as const)("goes through docker-proxy on %s", (engine) => {
    const r = applyCommand(
      setUp(engine),
      "timeout 2 tcpdump -n -t -i docker0 udp 2>/dev/null | sed -E 's/\\.[0-9]{5}\\b/.P/g' & sleep 1; docker exec web bash -c 'echo hi > /dev/udp/10.88.0.4/5353'; wait",
      HOST,
    );
    expect(r.stdout.trim()).toBe(
      "IP 172.17.0.3.P > 10.88.0.4.5353: domain [length 3 < 12] (invalid)\n" +
        "IP 172.17.0.1.P > 172.17.0.2.53: domain [length 3 < 12] (invalid)",
    );
  });
});
