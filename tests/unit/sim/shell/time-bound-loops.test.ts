/**
 * Shells bounded in time (oracle ld14): a `timeout` around a shell stops its loop at the
 * deadline, and a detached container's endless loop writes its log as the clock runs.
 */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import { out, run } from "../lab.ts";

const fresh = () => createWorld(1);

describe("timeout around a shell", () => {
  it("stops a loop where its clock reaches the deadline", () => {
    const r = out(fresh(), "timeout 2.5 bash -c 'for i in 1 2 3 4 5; do echo $i; sleep 1; done'; echo rc=$?");
    expect(r.stdout).toBe("1\n2\n3\nrc=124\n");
    expect(out(fresh(), "timeout 2.5 bash -c 'while true; do echo tick; sleep 1; done' | wc -l").stdout).toBe("3\n");
  });

  it("cuts a sleep short, and leaves the clock at the deadline", () => {
    const w = fresh();
    const r = out(w, "timeout 1 sleep 2; echo rc=$?");
    expect(r.stdout).toBe("rc=124\n");
    expect(r.world.clock - w.clock).toBe(1000);
    expect(out(w, "timeout 2 bash -c 'sleep 1; echo done'; echo rc=$?").stdout).toBe("done\nrc=0\n");
  });

  it("stops a list between its commands", () => {
    const r = out(fresh(), "timeout 1.5 sh -c 'echo a; sleep 1; echo b; sleep 1; echo c'; echo rc=$?");
    expect(r.stdout).toBe("a\nb\nrc=124\n");
  });
});

describe("a detached container's loop", () => {
  const ticking = () =>
    run(fresh(), "docker run -d --name tick nginx sh -c 'while true; do echo hello; sleep 1; done'");

  it("writes a line a second as the lab's clock runs, and keeps running", () => {
    const w = ticking();
    expect(out(w, "docker logs tick").stdout).toBe("hello\n");
    const later = run(w, "sleep 2.5");
    expect(out(later, "docker logs tick | wc -l").stdout).toBe("3\n");
    expect(out(later, "docker inspect -f '{{.State.Status}}' tick").stdout).toBe("running\n");
  });

  it("writes nothing more once stopped", () => {
    const w = run(ticking(), "docker rm -f tick");
    expect(w.docker.containers.some((c) => c.pendingLog)).toBe(false);
  });

  it("ends a finite loop at its time, its lines written as they came, and docker wait waits for it", () => {
    const w = run(
      fresh(),
      "docker run -d --name count nginx sh -c 'for i in 1 2 3; do echo line $i; sleep 1; done; echo end'",
      "sleep 1.5",
    );
    expect(out(w, "docker logs count").stdout).toBe("line 1\nline 2\n");
    const waited = out(w, "docker wait count");
    expect(waited.stdout).toBe("0\n");
    expect(out(waited.world, "docker logs count").stdout).toBe("line 1\nline 2\nline 3\nend\n");
    expect(out(waited.world, "docker inspect -f '{{.State.Status}}' count").stdout).toBe("exited\n");
  });

  it("logs a line written after a wait only when the clock reaches it, on its own stream", () => {
    const w = run(fresh(), "docker run -d --name both nginx sh -c 'echo out; echo err >&2; sleep 1; echo later'");
    expect(out(w, "docker logs both 2>/dev/null").stdout).toBe("out\n");
    const later = run(w, "sleep 1.5");
    expect(out(later, "docker logs both 2>&1 >/dev/null").stdout).toBe("err\n");
    expect(out(later, "docker logs both 2>/dev/null").stdout).toBe("out\nlater\n");
  });

  it("is left to end by itself when it does so within docker stop's grace, with its own status", () => {
    const w = run(fresh(), "docker run -d --name nap nginx sh -c 'echo start; sleep 4; echo woke'");
    const stopped = out(w, "docker stop nap");
    expect(stopped.world.clock - w.clock).toBeLessThan(5000);
    expect(out(stopped.world, "docker inspect -f '{{.State.ExitCode}} {{.State.Status}}' nap").stdout).toBe(
      "0 exited\n",
    );
    expect(out(stopped.world, "docker logs nap").stdout).toBe("start\nwoke\n");
    const long = run(fresh(), "docker run -d --name long nginx sh -c 'sleep 50'", "docker stop -t 2 long");
    expect(out(long, "docker inspect -f '{{.State.ExitCode}}' long").stdout).toBe("137\n");
  });
});
