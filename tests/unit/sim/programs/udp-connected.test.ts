/**
 * A UDP socket bash keeps open (`exec 3<>/dev/udp/HOST/PORT`), as in the oracle's
 * session bl02: the ICMP port unreachable a closed port answers waits on the socket
 * and fails its next send with ECONNREFUSED, once; through a published port the
 * container's refusal comes back un-DNATed (quoting the port the sender chose), while
 * docker-proxy keeps its container's refusal to itself.
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type Session, type World } from "../../../../src/sim/index.ts";
import { captureText } from "../../../../src/sim/scenario/capture.ts";

const HOST: Session = { machine: "host", noTty: true, shell: "bash-c" };
const INTERNET: Session = { machine: "internet", noTty: true, shell: "bash-c" };
const SEND_TWICE = (to: string) => `exec 3<>/dev/udp/${to}; echo a >&3; sleep 1; echo b >&3; echo rc=$?`;

function setUp(): World {
  return applyCommand(createWorld(9), "docker run -d -p 5353:53/udp --name web nginx", HOST).world;
}

describe("a connected UDP socket the shell keeps", () => {
  it("fails its second send after a closed port's refusal", () => {
    const r = applyCommand(setUp(), SEND_TWICE("127.0.0.1/6000"), HOST);
    expect(r.stderr).toBe("bash: line 1: echo: write error: Connection refused\n");
    expect(r.stdout).toBe("rc=1\n");
  });

  it("hears a container's refusal through DNAT, not through docker-proxy", () => {
    const w = setUp();
    expect(applyCommand(w, SEND_TWICE("10.88.0.4/5353"), INTERNET).stdout).toBe("rc=1\n");
    const proxied = applyCommand(w, SEND_TWICE("127.0.0.1/5353"), HOST);
    expect([proxied.stdout, proxied.stderr]).toEqual(["rc=0\n", ""]);
  });

  it("keeps one source port for both sends and reports the error once", () => {
    const r = applyCommand(
      setUp(),
      "exec 3<>/dev/udp/10.88.0.1/7; echo a >&3; echo b >&3; echo c >&3; echo rc=$?; conntrack -L -p udp 2>/dev/null | wc -l",
      HOST,
    );
    expect(r.stdout).toBe("rc=0\n1\n");
  });

  it("knows no descriptor it was not given, and closes one on request", () => {
    // `bash -c` names its line, as it does for `cat <&5` (oracle ld10).
    expect(applyCommand(setUp(), "echo a >&3; echo rc=$?", HOST).stderr).toBe("bash: line 1: 3: Bad file descriptor\n");
    const closed = applyCommand(setUp(), "exec 3>/tmp/f; echo x >&3; exec 3>&-; echo y >&3; cat /tmp/f", HOST);
    expect([closed.stdout, closed.stderr]).toEqual(["x\n", "bash: line 1: 3: Bad file descriptor\n"]);
  });
});

describe("an ICMP error through DNAT", () => {
  it("quotes the address and port its sender chose, outside the host", () => {
    const w = setUp();
    const r = applyCommand(w, "echo hi > /dev/udp/10.88.0.4/5353", INTERNET);
    const seen = (iface: string) =>
      captureText(r.world, iface, r.events ?? [], w.clock)
        .split("\n")
        .filter((l) => l.includes("ICMP"))
        .map((l) => l.replace(/^\S+ /, ""));
    expect(seen("eth0")).toEqual(["IP 10.88.0.4 > 10.88.0.1: ICMP 10.88.0.4 udp port 5353 unreachable, length 39"]);
    expect(seen("docker0")).toEqual(["IP 172.17.0.2 > 10.88.0.1: ICMP 172.17.0.2 udp port 53 unreachable, length 39"]);
  });
});
