/**
 * Lessons and the session together, against the real engine: a lesson's start is a line of
 * the history, so a link, the browser's storage, `undo`/`redo`/`reset`, a scenario file and a
 * replaced worker all carry the lesson and the goals it reached.
 */
import { describe, expect, it } from "vitest";
import { createAppStore } from "../../../src/store/app-store.ts";
import { selectLessonMark } from "../../../src/store/lesson-slice.ts";
import type { KeyValueStore } from "../../../src/store/lesson-storage.ts";
import { decodeLink, encodeLink } from "../../../src/store/link.ts";
import { memorySessionStore } from "../../../src/store/persist.ts";
import { planStart } from "../../../src/store/start-plan.ts";
import { directSim, type SimHandle, type SimLimits } from "../../../src/store/supervisor.ts";
import type { SimClient } from "../../../src/store/types.ts";
import { createEngine } from "../../../src/worker/engine.ts";

type Store = ReturnType<typeof createAppStore>;

function memoryStorage(): KeyValueStore {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

const fresh = (opts: Parameters<typeof createAppStore>[1] = {}) =>
  createAppStore(
    directSim(() => createEngine()),
    opts,
  );
const names = (s: Store) => s.getState().worldView?.docker.containers.map((c) => c.name) ?? [];
const labCodes = (s: Store) => s.getState().lines.flatMap((l) => (l.lab ? [l.lab.code] : []));

/** The link "Copy link" would copy now, read back as a reader's browser reads it. */
async function linkOf(s: Store) {
  const decoded = await decodeLink(`#${await encodeLink(s.getState().currentState({ forLink: true }))}`);
  if (decoded.kind !== "session") throw new Error("link not read back");
  return decoded.state;
}

describe("a lesson in the session", () => {
  it("a link copied mid-lesson holds the lesson and the goal reached, and reopens it where the learner can finish", async () => {
    const a = fresh();
    await a.getState().submit("docker run -d --name before-the-lesson nginx");
    await a.getState().startLesson("l07-publish");
    await a.getState().submit("docker run -d -p 2024:80 --name web nginx");
    expect(a.getState().lesson?.goalsDone).toBe(2);

    const link = await linkOf(a);
    expect(link.lesson).toEqual({ id: "l07-publish", goal: 2 });
    // The lesson's start heads the link's lines; what came before it does not travel.
    expect(link.entries.map((e) => e.line)).toEqual(["reset", "docker run -d -p 2024:80 --name web nginx"]);
    expect(link.entries[0]).toMatchObject({ lesson: "l07-publish" });

    const b = fresh();
    await b.getState().restore(link, "link");
    expect(b.getState().lesson).toMatchObject({ id: "l07-publish", goalsDone: 2 });
    expect(selectLessonMark(b.getState())).toEqual(selectLessonMark(a.getState()));
    expect(b.getState().worldView).toEqual(a.getState().worldView);
    expect(labCodes(b)).toEqual(["lesson-start"]);
    // The lesson's start is not counted among the commands replayed.
    expect(b.getState().notices.at(-1)).toMatchObject({ code: "opened-link-at-step", params: { count: 1 } });

    // The reader goes on from the goal the link reached, and finishes the lesson.
    await b.getState().attach("internet");
    await b.getState().submit("curl -s -m 3 http://10.88.0.4:2024/");
    expect(b.getState().lesson?.goalsDone).toBe(3);
    expect(labCodes(b)).toEqual(["lesson-start", "goal-done", "lesson-done"]);
    expect(b.getState().lessonProgress["l07-publish"]).toEqual({ goals: 3, done: true });
    // `undo` after opening the link takes its lines back, then the lesson's start: the sandbox, empty.
    while (b.getState().log.done.length > 0) await b.getState().submit("undo");
    expect(b.getState().lesson).toBeNull();
    expect(names(b)).toEqual([]);
  });

  it("a link holds a lesson's setup as its start: the reader sees it set the stage", async () => {
    const a = fresh();
    await a.getState().startLesson("l08-request-in");
    const link = await linkOf(a);
    expect(link).toMatchObject({ lesson: { id: "l08-request-in", goal: 0 } });
    const b = fresh();
    await b.getState().restore(link, "link");
    expect(b.getState().lesson).toMatchObject({ id: "l08-request-in", goalsDone: 0 });
    expect(names(b)).toEqual(["web"]);
    expect(labCodes(b)).toEqual(["lesson-start"]);
    expect(
      b
        .getState()
        .lines.filter((l) => l.kind === "input")
        .map((l) => l.text),
    ).toEqual(["docker run -d -p 2024:80 --name web nginx"]);
  });

  it("a link made by a lab that left the lesson's start out still opens the lesson on its world", async () => {
    const b = fresh();
    await b.getState().restore(
      {
        entries: [{ line: "docker run -d -p 2024:80 --name web nginx", machine: "host" }],
        lesson: { id: "l07-publish", goal: 2 },
      },
      "link",
    );
    expect(b.getState().lesson).toMatchObject({ id: "l07-publish", goalsDone: 2 });
    expect(b.getState().log.done.map((e) => e.lesson ?? e.line)).toEqual([
      "l07-publish",
      "docker run -d -p 2024:80 --name web nginx",
    ]);
    // A lesson that does not exist (a later lab's) opens the lines in the sandbox.
    const c = fresh();
    await c
      .getState()
      .restore({ entries: [{ line: "hostname x", machine: "host" }], lesson: { id: "l99-later", goal: 1 } }, "link");
    expect(c.getState().lesson).toBeNull();
    expect(c.getState().worldView?.netns.host?.hostname).toBe("x");
  });

  it("undo and redo move the goals shown, the best stays in the progress, and reset in a lesson starts it again", async () => {
    const s = fresh();
    await s.getState().submit("hostname mine");
    await s.getState().startLesson("l07-publish");
    await s.getState().submit("docker run -d -p 2024:80 --name web nginx");
    expect(s.getState().lesson?.goalsDone).toBe(2);
    s.getState().revealHint();
    await s.getState().submit("undo");
    expect(s.getState().lesson).toMatchObject({ id: "l07-publish", goalsDone: 0, hintsShown: 1 });
    expect(s.getState().lessonProgress["l07-publish"]).toEqual({ goals: 2, done: false });
    await s.getState().submit("redo");
    expect(s.getState().lesson?.goalsDone).toBe(2);
    expect(labCodes(s).slice(-3)).toEqual(["redone", "goal-done", "goal-done"]);

    await s.getState().submit("reset");
    expect(s.getState().lesson).toMatchObject({ id: "l07-publish", goalsDone: 0, hintsShown: 0 });
    expect(labCodes(s)).toEqual(["lesson-start"]);
    expect(names(s)).toEqual([]);
    // Undo takes the restart back, then the start itself: the world and the sandbox before the lesson.
    await s.getState().submit("undo");
    expect(s.getState().lesson?.goalsDone).toBe(2);
    await s.getState().submit("undo");
    await s.getState().submit("undo");
    expect(s.getState().lesson).toBeNull();
    expect(s.getState().worldView?.netns.host?.hostname).toBe("mine");
    expect(s.getState().pausePoints).toEqual([]);
  });

  it("storage keeps the lesson and its goals for a reload; a lesson left for the sandbox stays left", async () => {
    const storage = memorySessionStore();
    const lessonStorage = memoryStorage();
    const a = fresh({ storage, lessonStorage });
    await a.getState().startLesson("l03-request-out");
    await a.getState().submit("ip route");
    a.getState().revealHint();
    const reload = async () => {
      const b = fresh({ storage, lessonStorage });
      await b.getState().startWith(() => Promise.resolve(planStart({ kind: "none" }, b.getState().savedSession())));
      return b;
    };
    const b = await reload();
    expect(b.getState().lesson).toMatchObject({ id: "l03-request-out", hintsShown: 1 });
    expect(b.getState().lesson?.goalsDone).toBe(a.getState().lesson?.goalsDone);
    expect(b.getState().worldView).toEqual(a.getState().worldView);
    expect(b.getState().notices.at(-1)).toMatchObject({ code: "restored", params: { count: 1 } });

    await b.getState().leaveLesson();
    await b.getState().submit("docker ps");
    const c = await reload();
    expect(c.getState().lesson).toBeNull();
    // The sandbox keeps the world the lesson made.
    expect(names(c)).toEqual(["web"]);
    // A link of that sandbox still rebuilds the lesson's world, without the lesson.
    const d = fresh();
    await d.getState().restore(await linkOf(c), "link");
    expect(d.getState().lesson).toBeNull();
    expect(d.getState().worldView).toEqual(c.getState().worldView);
  });

  it("a scenario file of a lesson begins with its setup, so it rebuilds the lesson's world anywhere", async () => {
    const s = fresh();
    await s.getState().submit("hostname not-exported");
    await s.getState().startLesson("l03-request-out");
    await s.getState().submit("ip route");
    const file = s.getState().exportScenario();
    const lines = file.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    expect(lines).toEqual(["docker run -d --name web nginx", "ip route"]);
    expect(file).toContain("# lesson l03-request-out:");
  });

  it("a worker that fails in a lesson is replaced, and the lesson rebuilt with its goals", async () => {
    const FAST: SimLimits = { command: 100, load: 300, perEntry: 5 };
    const spawn = (): SimHandle => {
      const engine = createEngine();
      const api = {
        ...engine,
        run: (line: string) => (line === "poison" ? new Promise<never>(() => undefined) : engine.run(line)),
      } as unknown as SimClient;
      return { api, failed: new Promise<string>(() => undefined), terminate() {} };
    };
    const s = createAppStore(spawn, { limits: FAST });
    await s.getState().startLesson("l07-publish");
    await s.getState().submit("docker run -d -p 2024:80 --name web nginx");
    expect(await s.getState().submit("poison")).toBeNull();
    expect(s.getState().lesson).toMatchObject({ id: "l07-publish", goalsDone: 2 });
    await s.getState().attach("internet");
    await s.getState().submit("curl -s -m 3 http://10.88.0.4:2024/");
    expect(s.getState().lesson?.goalsDone).toBe(3);
    expect(labCodes(s).at(-1)).toBe("lesson-done");
  });

  it("help answers without a line of the history and leaves the trace on show", async () => {
    const s = fresh();
    await s.getState().submit("docker run -d -p 2024:80 --name web nginx");
    await s.getState().attach("internet");
    await s.getState().submit("curl -s http://10.88.0.4:2024/");
    const { traceOf, lastEvents, log } = s.getState();
    await s.getState().submit("help");
    expect(s.getState().log).toBe(log);
    expect(s.getState().traceOf).toBe(traceOf);
    expect(s.getState().lastEvents).toBe(lastEvents);
    expect(s.getState().lines.at(-1)?.lab).toMatchObject({ code: "help", help: { machine: "internet" } });
  });
});
