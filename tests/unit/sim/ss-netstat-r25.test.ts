/** ss and netstat forms a round-25 learner typed that the oracle answered differently from the lab. */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../src/sim/world.ts";
import { msTimer } from "../../../src/sim/shell/commands/ss/ss.ts";
import { out, run } from "./lab.ts";

const published = () => run(createWorld(), "docker run -d -p 8080:80 --name web nginx");

describe("ss", () => {
  it("takes any /etc/services name in a port condition", () => {
    const r = out(published(), "ss -tln 'sport = :http-alt'");
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split("\n")).toHaveLength(3);
  });

  it("sizes columns to their cells alone under -H, the queues still six wide", () => {
    const lines = out(published(), "ss -tlnH").stdout.split("\n");
    expect(lines[0]).toBe("LISTEN 0      4096   0.0.0.0:8080 0.0.0.0:*");
    expect(lines[1]).toBe("LISTEN 0      4096      [::]:8080    [::]:*");
  });

  it("lists nginx's worker before its master as holders of the listener", () => {
    const w = published();
    const pid = out(w, "docker inspect -f '{{.State.Pid}}' web").stdout.trim();
    const r = out(w, `nsenter -t ${pid} -n ss -tlnp`).stdout;
    expect(r).toContain(`users:(("nginx",pid=${Number(pid) + 1},fd=5),("nginx",pid=${pid},fd=5))`);
  });

  it("prints timers as print_ms_timer does", () => {
    expect(msTimer(59_800)).toBe("59sec");
    expect(msTimer(60_000)).toBe("1min");
    expect(msTimer(5_123)).toBe("5.123ms");
    expect(msTimer(800)).toBe("800ms");
  });
});

describe("netstat -4 and -6", () => {
  it("reads only the family asked for", () => {
    const w = published();
    expect(out(w, "netstat -ltn4").stdout).not.toContain("tcp6");
    expect(out(w, "netstat -ltn6").stdout).not.toContain("0.0.0.0:8080");
    expect(out(w, "netstat -ltn -4 -6").stdout).toContain("tcp6");
  });
});
