import { describe, expect, it } from "vitest";
import { createEngine } from "../../../src/worker/engine.ts";

describe("the terminal's shell history in the worker", () => {
  it("lists the lines typed, yet a line that only looks stays a look", () => {
    const engine = createEngine(5);
    expect(engine.run("echo a").entry).toEqual({ line: "echo a", machine: "host", effect: "none" });
    engine.run("docker run -d --name web nginx");
    expect(engine.run("history").stdout).toBe("    1  echo a\n    2  docker run -d --name web nginx\n    3  history\n");
  });

  it("loses the lines undo takes back, as the shell that read them is gone", () => {
    const engine = createEngine(5);
    engine.run("echo a");
    engine.run("cd /etc");
    engine.run("undo");
    // The lab's own `undo` is not a shell line.
    expect(engine.run("history").stdout).toBe("    1  echo a\n    2  history\n");
  });
});
