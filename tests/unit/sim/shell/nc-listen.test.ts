/**
 * The host's busybox nc (Debian's small one, which docker-oracle installs) listening as a
 * background job, called from a container through docker0's address and eth0's (oracle,
 * session an01): it takes one connection, writes what came where its stdout points, and
 * ends; under `timeout` with no caller it ends at SIGTERM, status 124, its port closed.
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type Session, type World } from "../../../../src/sim/index.ts";

const HOST: Session = { machine: "host", noTty: true };

function setUp(): World {
  return applyCommand(createWorld(4), "docker run -d -p 2024:80 --name web nginx", HOST).world;
}

function run(w: World, line: string): [string, number, World] {
  const r = applyCommand(w, line, HOST);
  return [r.stdout + r.stderr, r.exitCode, r.world];
}

describe("busybox nc on the host", () => {
  it("is the small nc: -u is no option of it", () => {
    const [out, code] = run(setUp(), "busybox nc -l -p 9000 -u");
    expect(out.split("\n").slice(0, 4)).toEqual([
      "nc: invalid option -- 'u'",
      "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.",
      "",
      "Usage: nc [-iN] [-wN] [-l] [-p PORT] [-f FILE|IPADDR PORT] [-e PROG]",
    ]);
    expect(code).toBe(1);
  });

  it.each(["172.17.0.1", "10.88.0.4"])("listening, takes what a container sends to %s and ends", (addr) => {
    const [out, code, w] = run(
      setUp(),
      `timeout 3 busybox nc -l -p 9000 >/tmp/got & sleep 1; docker exec web sh -c 'echo hello | nc -w 1 ${addr} 9000'; wait; echo rc=$?; cat /tmp/got`,
    );
    expect([out, code]).toEqual(["rc=0\nhello\n", 0]);
    expect(run(w, "ss -tln | grep -c 9000")[0]).toBe("0\n");
    expect(run(w, "conntrack -L -p tcp --dport 9000 2>/dev/null | wc -l")[0]).toBe("1\n");
  });

  it("listens until its timeout when nobody calls", () => {
    const [out, , w] = run(
      setUp(),
      "timeout 2 busybox nc -l -p 9000 >/dev/null & sleep 1; ss -tln | grep -c 9000; wait %1; echo rc=$?",
    );
    expect(out).toBe("1\nrc=124\n");
    expect(run(w, "docker exec web sh -c 'nc -w 1 172.17.0.1 9000 </dev/null'")[0]).toBe(
      "nc: can't connect to remote host (172.17.0.1): Connection refused\n",
    );
  });
});
