import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld } from "../../../src/sim/index.ts";

describe("applyCommand", () => {
  it("prints what echo prints", () => {
    const r = applyCommand(createWorld(1), "echo hello   world");
    expect(r).toMatchObject({ stdout: "hello world\n", stderr: "", exitCode: 0 });
  });

  it("answers an unknown command as bash does", () => {
    const r = applyCommand(createWorld(1), "dockr ps");
    expect(r).toMatchObject({ stdout: "", stderr: "bash: dockr: command not found\n", exitCode: 127 });
  });

  it("changes the hostname and leaves the old world untouched", () => {
    const before = createWorld(1);
    const r = applyCommand(before, "hostname lab");
    expect(applyCommand(r.world, "hostname").stdout).toBe("lab\n");
    expect(applyCommand(before, "hostname").stdout).toBe("docker-host\n");
  });

  it("emits a command event first", () => {
    const r = applyCommand(createWorld(1), "false");
    expect(r.events[0]).toEqual({ type: "command", machine: "host", line: "false", exitCode: 1 });
  });

  it("never throws, whatever is typed", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (line) => {
        const r = applyCommand(createWorld(7), line);
        expect(typeof r.exitCode).toBe("number");
      }),
      { numRuns: 500 },
    );
  });

  it("replays identically from the same seed", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("echo a", "hostname x", "hostname", "nope", "false | true"), { maxLength: 12 }),
        (lines) => {
          const run = () => lines.reduce((w, l) => applyCommand(w, l).world, createWorld(99));
          expect(JSON.stringify(run())).toBe(JSON.stringify(run()));
        },
      ),
    );
  });
});
