import { describe, expect, it } from "vitest";
import { createAppStore } from "../../../src/store/app-store.ts";
import { decodeLink, encodeLink } from "../../../src/store/link.ts";
import { memorySessionStore } from "../../../src/store/persist.ts";
import { selectEngine } from "../../../src/store/selectors.ts";
import { fromWire, toWire } from "../../../src/store/session-state.ts";
import { directSim, type SimHandle, type SimLimits } from "../../../src/store/supervisor.ts";
import type { SimClient } from "../../../src/store/types.ts";
import { createEngine } from "../../../src/worker/engine.ts";

const ARTICLE = "docker run -d -p 2024:80 --name mynginxs nginx";

describe("switching the engine", () => {
  it("is a line of the session: the world rebuilt from the same commands, shown, undoable", async () => {
    const store = createAppStore(directSim(() => createEngine(3)));
    await store.getState().connect();
    expect(store.getState().engines.map((e) => e.label)).toEqual(["Docker 26.1.5", "Docker 28.5.2"]);
    expect(selectEngine(store.getState())).toBe("26");
    await store.getState().submit(ARTICLE);
    await store.getState().submit("curl -s http://203.0.113.10/");
    const web26 = store.getState().worldView!.docker.containers[0]!;
    await store.getState().attach(web26.id);

    await store.getState().switchEngine("28");
    const s = store.getState();
    expect(selectEngine(s)).toBe("28");
    expect(s.lastSwitch).toEqual({ engine: "28", lines: 2 });
    expect(s.lastEvents).toEqual([]);
    expect(s.log.done.at(-1)).toEqual({ line: "#engine 28", machine: "host", effect: "world", engine: "28" });
    expect(s.lines.at(-1)).toMatchObject({ kind: "lab", lab: { code: "engine", engine: "28", count: 2 } });
    // The terminal stays in the container, found again by its name (its id differs on 28).
    const web28 = s.worldView!.docker.containers.find((c) => c.name === "mynginxs")!;
    expect(web28.id).not.toBe(web26.id);
    expect(s.session.machine).toBe(web28.id);
    await store.getState().attach("host");
    const reply = await store.getState().submit("iptables-save -t raw");
    expect(reply?.stdout).toContain("-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP");

    await store.getState().submit("undo");
    expect(selectEngine(store.getState())).toBe("26");
    expect(store.getState().worldView!.docker.containers[0]!.id).toBe(web26.id);
    await store.getState().submit("redo");
    expect(selectEngine(store.getState())).toBe("28");
    await store.getState().switchEngine("26");
    expect(selectEngine(store.getState())).toBe("26");
    await store.getState().attach("host");
    expect((await store.getState().submit("iptables-save -t raw"))?.stdout).not.toContain("DROP");
  });

  it("compares both engines on the session's own commands, through the store", async () => {
    const store = createAppStore(directSim(() => createEngine(3)));
    await store.getState().submit("docker run -d -p 9090:80 --name web nginx");
    const [a, b] = await store.getState().compareEngines("session");
    expect(a!.text).toContain("--dport 9090");
    expect(b!.text).toContain("-A FORWARD -j DOCKER-FORWARD");
    const [c] = await store.getState().compareEngines([]);
    expect(c!.text).toContain("--dport 2024");
  });
});

describe("the engine in the session's link", () => {
  it("round-trips through #lab=2, and a link on Docker 26 is the same as before engines", async () => {
    const a = createAppStore(directSim(() => createEngine()));
    await a.getState().submit("hostname one");
    const on26 = a.getState().currentState({ forLink: true });
    expect(toWire({ entries: on26.entries })).toBe('{"c":["hostname one"]}');
    await a.getState().switchEngine("28");
    await a.getState().submit(ARTICLE);
    await a.getState().submit("reset");
    await a.getState().submit(ARTICLE);
    const state = a.getState().currentState({ forLink: true });
    // The link starts at the `reset`, which carries the engine it kept.
    expect(state.entries).toEqual([
      { line: "reset", machine: "host", engine: "28" },
      { line: ARTICLE, machine: "host" },
    ]);
    const hash = await encodeLink(state);
    expect(hash).toMatch(/^lab=2\./);
    const decoded = await decodeLink(`#${hash}`);
    if (decoded.kind !== "session") throw new Error("not read back");
    expect(decoded.state.entries).toEqual(state.entries);
    const b = createAppStore(directSim(() => createEngine()));
    await b.getState().restore(decoded.state, "link");
    expect(selectEngine(b.getState())).toBe("28");
    expect(b.getState().worldView).toEqual(a.getState().worldView);
    // The engine's reset is the lab's line: one command opened.
    expect(b.getState().notices.map((n) => [n.code, n.params.count])).toEqual([["opened-link-at-step", 1]]);
  });

  it("refuses an engine the lab does not run, and an engine anywhere but a reset or the switch's line", () => {
    const ok = (c: unknown[]) => fromWire(JSON.stringify({ c })).ok;
    expect(ok([["reset", 0, "e", "28"]])).toBe(true);
    expect(ok([["#engine 26", 0, "e", "26"]])).toBe(true);
    expect(ok([["reset", 0, "l", "l01-default-bridge", "e", "28"]])).toBe(true);
    expect(ok([["reset", 0, "e", "27"]])).toBe(false);
    expect(ok([["reset", 0, "e", "<b>28</b>"]])).toBe(false);
    expect(ok([["reset", 0, "e", 28]])).toBe(false);
    // 26 is what a reset without an engine is: never written, so not read either.
    expect(ok([["reset", 0, "e", "26"]])).toBe(false);
    expect(ok([["#engine 28", 0, "e", "26"]])).toBe(false);
    expect(ok([["docker ps", 0, "e", "28"]])).toBe(false);
    expect(ok([["reset", 0, "e", "28", "l", "l01-default-bridge"]])).toBe(false);
    expect(ok([["reset", 0, "x", "28"]])).toBe(false);
  });

  it("reads &engine=28 in links of the first format (#cmds=), and #engine=28 alone", async () => {
    const { default: LZString } = await import("lz-string");
    const cmds = `cmds=${LZString.compressToEncodedURIComponent(`${ARTICLE}\n#attach mynginxs\nhostname`)}`;
    const on28 = await decodeLink(`#${cmds}&engine=28`);
    expect(on28).toMatchObject({ kind: "session", version: 1 });
    if (on28.kind !== "session") return;
    expect(on28.state.entries).toEqual([
      { line: "reset", machine: "host", engine: "28" },
      { line: ARTICLE, machine: "" },
      { line: "hostname", machine: "mynginxs" },
    ]);
    const b = createAppStore(directSim(() => createEngine()));
    await b.getState().restore(on28.state, "link");
    expect(selectEngine(b.getState())).toBe("28");
    expect(b.getState().lines.some((l) => l.kind === "stdout" && /^[0-9a-f]{12}$/.test(l.text))).toBe(true);
    const on26 = await decodeLink(`#${cmds}`);
    expect(on26.kind === "session" && on26.state.entries[0]).toEqual({ line: ARTICLE, machine: "" });
    expect(await decodeLink(`#${cmds}&engine=26`)).toEqual(on26);
    expect(await decodeLink("#engine=28")).toEqual({
      kind: "session",
      version: 1,
      state: { entries: [{ line: "reset", machine: "host", engine: "28" }] },
    });
    expect(await decodeLink(`#${cmds}&engine=27`)).toEqual({ kind: "problem", problem: "damaged", version: 1 });
    expect(await decodeLink("#engine=<b>")).toMatchObject({ kind: "problem", problem: "damaged" });
    expect(await decodeLink(`#${cmds}&x=1`)).toMatchObject({ kind: "problem", problem: "damaged" });
  });

  it("comes back from storage on Docker 28, with undo across the switch still possible", async () => {
    const storage = memorySessionStore();
    const a = createAppStore(
      directSim(() => createEngine()),
      { storage },
    );
    await a.getState().submit(ARTICLE);
    await a.getState().switchEngine("28");
    await a.getState().submit("docker network create mynet");
    const b = createAppStore(
      directSim(() => createEngine()),
      { storage },
    );
    await b.getState().restore(storage.load()!.state, "storage");
    expect(selectEngine(b.getState())).toBe("28");
    expect(b.getState().worldView).toEqual(a.getState().worldView);
    await b.getState().submit("undo");
    await b.getState().submit("undo");
    expect(selectEngine(b.getState())).toBe("26");
    expect(b.getState().worldView!.docker.containers.map((c) => c.name)).toEqual(["mynginxs"]);
  });
});

describe("a replaced worker on Docker 28", () => {
  it("rebuilds the world on 28 from the history when the worker crashes", async () => {
    const FAST: SimLimits = { command: 200, load: 2_000, perEntry: 20 };
    let spawned = 0;
    const spawn = (): SimHandle => {
      spawned++;
      const engine = createEngine();
      let fail: (why: string) => void = () => undefined;
      const failed = new Promise<string>((r) => (fail = r));
      const api = {
        ...engine,
        run: (line: string) => {
          if (line !== "poison") return engine.run(line);
          fail("boom");
          return new Promise<never>(() => undefined);
        },
      } as unknown as SimClient;
      return { api, failed, terminate() {} };
    };
    const store = createAppStore(spawn, { limits: FAST });
    await store.getState().connect();
    await store.getState().submit(ARTICLE);
    await store.getState().switchEngine("28");
    await store.getState().submit("docker network create mynet");
    const before = store.getState().worldView;
    expect(await store.getState().submit("poison")).toBeNull();
    expect(spawned).toBe(2);
    expect(selectEngine(store.getState())).toBe("28");
    expect(store.getState().worldView).toEqual(before);
    const reply = await store.getState().submit("iptables -S FORWARD");
    expect(reply?.stdout).toContain("-A FORWARD -j DOCKER-FORWARD");
  });
});
