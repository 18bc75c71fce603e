import { describe, expect, it } from "vitest";
import { createAppStore } from "../../../src/store/app-store.ts";
import { selectPrompt } from "../../../src/store/selectors.ts";
import { directSim } from "../../../src/store/supervisor.ts";
import { createEngine } from "../../../src/worker/engine.ts";
import { viewOf } from "../../../src/worker/view.ts";

const storeWith = (engine = createEngine(3)) => createAppStore(directSim(() => engine));

describe("terminal slice", () => {
  it("echoes the line with its prompt, then the core's output", async () => {
    const store = storeWith();
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

  it("holds the view of the world it is sent, and knows when the world moved where the view did not", async () => {
    const engine = createEngine(3);
    const store = storeWith(engine);
    await store.getState().connect();
    const seq = () => store.getState().worldSeq;
    await store.getState().submit("docker run -d -p 2024:80 --name web nginx");
    const view = store.getState().worldView!;
    expect(view).toEqual(viewOf(engine.state().world));
    expect(view.docker.containers.map((c) => c.name)).toEqual(["web"]);
    const afterRun = seq();
    await store.getState().submit("echo hi");
    expect(seq()).toBe(afterRun);
    expect(store.getState().worldView).toBe(view);
    // Traffic moves counters and conntrack, which panels ask the worker for: the view stays, the world moved.
    await store.getState().submit("curl -s 127.0.0.1:2024 -o /dev/null");
    expect(store.getState().worldView).toBe(view);
    expect(seq()).toBe(afterRun + 1);
    await store.getState().submit("undo");
    expect(seq()).toBe(afterRun + 2);
    expect(store.getState().worldView).toEqual(viewOf(engine.state().world));
  });

  it("shows stdout and stderr in the order they were written, as a terminal does", async () => {
    const store = storeWith();
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

  it("clear empties the screen but keeps the arrows' history, and is not part of the session", async () => {
    const store = storeWith();
    await store.getState().submit("echo hi", "$");
    await store.getState().submit("clear", "$");
    expect(store.getState().lines).toEqual([]);
    expect(store.getState().history).toEqual(["echo hi", "clear"]);
    expect(store.getState().log.done.map((e) => e.line)).toEqual(["echo hi"]);
  });

  it("Ctrl+C shows the abandoned line with ^C and keeps it out of the history", async () => {
    const store = storeWith();
    await store.getState().connect();
    store.getState().cancelLine("docker r");
    expect(store.getState().lines.map((l) => [l.prompt, l.text])).toEqual([["root@docker-host:~#", "docker r^C"]]);
    expect(store.getState().history).toEqual([]);
  });

  it("undo, redo and reset go to the engine; their notes are lab lines; the log follows", async () => {
    const store = storeWith();
    await store.getState().connect();
    await store.getState().submit("hostname lab");
    await store.getState().submit("undo");
    expect(store.getState().worldView?.netns.host?.hostname).toBe("docker-host");
    expect(store.getState().lines.at(-1)).toMatchObject({
      kind: "lab",
      lab: { code: "undone", lines: ["hostname lab"] },
    });
    await store.getState().submit("redo");
    expect(store.getState().log.done.map((e) => e.line)).toEqual(["hostname lab"]);
    await store.getState().submit("undo");
    await store.getState().submit("undo");
    expect(store.getState().lines.at(-1)).toMatchObject({ kind: "lab", lab: { code: "nothing-to-undo" } });
    await store.getState().submit("hostname again");
    await store.getState().submit("reset");
    expect(store.getState().lines).toEqual([]);
    expect(store.getState().history).toContain("hostname again");
    expect(store.getState().log.done.map((e) => e.line)).toEqual(["hostname again", "reset"]);
    await store.getState().submit("undo");
    expect(store.getState().log.done.map((e) => e.line)).toEqual(["hostname again"]);
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

describe("the session log", () => {
  it("keeps the machine each line ran on, so a rebuild runs it there again", async () => {
    const store = storeWith();
    await store.getState().connect();
    await store.getState().submit("ip route");
    await store.getState().attach("internet");
    await store.getState().submit("ip route");
    expect(store.getState().log.done.map((e) => [e.line, e.machine])).toEqual([
      ["ip route", "host"],
      ["ip route", "internet"],
    ]);

    const again = storeWith();
    await again.getState().restore(store.getState().currentState(), "link");
    expect(again.getState().lines.map((l) => [l.prompt, l.text])).toEqual([
      ["root@docker-host:~#", "ip route"],
      [undefined, "default via 10.88.0.1 dev eth0 "],
      [undefined, "10.88.0.0/16 dev eth0 proto kernel scope link src 10.88.0.4 "],
      [undefined, "172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown "],
      ["root@internet:~#", "ip route"],
      [undefined, "10.88.0.0/16 dev eth0 proto kernel scope link src 10.88.0.1 "],
    ]);
    expect(again.getState().session.machine).toBe("internet");
  });
});
