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

describe("the worker on either engine", () => {
  it("rebuilds the world on another engine from the same history, attaches by container name included", async () => {
    const { ENGINES } = await import("../../../src/sim/index.ts");
    const { ENGINE_VERSIONS } = await import("../../../src/worker/protocol.ts");
    expect(ENGINE_VERSIONS).toEqual(ENGINES);
    const engine = createEngine(5);
    const history = ["docker run -d -p 2024:80 --name web nginx", "hostname lab", "undo", "#attach web"];
    const snap = engine.rebuild("28", history);
    expect(snap.world.docker.engine).toBe("28");
    const web = snap.world.docker.containers.find((c) => c.name === "web")!;
    expect(snap.session.machine).toBe(web.id);
    expect(engine.run("hostname").stdout).toBe(web.id.slice(0, 12) + "\n");
    engine.attach("host");
    expect(engine.run("hostname").stdout).toBe("docker-host\n");
    expect(engine.run("iptables -S FORWARD").stdout).toContain("-A FORWARD -j DOCKER-FORWARD");
    // reset keeps the engine; rebuilding on 26 brings its rules back.
    engine.run("reset");
    expect(engine.snapshot().world.docker.engine).toBe("28");
    expect(engine.rebuild("26", history).world.docker.engine).toBe("26");
    engine.attach("host");
    expect(engine.run("iptables -S FORWARD").stdout).toContain("-A FORWARD -j DOCKER-ISOLATION-STAGE-1");
  });

  it("compares iptables-save on both engines for the article's run, or for given lines", () => {
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
    expect(engine.snapshot().world.docker.containers).toEqual([]);
  });
});
