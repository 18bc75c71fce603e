/**
 * xtables-monitor's PACKET line for ICMP echoes (oracle, session an06): it names no ICMP
 * type, code, id or sequence, and the kernel's echo reply goes out without DF (its ICMP
 * socket never sets it), while the request a container's ping sends carries DF.
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type Session, type World } from "../../../../src/sim/index.ts";

const HOST: Session = { machine: "host", noTty: true };

function run(w: World, line: string): World {
  return applyCommand(w, line, HOST).world;
}

describe("the trace of a ping to the gateway", () => {
  it("prints the echo and its reply as the oracle's xtables-monitor did", () => {
    let w = createWorld(3);
    w = run(w, "docker run -d --name web nginx");
    w = run(w, "iptables -t raw -I PREROUTING -j TRACE");
    w = run(w, "iptables -t raw -I OUTPUT -j TRACE");
    w = run(w, "docker exec web ping -c 1 172.17.0.1");
    const packets = applyCommand(w, "xtables-monitor --trace", HOST)
      .stdout.split("\n")
      .filter((l) => l.startsWith("PACKET:"))
      .map((l) =>
        l
          .replace(/^PACKET: 2 \S+ /, "")
          .replace(/ MAC\w+=\S+/g, "")
          .replace(/ ID=\d+/, ""),
      );
    expect(packets).toEqual([
      "IN=docker0 SRC=172.17.0.2 DST=172.17.0.1 LEN=84 TOS=0x0 TTL=64 DF ",
      "IN=docker0 SRC=172.17.0.2 DST=172.17.0.1 LEN=84 TOS=0x0 TTL=64 DF ",
      "OUT=docker0 SRC=172.17.0.1 DST=172.17.0.2 LEN=84 TOS=0x0 TTL=64 ",
    ]);
  });
});
