import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createAppStore } from "../../../src/store/app-store.ts";
import { decodeLink, encodeLink } from "../../../src/store/link.ts";
import {
  selectCurrentStep,
  selectPlaying,
  selectSteps,
  selectView,
  selectViewMode,
  selectViewPosition,
} from "../../../src/store/player-slice.ts";
import { EVENT_KINDS, NO_FILTERS, PROTOCOLS } from "../../../src/store/trace-view.ts";
import { selectLessonMark } from "../../../src/store/lesson-slice.ts";
import { memorySessionStore } from "../../../src/store/persist.ts";
import { directSim, type SimHandle, type SimLimits } from "../../../src/store/supervisor.ts";
import type { SimClient } from "../../../src/store/types.ts";
import { createEngine } from "../../../src/worker/engine.ts";

const FAST: SimLimits = { command: 100, load: 300, perEntry: 5 };

/** A worker stand-in that hangs (never answers) or crashes (its error event fires) on chosen lines. */
function faultySim(opts: { hangOn?: string; crashOn?: string }) {
  let spawned = 0;
  const spawn = (): SimHandle => {
    spawned++;
    const engine = createEngine();
    let fail: (why: string) => void = () => undefined;
    const failed = new Promise<string>((r) => (fail = r));
    const poisoned = (line: string) => {
      if (line === opts.hangOn) return new Promise<never>(() => undefined);
      if (line === opts.crashOn) {
        fail("boom");
        return new Promise<never>(() => undefined);
      }
      return null;
    };
    const api = {
      ...engine,
      run: (line: string) => poisoned(line) ?? engine.run(line),
      load: (req: Parameters<typeof engine.load>[0]) =>
        req.entries.find((e) => poisoned(e.line) !== null && !e.skip)
          ? new Promise<never>(() => undefined)
          : engine.load(req),
      append: (entries: Parameters<typeof engine.append>[0]) =>
        entries.find((e) => !e.skip && poisoned(e.line) !== null)
          ? poisoned(entries[0]!.line)!
          : engine.append(entries),
    } as unknown as SimClient;
    return { api, failed, terminate() {} };
  };
  return { spawn, spawned: () => spawned };
}

describe("a session that nothing can lose", () => {
  it("is saved whole on every change, any Unicode and past 250 commands, and a new page gets it back", async () => {
    const storage = memorySessionStore();
    const store = createAppStore(
      directSim(() => createEngine()),
      { storage },
    );
    await store.getState().connect();
    await store.getState().submit("echo café «ёлка» 中文 \u00a0“quoted”");
    for (let i = 0; i < 250; i++) await store.getState().submit(`echo ${i}`);
    await store.getState().submit("docker run -d --name web nginx");
    await store.getState().attach("internet");
    const saved = storage.load()!.state;
    expect(saved.entries).toHaveLength(252);
    expect(saved.entries[0]!.line).toBe("echo café «ёлка» 中文 \u00a0“quoted”");
    expect(saved.at).toBe("internet");

    const reloaded = createAppStore(
      directSim(() => createEngine()),
      { storage },
    );
    await reloaded.getState().restore(saved, "storage");
    expect(reloaded.getState().worldView).toEqual(store.getState().worldView);
    expect(reloaded.getState().session.machine).toBe("internet");
    expect(reloaded.getState().lines[1]).toMatchObject({ kind: "stdout", text: "café «ёлка» 中文 \u00a0“quoted”" });
    expect(reloaded.getState().notices.map((n) => [n.code, n.params])).toEqual([["restored", { count: 252 }]]);
  });

  it("a line typed while the page opens waits for the saved session, and is added to it, not saved over it", async () => {
    const storage = memorySessionStore({ entries: [{ line: "hostname kept", machine: "host" }] });
    const store = createAppStore(
      directSim(() => createEngine()),
      { storage },
    );
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const opened = store.getState().startWith(async () => {
      await gate;
      const saved = store.getState().savedSession();
      return saved ? { state: saved.state, origin: "storage" } : null;
    });
    const typed = store.getState().submit("echo typed");
    await Promise.resolve();
    expect(storage.load()!.state.entries).toEqual([{ line: "hostname kept", machine: "host" }]);
    release();
    await Promise.all([opened, typed]);
    expect(storage.load()!.state.entries).toEqual([
      { line: "hostname kept", machine: "host" },
      { line: "echo typed", machine: "host" },
    ]);
    expect(store.getState().worldView?.netns.host?.hostname).toBe("kept");
  });

  it("keeps undo's groups in storage, so redo works after a reload", async () => {
    const storage = memorySessionStore();
    const store = createAppStore(
      directSim(() => createEngine()),
      { storage },
    );
    await store.getState().submit("hostname lab");
    await store.getState().submit("undo");
    const reloaded = createAppStore(
      directSim(() => createEngine()),
      { storage },
    );
    await reloaded.getState().restore(storage.load()!.state, "storage");
    await reloaded.getState().submit("redo");
    expect(reloaded.getState().worldView?.netns.host?.hostname).toBe("lab");
  });

  it("a link rebuilds the same world, paused at the same step of the same view of the same trace (property)", async () => {
    const pool = [
      "docker run -d -p 2024:80 --name web nginx",
      "curl -s localhost:2024 -o /dev/null",
      "docker exec -it web bash",
      "curl -s baidu.com",
      "exit",
      "iptables -t nat -A POSTROUTING -s 10.1.0.0/16 -j MASQUERADE",
      "ping -c 1 203.0.113.10",
      "undo",
      "redo",
      "reset",
      // The lab's own actions beside the lines: a lesson started (one with a setup, one without), a lesson left.
      "@lesson l03-request-out",
      "@lesson l07-publish",
      "@leave",
      // The engine picker: a line of the history too (the world rebuilt on the other Docker).
      "@engine 28",
      "@engine 26",
    ];
    const line = fc.oneof(
      fc.constantFrom(...pool),
      fc.string({ unit: "grapheme", maxLength: 20 }).map((s) => `echo ${s}`),
    );
    const look = fc.record({
      view: fc.constantFrom("key" as const, "all" as const),
      dnsOpen: fc.boolean(),
      protocols: fc.subarray([...PROTOCOLS]),
      kinds: fc.subarray([...EVENT_KINDS], { maxLength: 3 }),
      onePacket: fc.boolean(),
      oneMachine: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), look, fc.nat(400), async (lines, l, pick) => {
        const a = createAppStore(directSim(() => createEngine()));
        await a.getState().connect();
        for (const x of lines)
          if (x.startsWith("@lesson ")) await a.getState().startLesson(x.slice(8));
          else if (x === "@leave") await a.getState().leaveLesson();
          else if (x === "@engine 28" || x === "@engine 26")
            await a.getState().switchEngine(x === "@engine 28" ? "28" : "26");
          else await a.getState().submit(x);
        const steps = selectSteps(a.getState());
        const first = steps[0];
        a.getState().setView(l.view);
        a.getState().setDnsOpen(l.dnsOpen);
        a.getState().setFilters({
          ...NO_FILTERS,
          protocols: l.protocols,
          kinds: l.kinds,
          packets: l.onePacket && first ? [first.packetId] : [],
          machines: l.oneMachine && first ? [first.type === "hop" ? first.fromNetns : first.netns] : [],
        });
        // A step of the view shown, as a person reaches it (Next, a jump or a click on the list).
        const view = selectView(a.getState());
        if (view.length > 0) a.getState().goToStep(view[pick % view.length]!.index);
        const shown = selectCurrentStep(a.getState());
        const position = selectViewPosition(a.getState());
        const decoded = await decodeLink(`#${await encodeLink(a.getState().currentState({ forLink: true }))}`);
        if (decoded.kind !== "session") throw new Error("link not read back");
        const b = createAppStore(directSim(() => createEngine()));
        await b.getState().restore(decoded.state, "link");
        expect(b.getState().worldView).toEqual(a.getState().worldView);
        expect(b.getState().session.machine).toBe(a.getState().session.machine);
        expect(selectLessonMark(b.getState())).toEqual(selectLessonMark(a.getState()));
        expect(b.getState().lastEvents).toEqual(a.getState().lastEvents);
        if (a.getState().lastEvents.length === 0) return;
        expect(selectViewMode(b.getState())).toEqual(selectViewMode(a.getState()));
        expect(selectCurrentStep(b.getState())).toBe(shown);
        expect(selectViewPosition(b.getState())).toEqual(position);
        expect(selectView(b.getState())).toEqual(selectView(a.getState()));
        expect(selectPlaying(b.getState())).toBe(false);
      }),
      { numRuns: 25 },
    );
  });

  it("a link opened at the DNAT step of an inbound curl shows that step of the key moments, paused", async () => {
    const a = createAppStore(directSim(() => createEngine()));
    await a.getState().connect();
    await a.getState().submit("docker run -d -p 2024:80 --name web nginx");
    await a.getState().attach("internet");
    await a.getState().submit("curl -s http://10.88.0.4:2024/");
    const steps = selectSteps(a.getState());
    const dnat = steps.findIndex((e) => e.type === "nat" && e.kind === "DNAT");
    expect(selectView(a.getState()).some((e) => e.index === dnat)).toBe(true);
    a.getState().goToStep(dnat);
    const position = selectViewPosition(a.getState());
    // The reader of the link had another view open: the link's view wins.
    const b = createAppStore(directSim(() => createEngine()));
    b.getState().setView("all");
    b.getState().setDnsOpen(true);
    b.getState().setFilters({ ...NO_FILTERS, protocols: ["DNS"] });
    const decoded = await decodeLink(`#${await encodeLink(a.getState().currentState({ forLink: true }))}`);
    if (decoded.kind !== "session") throw new Error("link not read back");
    await b.getState().restore(decoded.state, "link");
    expect(selectViewMode(b.getState())).toEqual({ view: "key", filters: NO_FILTERS, dnsOpen: false });
    expect(selectSteps(b.getState())[selectCurrentStep(b.getState())]).toMatchObject({ type: "nat", kind: "DNAT" });
    expect(selectViewPosition(b.getState())).toEqual(position);
    expect(selectPlaying(b.getState())).toBe(false);
    expect(b.getState().notices.at(-1)).toMatchObject({
      code: "opened-link-at-step",
      params: { step: position.n, line: "curl -s http://10.88.0.4:2024/" },
    });
  });

  it("a link opened over a session keeps the old one under a reset that undo takes back", async () => {
    const store = createAppStore(directSim(() => createEngine()));
    await store.getState().submit("hostname mine");
    await store.getState().restore({ entries: [{ line: "hostname theirs", machine: "host" }] }, "link", {
      keepCurrent: true,
    });
    expect(store.getState().worldView?.netns.host?.hostname).toBe("theirs");
    expect(store.getState().currentState({ forLink: true }).entries).toEqual([
      { line: "hostname theirs", machine: "host" },
    ]);
    await store.getState().submit("undo");
    await store.getState().submit("undo");
    expect(store.getState().worldView?.netns.host?.hostname).toBe("mine");
  });

  it("shows a line whose machine is gone, runs the rest, and says so", async () => {
    const store = createAppStore(directSim(() => createEngine()));
    await store.getState().restore(
      {
        entries: [
          { line: "hostname there", machine: "nosuch" },
          { line: "hostname here", machine: "host" },
        ],
      },
      "link",
    );
    expect(store.getState().worldView?.netns.host?.hostname).toBe("here");
    expect(store.getState().lines[1]).toMatchObject({
      kind: "lab",
      lab: { code: "not-run", reason: "unknown-machine" },
    });
    expect(store.getState().notices.map((n) => n.code)).toEqual(["opened-link", "lines-not-run"]);
  });
});

describe("a worker that fails", () => {
  for (const kind of ["hangs", "crashes"] as const) {
    it(`is replaced when it ${kind}, and the world is rebuilt from the history without that line`, async () => {
      const sim = faultySim(kind === "hangs" ? { hangOn: "poison" } : { crashOn: "poison" });
      const store = createAppStore(sim.spawn, { limits: FAST });
      await store.getState().connect();
      await store.getState().submit("docker run -d --name web nginx");
      await store.getState().submit("hostname lab");
      const before = store.getState().worldView;
      expect(await store.getState().submit("poison")).toBeNull();
      expect(sim.spawned()).toBe(2);
      expect(store.getState().busy).toBe(false);
      expect(store.getState().worldView).toEqual(before);
      expect(store.getState().log.done.map((e) => e.line)).toEqual(["docker run -d --name web nginx", "hostname lab"]);
      expect(store.getState().lines.at(-1)).toMatchObject({
        kind: "lab",
        lab: { code: "stopped", failure: kind === "hangs" ? "timeout" : "crashed" },
      });
      expect(store.getState().notices.at(-1)).toMatchObject({
        code: kind === "hangs" ? "worker-timeout" : "worker-crashed",
        params: { line: "poison", count: 2 },
        tone: "error",
      });
      // The new worker answers.
      await store.getState().submit("hostname");
      expect(store.getState().lines.at(-1)).toMatchObject({ kind: "stdout", text: "lab" });
    });
  }

  it("a history with a line that stops the lab is rebuilt line by line, keeping that line unrun", async () => {
    const sim = faultySim({ hangOn: "poison" });
    const store = createAppStore(sim.spawn, { limits: FAST });
    await store.getState().restore(
      {
        entries: [
          { line: "hostname a", machine: "host" },
          { line: "poison", machine: "host" },
          { line: "docker run -d --name web nginx", machine: "host" },
        ],
      },
      "link",
    );
    const s = store.getState();
    expect(s.worldView?.netns.host?.hostname).toBe("a");
    expect(s.worldView?.docker.containers.map((c) => c.name)).toEqual(["web"]);
    expect(s.log.done.map((e) => [e.line, e.skip])).toEqual([
      ["hostname a", undefined],
      ["poison", "stopped-the-lab"],
      ["docker run -d --name web nginx", undefined],
    ]);
    expect(s.lines.filter((l) => l.kind === "lab")).toMatchObject([
      { lab: { code: "not-run", reason: "stopped-the-lab" } },
    ]);
    expect(s.notices.map((n) => n.code)).toEqual(["opened-link", "rebuilt-without"]);
    // The line stays in the session (and its link), marked, so it is never run again.
    expect(s.currentState().entries[1]).toEqual({ line: "poison", machine: "host", skip: "stopped-the-lab" });
  });

  it("lines typed while a link replays wait for it", async () => {
    const store = createAppStore(directSim(() => createEngine()));
    const restoring = store.getState().restore({ entries: [{ line: "hostname linked", machine: "host" }] }, "link");
    const typed = store.getState().submit("hostname");
    await Promise.all([restoring, typed]);
    expect(store.getState().lines.map((l) => l.text)).toEqual(["hostname linked", "hostname", "linked"]);
  });
});
