import { describe, expect, it } from "vitest";
import { CHECKPOINT_EVERY, createEngine, MAX_UNDO } from "../../../src/worker/engine.ts";
import { viewOf } from "../../../src/worker/view.ts";
import { PROTOCOL_VERSION, type Entry, type RunReply } from "../../../src/worker/protocol.ts";

describe("worker engine", () => {
  it("keeps the world between commands and replies with plain data", () => {
    const engine = createEngine(5);
    engine.run("hostname lab");
    const reply = engine.run("hostname");
    expect(reply).toMatchObject({ protocolVersion: PROTOCOL_VERSION, stdout: "lab\n", exitCode: 0 });
    expect(structuredClone(reply)).toEqual(reply);
  });

  it("sends the page what changed in its view of the world, only when something did, and never the world", () => {
    const engine = createEngine(5);
    // The first answer carries the whole view; later ones what changed since.
    expect(engine.run("echo hi").view).toEqual({ full: viewOf(engine.state().world) });
    expect(engine.run("echo hi").view).toBeUndefined();
    expect(engine.run("hostname lab").view).toEqual({
      patch: {
        k: "obj",
        set: { netns: { k: "obj", set: { host: { k: "obj", set: { hostname: { k: "set", v: "lab" } } } } } },
      },
    });
    expect(engine.run("undo").view).toEqual({
      patch: {
        k: "obj",
        set: { netns: { k: "obj", set: { host: { k: "obj", set: { hostname: { k: "set", v: "docker-host" } } } } } },
      },
    });
    expect(engine.run("undo").view).toBeUndefined();
  });

  it("records each line with the machine it ran on and what it changed", () => {
    const engine = createEngine(5);
    expect(engine.run("echo hi").entry).toEqual({ line: "echo hi", machine: "host", effect: "none" });
    expect(engine.run("hostname lab").entry).toEqual({ line: "hostname lab", machine: "host", effect: "world" });
    engine.run("docker run -d --name web nginx");
    const r = engine.run("docker exec -it web bash");
    expect(r.entry).toMatchObject({ effect: "session" });
    const inWeb = engine.run("hostname");
    expect(inWeb.entry?.machine).toBe(r.session.machine);
    expect(inWeb.machineName).toBe("web");
    expect(engine.run("").entry).toBeUndefined();
  });

  it("undo restores the whole world before the last command that changed it", () => {
    const engine = createEngine(5);
    const fresh = engine.state().world;
    engine.run("hostname lab");
    const afterFirst = engine.state().world;
    engine.run("hostname");
    engine.run("hostname lab2");
    expect(engine.run("undo")).toMatchObject({
      control: "undo",
      stdout: "",
      stderr: "",
      exitCode: 0,
      events: [],
      note: { code: "undone", lines: ["hostname lab2"] },
    });
    expect(engine.state().world).toBe(afterFirst);
    // The line that only looked goes back with the change before it.
    expect(engine.run("undo").note).toEqual({ code: "undone", lines: ["hostname lab", "hostname"] });
    expect(engine.state().world).toBe(fresh);
    expect(engine.run("undo")).toMatchObject({ control: "undo", note: { code: "nothing-to-undo" }, exitCode: 1 });
  });

  it("redo runs the undone lines again, to the same world; a new change forgets them, a look does not", () => {
    const engine = createEngine(5);
    engine.run("docker run -d -p 2024:80 --name web nginx");
    engine.run("curl -s 10.88.0.4:2024 -o /dev/null");
    const after = engine.state().world;
    engine.run("undo");
    engine.run("iptables -t nat -nL");
    const r = engine.run("redo");
    expect(r).toMatchObject({ control: "redo", exitCode: 0, note: { code: "redone" } });
    expect(r.events.length).toBeGreaterThan(0);
    expect(engine.state().world).toEqual(after);
    engine.run("undo");
    engine.run("hostname other");
    expect(engine.run("redo")).toMatchObject({ note: { code: "nothing-to-redo" }, exitCode: 1 });
  });

  it("reset starts a fresh world, and can be undone", () => {
    const engine = createEngine(5);
    engine.run("hostname lab");
    const before = engine.state().world;
    expect(engine.run("reset")).toMatchObject({ control: "reset", exitCode: 0 });
    expect(engine.run("hostname").stdout).toBe("docker-host\n");
    engine.run("undo");
    expect(engine.state().world).toBe(before);
    expect(engine.run("hostname").stdout).toBe("lab\n");
    engine.run("redo");
    expect(engine.run("hostname").stdout).toBe("docker-host\n");
  });

  it("undoes past the worlds it keeps by replaying the history", () => {
    const engine = createEngine(5);
    const n = MAX_UNDO + CHECKPOINT_EVERY + 7;
    for (let i = 0; i < n; i++) engine.run(`hostname h${i}`);
    let undone = 0;
    while (engine.run("undo").exitCode === 0) {
      undone++;
      if (undone === n - 3) expect(engine.run("hostname").stdout).toBe("h2\n");
    }
    expect(undone).toBe(n);
    expect(engine.run("hostname").stdout).toBe("docker-host\n");
  });

  it("load rebuilds a history on a fresh world; append adds to it", () => {
    const a = createEngine(5);
    for (const l of ["docker run -d --name web nginx", "docker exec -it web bash", "hostname", "exit", "ip route"])
      a.run(l);
    a.attach("internet");
    const b = createEngine(5);
    b.run("hostname junk");
    const history = [
      { line: "docker run -d --name web nginx", machine: "host" },
      { line: "docker exec -it web bash", machine: "host" },
      { line: "hostname", machine: "web" },
      { line: "exit", machine: "web" },
      { line: "ip route", machine: "host" },
    ];
    const r = b.load({ entries: history, at: "internet" });
    expect(b.state().world).toEqual(a.state().world);
    expect(r.view).toEqual(viewOf(a.state().world));
    expect(r.session).toEqual({ machine: "internet" });
    expect(r.results.map((x) => x.entry.effect)).toEqual(["world", "session", "none", "session", "none"]);
    expect(r.results[2]).toMatchObject({ machineName: "web", hostname: r.results[2]!.entry.machine.slice(0, 12) });
    expect(r.traceOf).toBe(4);
    const more = b.append([{ line: "hostname", machine: "host" }]);
    expect(more.results[0]!.output).toEqual([{ stream: "stdout", text: "docker-host\n" }]);
    expect(more.log.done).toHaveLength(6);
  });

  it("keeps a line whose machine is gone, without running it", () => {
    const engine = createEngine(5);
    const r = engine.load({
      entries: [
        { line: "hostname lab", machine: "nosuch" },
        { line: "hostname", machine: "host" },
      ],
    });
    expect(r.results[0]!.entry).toEqual({
      line: "hostname lab",
      machine: "nosuch",
      effect: "none",
      skip: "unknown-machine",
    });
    expect(r.results[1]!.output).toEqual([{ stream: "stdout", text: "docker-host\n" }]);
  });

  it("peek runs a command without keeping its world; attach refuses unknown machines", () => {
    const engine = createEngine(5);
    const before = engine.state().world;
    expect(engine.peek("hostname lab", "host")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(engine.state().world).toBe(before);
    expect(engine.attach("nope").session).toEqual({ machine: "host" });
    expect(engine.completionSpecs().commands.map((c) => c.name)).toContain("echo");
  });
});

describe("the worker on either engine", () => {
  it("holds the page's list of engines to the core's", async () => {
    const { ENGINES } = await import("../../../src/sim/index.ts");
    const { ENGINE_VERSIONS } = await import("../../../src/worker/protocol.ts");
    expect(ENGINE_VERSIONS).toEqual(ENGINES);
  });

  it("switches engine as a line of the history: the same commands, each where it ran, a container by its name", () => {
    const engine = createEngine(5);
    engine.run("docker run -d -p 2024:80 --name web nginx");
    engine.run("hostname lab");
    engine.run("undo");
    const web26 = engine.state().world.docker.containers[0]!;
    engine.attach("web");
    expect(engine.run("echo hi > /tmp/x").entry?.machine).toBe(web26.id);
    const reply = engine.switchEngine("28");
    expect(reply.control).toBe("engine");
    expect(reply.entry).toEqual({ line: "#engine 28", machine: "host", effect: "world", engine: "28" });
    expect(reply.note).toEqual({ code: "engine", engine: "28", count: 2 });
    expect(structuredClone(reply)).toEqual(reply);
    const world = engine.state().world;
    expect(world.docker.engine).toBe("28");
    const web = world.docker.containers.find((c) => c.name === "web")!;
    expect(web.id).not.toBe(web26.id);
    // The terminal stays in the container, found again by name; its line ran there again.
    expect(engine.state().session.machine).toBe(web.id);
    expect(engine.run("ls /tmp").stdout).toContain("x");
    expect(engine.run("hostname").stdout).toBe(web.id.slice(0, 12) + "\n");
    engine.attach("host");
    expect(engine.run("hostname").stdout).toBe("docker-host\n");
    expect(engine.run("iptables -S FORWARD").stdout).toContain("-A FORWARD -j DOCKER-FORWARD");

    // reset keeps the engine and says so in the history.
    expect(engine.run("reset").entry).toMatchObject({ line: "reset", engine: "28" });
    expect(engine.state().world.docker.engine).toBe("28");
    engine.run("undo");
    expect(engine.state().world.docker.containers.map((c) => c.id)).toEqual([web.id]);
    // Undo takes the switch back (with the lines that only looked after it): Docker 26's world as it was.
    const undone = engine.run("undo");
    expect(undone.note?.code).toBe("undone");
    expect(undone.note?.code === "undone" && undone.note.lines[0]).toBe("#engine 28");
    expect(engine.state().world.docker.engine).toBe("26");
    expect(engine.state().world.docker.containers.map((c) => c.id)).toEqual([web26.id]);
    // The terminal is back where it was before the switch: in the container.
    expect(engine.state().session.machine).toBe(web26.id);
    engine.attach("host");
    expect(engine.run("iptables -S FORWARD").stdout).toContain("-A FORWARD -j DOCKER-ISOLATION-STAGE-1");
    engine.run("redo");
    expect(engine.state().world.docker.engine).toBe("28");
    expect(engine.state().world.docker.containers.map((c) => c.id)).toEqual([web.id]);
  });

  it("rebuilds a history with switches and resets on other engines the same in a fresh worker", () => {
    const a = createEngine(5);
    const entries: Entry[] = [];
    const keep = (r: RunReply) => r.entry && entries.push(r.entry);
    keep(a.run("docker run -d --name web nginx"));
    keep(a.switchEngine("28"));
    keep(a.run("docker network create mynet"));
    keep(a.run("reset"));
    keep(a.run("docker run -d -p 8080:80 --name api nginx"));
    keep(a.startLesson("l01-default-bridge"));
    keep(a.switchEngine("28"));
    keep(a.run("docker run -d --name web nginx"));
    // A replaced worker gets the history and rebuilds it: the same world, engine and lesson included.
    const b = createEngine(5);
    const reply = b.load({ entries });
    expect(reply.view.docker.engine).toBe("28");
    expect(b.state().world).toEqual(a.state().world);
    expect(reply.log.done).toEqual(entries);
    expect(reply.lesson?.id).toBe("l01-default-bridge");
  });

  it("starts a lesson on the engine it is written for, and a typed reset in it keeps the engine chosen since", () => {
    const e = createEngine(5);
    e.switchEngine("28");
    const start = e.startLesson("l01-default-bridge");
    // Written and recorded on Docker 26: its start is a reset without an engine.
    expect(start.entry).toEqual({ line: "reset", machine: "host", effect: "world", lesson: "l01-default-bridge" });
    expect(e.state().world.docker.engine).toBe("26");
    e.switchEngine("28");
    expect(e.state().world.docker.engine).toBe("28");
    expect(e.run("reset").entry).toMatchObject({ lesson: "l01-default-bridge", engine: "28" });
    expect(e.state().world.docker.engine).toBe("28");
  });

  it("compares iptables-save on both engines for the article's run, given lines, or this session", () => {
    const engine = createEngine(5);
    const [a, b] = engine.compare([]);
    expect(a).toMatchObject({ engine: "26", label: "Docker 26.1.5" });
    expect(b).toMatchObject({ engine: "28", label: "Docker 28.5.2" });
    expect(a!.text).toContain(
      "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 2024 -j DNAT --to-destination 172.17.0.2:80",
    );
    expect(b!.text).toContain("-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP");
    const [c, d] = engine.compare(["docker network create mynet"]);
    expect(c!.text).not.toContain("2024");
    expect(d!.text).toContain("-A DOCKER-BRIDGE -o br-");
    // The comparison leaves the engine's own world alone.
    expect(engine.state().world.docker.containers).toEqual([]);
    engine.run("docker run -d -p 9090:80 --name web nginx");
    engine.attach("web");
    const [e, f] = engine.compare("session");
    expect(e!.text).toContain("--dport 9090");
    expect(f!.text).toContain("--dport 9090");
    expect(f!.text).toContain("-A FORWARD -j DOCKER-FORWARD");
    expect(engine.state().session.machine).toBe(engine.state().world.docker.containers[0]!.id);
  });
});

describe("the engine's lessons and help", () => {
  it("answers help with the attached machine's commands, as data, and changes nothing", () => {
    const e = createEngine(3);
    e.snapshot();
    const before = e.state().world;
    const r = e.run("help");
    expect(r.control).toBe("help");
    expect(r.view).toBeUndefined();
    expect(r.help?.machine).toBe("host");
    expect(r.help?.commands.find((c) => c.name === "docker")?.summary).toBe("A self-sufficient runtime for containers");
    expect(e.state().world).toBe(before);
    e.attach("internet");
    expect(e.run("help").help?.commands.map((c) => c.name)).not.toContain("docker");
  });

  it("checks the active lesson's goals after every line, in order", () => {
    const e = createEngine(3);
    expect(e.run("docker run -d -p 2024:80 --name web nginx").lesson).toBeUndefined();
    expect(e.setLesson("l07-publish")).toEqual({ id: "l07-publish", goalsDone: 0 });
    expect(e.run("docker ps").lesson).toEqual({ id: "l07-publish", goalsDone: 2 });
    e.attach("internet");
    const r = e.run("curl -s http://10.88.0.4:2024/");
    expect(r.lesson?.goalsDone).toBe(3);
    expect(r.lesson?.proofStep).toBeTypeOf("number");
    expect(e.setLesson("l07-publish", 99)).toEqual({ id: "l07-publish", goalsDone: 3 });
    expect(e.setLesson("nope")).toBeNull();
    expect(e.run("true").lesson).toBeUndefined();
  });
});

describe("lessons in the session log", () => {
  const containers = (e: ReturnType<typeof createEngine>) => e.state().world.docker.containers.map((c) => c.name);

  it("starts a lesson as one line of the history: a fresh world, its setup run, its goals from the first", () => {
    const e = createEngine(3);
    e.run("docker run -d --name mine nginx");
    const r = e.startLesson("l03-request-out");
    expect(r.control).toBe("reset");
    expect(r.entry).toEqual({ line: "reset", machine: "host", effect: "world", lesson: "l03-request-out" });
    expect(r.setup?.map((s) => [s.line, s.exitCode])).toEqual([["docker run -d --name web nginx", 0]]);
    expect(r.lesson).toEqual({ id: "l03-request-out", goalsDone: 0 });
    expect(containers(e)).toEqual(["web"]);
    // An unknown lesson is a plain reset: the sandbox on a fresh world.
    const plain = e.startLesson("no-such-lesson");
    expect(plain.entry).toEqual({ line: "reset", machine: "host", effect: "world" });
    expect(plain.lesson).toBeUndefined();
  });

  it("undo takes a lesson's start back whole (the world and the sandbox before it); redo starts it again", () => {
    const e = createEngine(3);
    e.run("docker run -d --name mine nginx");
    e.startLesson("l03-request-out");
    const u = e.run("undo");
    expect(u.note).toEqual({ code: "undone", lines: ["reset"] });
    expect(u.lesson).toBeUndefined();
    expect(containers(e)).toEqual(["mine"]);
    const r = e.run("redo");
    expect(r.lesson).toEqual({ id: "l03-request-out", goalsDone: 0 });
    expect(containers(e)).toEqual(["web"]);
  });

  it("undo takes back the goals the undone line reached, redo reaches them again", () => {
    const e = createEngine(3);
    e.startLesson("l07-publish");
    expect(e.run("docker run -d -p 2024:80 --name web nginx").lesson).toEqual({
      id: "l07-publish",
      goalsDone: 2,
    });
    expect(e.run("docker ps").lesson?.goalsDone).toBe(2);
    expect(e.run("undo").lesson).toEqual({ id: "l07-publish", goalsDone: 0 });
    expect(e.run("redo").lesson).toEqual({ id: "l07-publish", goalsDone: 2 });
  });

  it("reset in a lesson starts that lesson again; in the sandbox it stays a plain reset", () => {
    const e = createEngine(3);
    e.startLesson("l08-request-in");
    e.run("docker rm -f web");
    const r = e.run("reset");
    expect(r.entry).toMatchObject({ line: "reset", lesson: "l08-request-in" });
    expect(r.lesson).toEqual({ id: "l08-request-in", goalsDone: 0 });
    expect(containers(e)).toEqual(["web"]);
    expect(e.setLesson(null)).toBeNull();
    const plain = e.run("reset");
    expect(plain.entry).toEqual({ line: "reset", machine: "host", effect: "world" });
    expect(containers(e)).toEqual([]);
  });

  it("help is not a line of the history; load rebuilds the lesson and its goals from the history", () => {
    const e = createEngine(3);
    e.startLesson("l07-publish");
    e.run("docker run -d -p 2024:80 --name web nginx");
    const help = e.run("help");
    expect(help.entry).toBeUndefined();
    expect(help.lesson).toEqual({ id: "l07-publish", goalsDone: 2 });
    const done = e.run("docker ps").entry;
    expect(done).toBeDefined();
    const other = createEngine(3);
    const loaded = other.load({
      entries: [
        { line: "reset", machine: "host", lesson: "l07-publish" },
        { line: "docker run -d -p 2024:80 --name web nginx", machine: "host" },
        // `docker ps` only looks, but takes a moment on the lab's clock: the history keeps it.
        { line: "docker ps", machine: "host" },
      ],
    });
    expect(loaded.lesson).toEqual({ id: "l07-publish", goalsDone: 2 });
    expect(loaded.log.done.map((x) => x.lesson ?? "")).toEqual(["l07-publish", "", ""]);
    expect(other.state().world).toEqual(e.state().world);
  });

  it("keeps the lesson through undo past the worlds it keeps (replayed from a checkpoint)", () => {
    const e = createEngine(3);
    e.startLesson("l07-publish");
    e.run("docker run -d -p 2024:80 --name web nginx");
    for (let i = 0; i < MAX_UNDO + CHECKPOINT_EVERY; i++) e.run(`hostname h${i}`);
    let last = e.run("undo");
    for (let i = 1; i < MAX_UNDO + CHECKPOINT_EVERY; i++) last = e.run("undo");
    expect(last.lesson).toEqual({ id: "l07-publish", goalsDone: 2 });
    expect(e.run("undo").lesson).toEqual({ id: "l07-publish", goalsDone: 0 });
    expect(e.run("undo").lesson).toBeUndefined();
  });
});
