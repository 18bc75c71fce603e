import { describe, expect, it } from "vitest";
import { createAppStore } from "../../../src/store/app-store.ts";
import { selectPrompt } from "../../../src/store/selectors.ts";
import type { SimClient } from "../../../src/store/types.ts";
import { createEngine } from "../../../src/worker/engine.ts";

describe("terminal slice", () => {
  it("echoes the line with its prompt, then the core's output", async () => {
    const engine = createEngine(3);
    const store = createAppStore(() => engine);
    await store.getState().connect();
    const prompt = selectPrompt(store.getState());
    expect(prompt).toBe("root@docker-host:~#");
    await store.getState().submit("echo hi");
    await store.getState().submit("nope");
    expect(store.getState().lines.map((l) => [l.kind, l.prompt, l.text])).toEqual([
      ["input", "root@docker-host:~#", "echo hi"],
      ["stdout", undefined, "hi"],
      ["input", "root@docker-host:~#", "nope"],
      ["stderr", undefined, "bash: nope: command not found"],
    ]);
    expect(store.getState().history).toEqual(["echo hi", "nope"]);
    expect(store.getState().traceSeq).toBe(2);
    expect(store.getState().lastEvents).toEqual([{ type: "command", machine: "host", line: "nope", exitCode: 127 }]);
  });

  it("shows stdout and stderr in the order they were written, as a terminal does", async () => {
    const engine = createEngine(3);
    const store = createAppStore(() => engine);
    await store.getState().submit("echo one; nosuch; echo $?");
    expect(
      store
        .getState()
        .lines.slice(1)
        .map((l) => [l.kind, l.text]),
    ).toEqual([
      ["stdout", "one"],
      ["stderr", "bash: nosuch: command not found"],
      ["stdout", "127"],
    ]);
  });

  it("clear empties the screen but keeps the history", async () => {
    const engine = createEngine(3);
    const store = createAppStore(() => engine);
    await store.getState().submit("echo hi", "$");
    await store.getState().submit("clear", "$");
    expect(store.getState().lines).toEqual([]);
    expect(store.getState().history).toEqual(["echo hi", "clear"]);
  });

  it("Ctrl+C shows the abandoned line with ^C and keeps it out of the history", async () => {
    const engine = createEngine(3);
    const store = createAppStore(() => engine);
    await store.getState().connect();
    store.getState().cancelLine("docker r");
    expect(store.getState().lines.map((l) => [l.prompt, l.text])).toEqual([["root@docker-host:~#", "docker r^C"]]);
    expect(store.getState().history).toEqual([]);
  });

  it("undo and reset go to the engine; reset clears the screen and the history", async () => {
    const engine = createEngine(3);
    const store = createAppStore(() => engine);
    await store.getState().connect();
    await store.getState().replay(["hostname lab", "undo"]);
    expect(engine.run("hostname").stdout).toBe("docker-host\n");
    await store.getState().submit("reset");
    expect(store.getState().lines).toEqual([]);
    expect(store.getState().history).toEqual([]);
  });

  it("prompts differ per machine", async () => {
    const { promptFor } = await import("../../../src/store/world-view.ts");
    expect(promptFor(null, "internet")).toBe("root@internet:~#");
    // `cd` moves it: root's home reads as ~, as bash's \w shows it.
    expect(promptFor(null, "host", "/proc/sys/net")).toBe("root@docker-host:/proc/sys/net#");
    expect(promptFor(null, "host", "/root/notes")).toBe("root@docker-host:~/notes#");
    expect(promptFor(null, "87aa043b777a85c985dd097618fc85be8959163c2194f3ebcb6e6d1bc77d2970")).toBe(
      "root@87aa043b777a:/#",
    );
  });
});

describe("share log", () => {
  it("records machine switches so a replay runs each line where it was typed", async () => {
    const engine = createEngine(3);
    const store = createAppStore(() => engine);
    await store.getState().connect();
    await store.getState().submit("ip route");
    await store.getState().attach("internet");
    await store.getState().attach("internet");
    await store.getState().submit("ip route");
    expect(store.getState().shareLog).toEqual(["ip route", "#attach internet", "ip route"]);
    expect(store.getState().history).toEqual(["ip route", "ip route"]);

    const other = createEngine(3);
    const again = createAppStore(() => other);
    await again.getState().connect();
    await again.getState().replay(store.getState().shareLog);
    expect(again.getState().lines.map((l) => [l.prompt, l.text])).toEqual(
      store.getState().lines.map((l) => [l.prompt, l.text]),
    );
    expect(again.getState().lines.map((l) => [l.prompt, l.text])).toEqual([
      ["root@docker-host:~#", "ip route"],
      [undefined, "default via 10.88.0.1 dev eth0 "],
      [undefined, "10.88.0.0/16 dev eth0 proto kernel scope link src 10.88.0.4 "],
      [undefined, "172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown "],
      ["root@internet:~#", "ip route"],
      [undefined, "10.88.0.0/16 dev eth0 proto kernel scope link src 10.88.0.1 "],
    ]);
  });
});

describe("a failing worker", () => {
  it("gives the prompt back with a plain message instead of hanging", async () => {
    const engine = createEngine(3);
    // As the page sees a remote worker whose call fails (comlink rejects the promise).
    const broken = {
      ...engine,
      run: () => Promise.reject(new Error("DataCloneError")),
    } as unknown as SimClient;
    const store = createAppStore(() => broken);
    await store.getState().connect();
    expect(await store.getState().submit("echo hi")).toBeNull();
    expect(store.getState().busy).toBe(false);
    expect(store.getState().lines.map((l) => [l.kind, l.text])).toEqual([
      ["input", "echo hi"],
      ["stderr", "lab: the simulation did not answer: DataCloneError"],
    ]);
  });
});
