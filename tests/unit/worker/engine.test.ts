import { describe, expect, it } from "vitest";
import { createEngine, MAX_UNDO } from "../../../src/worker/engine.ts";
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

  it("reset starts a fresh world", () => {
    const engine = createEngine(5);
    engine.run("hostname lab");
    engine.reset();
    expect(engine.run("hostname").stdout).toBe("docker-host\n");
  });

  it("undo restores the whole world before the last command that changed it", () => {
    const engine = createEngine(5);
    const fresh = engine.snapshot().world;
    engine.run("hostname lab");
    const afterFirst = engine.snapshot().world;
    engine.run("hostname");
    engine.run("hostname lab2");
    expect(engine.run("undo")).toMatchObject({ control: "undo", stdout: "", stderr: "", exitCode: 0, events: [] });
    expect(engine.snapshot().world).toBe(afterFirst);
    engine.run("undo");
    expect(engine.snapshot().world).toBe(fresh);
    expect(engine.run("undo")).toMatchObject({ control: "undo", stderr: "undo: nothing to undo\n", exitCode: 1 });
  });

  it("keeps at most MAX_UNDO worlds", () => {
    const engine = createEngine(5);
    for (let i = 0; i <= MAX_UNDO + 5; i++) engine.run(`hostname h${i}`);
    let undone = 0;
    while (engine.run("undo").exitCode === 0) undone++;
    expect(undone).toBe(MAX_UNDO);
  });

  it("the reset command clears the undo history", () => {
    const engine = createEngine(5);
    engine.run("hostname lab");
    expect(engine.run("reset")).toMatchObject({ control: "reset", exitCode: 0 });
    expect(engine.run("hostname").stdout).toBe("docker-host\n");
    expect(engine.run("undo").exitCode).toBe(1);
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

describe("the engine's lessons and help", () => {
  it("answers help with the attached machine's commands, as data, and changes nothing", () => {
    const e = createEngine(3);
    const before = e.snapshot().world;
    const r = e.run("help");
    expect(r.control).toBe("help");
    expect(r.world).toBeUndefined();
    expect(r.help?.machine).toBe("host");
    expect(r.help?.commands.find((c) => c.name === "docker")?.summary).toBe("A self-sufficient runtime for containers");
    expect(e.snapshot().world).toBe(before);
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
