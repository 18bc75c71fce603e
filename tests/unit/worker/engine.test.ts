import { describe, expect, it } from "vitest";
import { CHECKPOINT_EVERY, createEngine, MAX_UNDO } from "../../../src/worker/engine.ts";
import { PROTOCOL_VERSION } from "../../../src/worker/protocol.ts";

describe("worker engine", () => {
  it("keeps the world between commands and replies with plain data", () => {
    const engine = createEngine(5);
    engine.run("hostname lab");
    const reply = engine.run("hostname");
    expect(reply).toMatchObject({ protocolVersion: PROTOCOL_VERSION, stdout: "lab\n", exitCode: 0 });
    expect(structuredClone(reply)).toEqual(reply);
  });

  it("sends the world only when the line changed it", () => {
    const engine = createEngine(5);
    expect(engine.run("echo hi").world).toBeUndefined();
    expect(engine.run("hostname lab").world).toBe(engine.snapshot().world);
    expect(engine.run("undo").world).toBe(engine.snapshot().world);
    expect(engine.run("undo").world).toBeUndefined();
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
    const fresh = engine.snapshot().world;
    engine.run("hostname lab");
    const afterFirst = engine.snapshot().world;
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
    expect(engine.snapshot().world).toBe(afterFirst);
    // The line that only looked goes back with the change before it.
    expect(engine.run("undo").note).toEqual({ code: "undone", lines: ["hostname lab", "hostname"] });
    expect(engine.snapshot().world).toBe(fresh);
    expect(engine.run("undo")).toMatchObject({ control: "undo", note: { code: "nothing-to-undo" }, exitCode: 1 });
  });

  it("redo runs the undone lines again, to the same world; a new change forgets them, a look does not", () => {
    const engine = createEngine(5);
    engine.run("docker run -d -p 2024:80 --name web nginx");
    engine.run("curl -s 10.88.0.4:2024 -o /dev/null");
    const after = engine.snapshot().world;
    engine.run("undo");
    engine.run("iptables -t nat -nL");
    const r = engine.run("redo");
    expect(r).toMatchObject({ control: "redo", exitCode: 0, note: { code: "redone" } });
    expect(r.events.length).toBeGreaterThan(0);
    expect(engine.snapshot().world).toEqual(after);
    engine.run("undo");
    engine.run("hostname other");
    expect(engine.run("redo")).toMatchObject({ note: { code: "nothing-to-redo" }, exitCode: 1 });
  });

  it("reset starts a fresh world, and can be undone", () => {
    const engine = createEngine(5);
    engine.run("hostname lab");
    const before = engine.snapshot().world;
    expect(engine.run("reset")).toMatchObject({ control: "reset", exitCode: 0 });
    expect(engine.run("hostname").stdout).toBe("docker-host\n");
    engine.run("undo");
    expect(engine.snapshot().world).toBe(before);
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
    expect(r.world).toEqual(a.snapshot().world);
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
    const before = engine.snapshot().world;
    expect(engine.peek("hostname lab", "host")).toEqual({ stdout: "", stderr: "", exitCode: 0 });
    expect(engine.snapshot().world).toBe(before);
    expect(engine.attach("nope").session).toEqual({ machine: "host" });
    expect(engine.completionSpecs().commands.map((c) => c.name)).toContain("echo");
  });
});
