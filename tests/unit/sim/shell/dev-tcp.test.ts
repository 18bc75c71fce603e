import { describe, expect, it } from "vitest";
import { runLine } from "../../../../src/sim/shell/run.ts";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";

const HOST: Session = { machine: "host", noTty: true, shell: "bash-c" };
const INTERNET: Session = { machine: "internet", noTty: true, shell: "bash-c" };

function published(): World {
  return runLine(createWorld(1), HOST, "docker run -d -p 2024:80 --name web nginx").world;
}

describe("bash's /dev/tcp", () => {
  it("connects as the redirection opens: the written line reaches nginx, which logs a request it could not read", () => {
    const r = runLine(published(), HOST, "echo > /dev/tcp/172.17.0.2/80 && echo open");
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(["open\n", "", 0]);
    // bash sent them: the handshake, the line, and its FIN.
    const sent = (r.events ?? []).flatMap((e) => (e.type === "packet" && e.sender === "bash" ? [e.label] : []));
    expect(sent[0]).toBe("SYN");
    expect(sent).toContain("data");
    const log = runLine(r.world, HOST, "docker logs web").stdout;
    expect(log).toMatch(/^172\.17\.0\.1 - - \[[^\]]+\] "" 400 0 "-" "-" "-"\n$/);
    expect(runLine(r.world, HOST, "conntrack -L -p tcp").stdout).toContain("TIME_WAIT");
  });

  it("writes nothing for a bare redirection (`</dev/tcp/…`), so nginx logs nothing", () => {
    const r = runLine(published(), HOST, "bash -c '</dev/tcp/10.88.0.4/2024' && echo open");
    expect(r.stdout).toBe("open\n");
    expect(runLine(r.world, HOST, "docker logs web").stdout).toBe("");
  });

  it("fails as connect() does, and the command never runs", () => {
    const r = runLine(published(), HOST, "echo > /dev/tcp/172.17.0.2/81; echo status $?");
    expect(r.stdout).toBe("status 1\n");
    expect(r.stderr).toBe(
      "bash: connect: Connection refused\nbash: line 1: /dev/tcp/172.17.0.2/81: Connection refused\n",
    );
  });

  it("waits on dropped SYNs only as long as `timeout` lets it", () => {
    const w = runLine(published(), HOST, "iptables -I DOCKER-USER -i eth0 -p tcp --dport 80 -j DROP").world;
    const r = runLine(w, INTERNET, "timeout 2 bash -c '</dev/tcp/10.88.0.4/2024'; echo status $?");
    expect(r.stdout).toBe("status 124\n");
    expect(r.world.clock - w.clock).toBeGreaterThanOrEqual(2000);
    expect(r.world.clock - w.clock).toBeLessThan(3000);
    const counters = runLine(r.world, HOST, "iptables -nvxL DOCKER-USER").stdout.split("\n")[2]!.trim().split(/\s+/);
    // The first SYN and the one resent after a second.
    expect(counters[0]).toBe("2");
  });

  it("is a file name to dash and busybox ash, which have no such devices", () => {
    const w = published();
    const dash = runLine(w, HOST, "sh -c 'echo > /dev/tcp/172.17.0.2/80'; echo status $?");
    expect(dash.stdout).toBe("status 2\n");
    expect(dash.stderr).toBe("sh: 1: cannot create /dev/tcp/172.17.0.2/80: Directory nonexistent\n");
    const ash = runLine(w, { machine: "web", noTty: true, shell: "sh" }, "echo > /dev/tcp/127.0.0.1/80");
    expect(ash.stderr).toBe("sh: can't create /dev/tcp/127.0.0.1/80: nonexistent directory\n");
  });
});
