/**
 * The lesson slice driven against the real engine (no worker): starting a lesson resets the
 * lab and types its setup; the engine's checks move the goals; a command not found offers a
 * hint; progress and the lesson in hand survive a new store on the same storage; a prediction
 * stops the trace and its answer is judged on what the trace then does.
 */
import { describe, expect, it } from "vitest";
import { findLesson } from "../../../src/lessons/catalogue.ts";
import { createAppStore } from "../../../src/store/app-store.ts";
import { selectLessonMark, selectPendingPrediction, selectShownAnswer } from "../../../src/store/lesson-slice.ts";
import { LESSON_STORAGE_KEY, type KeyValueStore } from "../../../src/store/lesson-storage.ts";
import { selectCurrentStep } from "../../../src/store/player-slice.ts";
import { directSim } from "../../../src/store/supervisor.ts";
import { createEngine } from "../../../src/worker/engine.ts";

function memoryStorage(): KeyValueStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

function labKinds(store: ReturnType<typeof createAppStore>): string[] {
  return store.getState().lines.flatMap((l) => (l.lab ? [l.lab.code] : []));
}

describe("lesson slice", () => {
  it("starts lesson 7 afresh and reaches its goals one by one with the solution", async () => {
    const engine = createEngine(5);
    const storage = memoryStorage();
    const store = createAppStore(
      directSim(() => engine),
      { lessonStorage: storage },
    );
    await store.getState().connect();
    await store.getState().submit("docker run -d --name leftover nginx");
    await store.getState().startLesson("l07-publish");
    const s0 = store.getState();
    expect(s0.lesson?.goalsDone).toBe(0);
    expect(s0.worldView?.docker.containers).toEqual([]);
    expect(labKinds(store)).toEqual(["lesson-start"]);

    await store.getState().submit("docker run -d -p 2024:80 --name web nginx");
    expect(store.getState().lesson?.goalsDone).toBe(2);
    await store.getState().attach("internet");
    await store.getState().submit("curl -s -m 3 http://10.88.0.4:2024/");
    expect(store.getState().lesson?.goalsDone).toBe(3);
    expect(labKinds(store)).toEqual(["lesson-start", "goal-done", "goal-done", "goal-done", "lesson-done"]);
    expect(store.getState().lessonProgress["l07-publish"]).toEqual({ goals: 3, done: true });
    expect(selectLessonMark(store.getState())).toEqual({ id: "l07-publish", goal: 3 });

    // The proof is the DNAT rule's step of the internet's request, shown again on demand.
    await store.getState().attach("host");
    await store.getState().submit("docker ps");
    store.getState().showProof();
    const shown = store.getState();
    const step = shown.lastEvents.filter((e) => e.type !== "command")[selectCurrentStep(shown)];
    expect(step).toMatchObject({ type: "rule", chain: "DOCKER", verdict: "DNAT" });

    const saved = JSON.parse(storage.map.get(LESSON_STORAGE_KEY)!) as { progress: object };
    expect(saved.progress).toEqual({ "l07-publish": { goals: 3, done: true } });
  });

  it("offers the hint when a command is not found, and reveals hints one at a time", async () => {
    const engine = createEngine(5);
    const store = createAppStore(directSim(() => engine));
    await store.getState().startLesson("l03-request-out");
    await store.getState().submit("dockr ps");
    expect(labKinds(store).at(-1)).toBe("stuck");
    store.getState().revealHint();
    store.getState().revealHint();
    expect(store.getState().lesson?.hintsShown).toBe(2);
  });

  it("keeps progress and the lesson in hand for the next visit, and restores a link's mark", async () => {
    const storage = memoryStorage();
    const engine1 = createEngine(5);
    const first = createAppStore(
      directSim(() => engine1),
      { lessonStorage: storage },
    );
    await first.getState().startLesson("l07-publish");
    await first.getState().submit("docker run -d -p 2024:80 --name web nginx");
    first.getState().revealHint();

    const engine = createEngine(5);
    const second = createAppStore(
      directSim(() => engine),
      { lessonStorage: storage },
    );
    expect(second.getState().lessonProgress["l07-publish"]).toEqual({ goals: 2, done: false });
    await second.getState().restoreLesson({ id: "l07-publish", goal: 2 });
    expect(second.getState().lesson).toMatchObject({ id: "l07-publish", goalsDone: 2, hintsShown: 1 });
    // The engine checks from the restored goal on: the internet's request completes the lesson.
    await second.getState().submit("docker run -d -p 2024:80 --name web nginx");
    await second.getState().attach("internet");
    await second.getState().submit("curl -s -m 3 http://10.88.0.4:2024/");
    expect(second.getState().lesson?.goalsDone).toBe(3);

    await second.getState().restoreLesson({ id: "no-such-lesson", goal: 1 });
    expect(second.getState().lesson?.id).toBe("l07-publish");
    storage.setItem(LESSON_STORAGE_KEY, '{"progress":{"l07-publish":{"goals":99,"done":true},"x":{}},"active":7}');
    const engine3 = createEngine(5);
    const third = createAppStore(
      directSim(() => engine3),
      { lessonStorage: storage },
    );
    expect(third.getState().lessonProgress).toEqual({});
  });

  it("stops the trace for a prediction and judges the answer on what the trace then does", async () => {
    const engine = createEngine(5);
    const store = createAppStore(directSim(() => engine));
    await store.getState().connect();
    await store.getState().startLesson("l03-request-out");
    const web = store.getState().worldView!.docker.containers[0]!.id;
    await store.getState().attach(web);
    await store.getState().submit("curl -s -m 3 baidu.com");
    store.getState().play();
    for (let i = 0; i < 500 && store.getState().playing; i++) store.getState().advance();
    const pending = selectPendingPrediction(store.getState());
    expect(pending?.id).toBe("source");
    const steps = store.getState().lastEvents.filter((e) => e.type !== "command");
    expect(steps[pending!.index]).toMatchObject({ type: "hook", hook: "POSTROUTING", netns: "host" });

    store.getState().answerPrediction("source", "container");
    expect(selectShownAnswer(store.getState())).toMatchObject({ id: "source", correct: false, actual: "10.88.0.4" });
    expect(selectPendingPrediction(store.getState())).toBeNull();
    store.getState().continueAfterAnswer();
    expect(store.getState().playing).toBe(true);
    for (let i = 0; i < 500 && store.getState().playing; i++) store.getState().advance();
    expect(store.getState().pauseReached).toBeNull();
    expect(findLesson("l03-request-out")!.predictions).toHaveLength(1);
  });

  it("lists the attached machine's commands for help, in the terminal", async () => {
    const engine = createEngine(5);
    const store = createAppStore(directSim(() => engine));
    await store.getState().submit("help");
    const line = store.getState().lines.at(-1)!;
    expect(line.lab?.code).toBe("help");
    const help = line.lab?.code === "help" ? line.lab.help : undefined;
    expect(help?.machine).toBe("host");
    expect(help?.commands.map((c) => c.name)).toEqual(
      expect.arrayContaining(["docker", "iptables", "curl", "conntrack"]),
    );
    expect(store.getState().history).toEqual(["help"]);
  });
});
