import { describe, expect, it } from "vitest";
import { createAppStore } from "../../../src/store/app-store.ts";
import { selectPrompt } from "../../../src/store/selectors.ts";
import { createEngine } from "../../../src/worker/engine.ts";

describe("terminal slice", () => {
  it("echoes the line with its prompt, then the core's output", async () => {
    const engine = createEngine(3);
    const store = createAppStore(() => engine);
    await store.getState().connect();
    const prompt = selectPrompt(store.getState());
    expect(prompt).toBe("root@docker-host:~#");
    await store.getState().submit("echo hi", prompt);
    await store.getState().submit("nope", prompt);
    expect(store.getState().lines.map((l) => [l.kind, l.text])).toEqual([
      ["input", "echo hi"],
      ["stdout", "hi"],
      ["input", "nope"],
      ["stderr", "bash: nope: command not found"],
    ]);
    expect(store.getState().history).toEqual(["echo hi", "nope"]);
  });

  it("clear empties the screen but keeps the history", async () => {
    const engine = createEngine(3);
    const store = createAppStore(() => engine);
    await store.getState().submit("echo hi", "$");
    await store.getState().submit("clear", "$");
    expect(store.getState().lines).toEqual([]);
    expect(store.getState().history).toEqual(["echo hi", "clear"]);
  });
});
