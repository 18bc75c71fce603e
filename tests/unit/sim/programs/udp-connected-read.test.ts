/**
 * A read on a connected UDP socket after an ICMP port unreachable (oracle cy05): recvmsg()
 * reports the socket's pending error as send() would, so `cat <&3` says
 * `cat: -: Connection refused` and exits 1, and the error is gone for the next send.
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type Session } from "../../../../src/sim/index.ts";

const INTERNET: Session = { machine: "internet", noTty: true, shell: "bash-c" };
const HOST: Session = { machine: "host", noTty: true, shell: "bash-c" };

describe("reading a connected UDP socket an ICMP error reached", () => {
  it("fails the read with ECONNREFUSED, in cat's words", () => {
    const r = applyCommand(
      createWorld(9),
      "exec 3<>/dev/udp/10.88.0.4/5400; echo a >&3; sleep 1; cat <&3; echo rc=$?",
      INTERNET,
    );
    expect([r.stdout, r.stderr]).toEqual(["rc=1\n", "cat: -: Connection refused\n"]);
  });

  it("takes the error, so the next send succeeds", () => {
    const r = applyCommand(
      createWorld(9),
      "exec 3<>/dev/udp/127.0.0.1/6000; echo a >&3; cat - <&3; echo b >&3; echo rc=$?",
      HOST,
    );
    expect([r.stdout, r.stderr]).toEqual(["rc=0\n", "cat: -: Connection refused\n"]);
  });
});
