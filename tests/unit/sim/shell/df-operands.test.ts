/** `df FILE…` lists the mount each file lies in, and reports a file that does not exist. */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import { inside, out, run } from "../lab.ts";

describe("df with operands", () => {
  it("lists only the mount a path lies in", () => {
    const r = out(createWorld(1), "df -h /tmp");
    expect(
      r.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.split(/\s+/).at(-1)),
    ).toEqual(["on", "/"]);
  });

  it("reports a missing file first, fails, and still lists the others", () => {
    const r = out(createWorld(1), "df / /nonexistent 2>&1");
    expect(r.stdout.split("\n")[0]).toBe("df: /nonexistent: No such file or directory");
    expect(r.stdout).toContain("/dev/vda");
    expect(r.code).toBe(1);
  });

  it("finds a container's bind-mounted files on their own mounts (busybox df)", () => {
    const w = run(createWorld(1), "docker run -d --name web nginx");
    const r = out(w, "df /etc/hosts /", inside(w, "web"));
    expect(
      r.stdout
        .split("\n")
        .slice(1, 3)
        .map((l) => l.split(/\s+/).at(-1)),
    ).toEqual(["/etc/hosts", "/"]);
  });
});
