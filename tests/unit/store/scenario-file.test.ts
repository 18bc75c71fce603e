import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createAppStore } from "../../../src/store/app-store.ts";
import { decodeScenarioBytes, fromScenario, SCENARIO_HEADER } from "../../../src/store/scenario-file.ts";
import { SESSION_LIMITS } from "../../../src/store/session-state.ts";
import { directSim } from "../../../src/store/supervisor.ts";
import { replayScenario } from "../../../src/sim/scenario/replay.ts";
import { createEngine } from "../../../src/worker/engine.ts";

const newStore = () => createAppStore(directSim(() => createEngine()));

describe("scenario files", () => {
  it("export a session in the oracle's format: host lines plain, a container shell's lines as NAME$", async () => {
    const store = newStore();
    await store.getState().connect();
    for (const l of [
      "hostname scrap",
      "reset",
      "docker run -d -p 2024:80 --name web nginx",
      "docker exec -it web bash",
      "curl -s baidu.com",
      "exit",
      "iptables -t nat -nL",
    ])
      await store.getState().submit(l);
    await store.getState().attach("internet");
    await store.getState().submit("curl -s http://10.88.0.4:2024/ -o /dev/null");
    await store.getState().submit("cat <<EOF\nline one\nEOF");
    expect(store.getState().exportScenario()).toBe(
      [
        ...SCENARIO_HEADER,
        "docker run -d -p 2024:80 --name web nginx",
        "# docker exec -it web bash",
        "web$ curl -s baidu.com",
        "# exit",
        "iptables -t nat -nL",
        "internet$ curl -s http://10.88.0.4:2024/ -o /dev/null",
        "internet$ cat <<EOF",
        "line one",
        "EOF",
        "",
      ].join("\n"),
    );
  });

  it("import reads what export wrote back to the same world", async () => {
    const ea = createEngine();
    const eb = createEngine();
    const a = createAppStore(directSim(() => ea));
    await a.getState().connect();
    for (const l of [
      "docker run -d -p 2024:80 --name web nginx",
      "docker exec -it web bash",
      "curl -s baidu.com",
      "exit",
      "echo café > /etc/motd",
    ])
      await a.getState().submit(l);
    const file = a.getState().exportScenario();
    const b = createAppStore(directSim(() => eb));
    await b.getState().connect();
    await b.getState().submit("hostname mine");
    await b.getState().importScenario(file, "lab.sh");
    expect(eb.state().world.docker).toEqual(ea.state().world.docker);
    expect(eb.state().world.files).toEqual(ea.state().world.files);
    expect(b.getState().worldView).toEqual(a.getState().worldView);
    expect(b.getState().notices.map((n) => [n.code, n.params])).toEqual([["imported", { count: 3, name: "lab.sh" }]]);
    // The session before the import is kept under a `reset`: undo goes back through the imported lines to it.
    for (let i = 0; i < 4; i++) await b.getState().submit("undo");
    expect(b.getState().worldView?.netns.host?.hostname).toBe("mine");
  });

  it("reads the oracle's own scenarios, runs @trace lines and keeps @server-log to show", () => {
    const text = readFileSync("tests/fixtures/oracle/scenarios/p06-trace-inbound.sh", "utf8");
    const r = fromScenario(text);
    if (!r.ok) throw new Error(r.problem);
    expect(r.entries.some((e) => e.machine === "internet")).toBe(true);
    expect(r.entries.every((e) => !e.line.startsWith("@"))).toBe(true);
    const withLog = fromScenario("docker run -d --name web nginx\n@server-log\nweb$ hostname\n");
    expect(withLog).toEqual({
      ok: true,
      entries: [
        { line: "docker run -d --name web nginx", machine: "host" },
        { line: "hostname", machine: "web" },
      ],
      notRun: [{ lineNo: 2, text: "@server-log" }],
    });
    // A scenario file is a replayable history: the oracle's replay and the import agree on the world.
    const file = readFileSync("tests/fixtures/oracle/scenarios/p21-container-shell.sh", "utf8");
    expect(replayScenario(file).length).toBeGreaterThan(0);
  });

  it("refuses a file too big, not UTF-8 or empty, with a reason", () => {
    expect(decodeScenarioBytes(new Uint8Array([0x66, 0xff, 0xfe]))).toEqual({ ok: false, problem: "damaged" });
    expect(decodeScenarioBytes(new Uint8Array(SESSION_LIMITS.maxBytes + 1))).toEqual({
      ok: false,
      problem: "too-long",
    });
    expect(decodeScenarioBytes(new TextEncoder().encode("\ufeffdamaged"))).toEqual({ ok: true, text: "damaged" });
    expect(fromScenario("# only comments\n\n")).toEqual({ ok: false, problem: "empty" });
    expect(fromScenario("true\n".repeat(SESSION_LIMITS.maxEntries + 1))).toEqual({ ok: false, problem: "too-long" });
    // Markup in a file is a command line like any other: it is run, never rendered.
    expect(fromScenario("echo <img src=x onerror=alert(1)>\r\n")).toMatchObject({
      ok: true,
      entries: [{ line: "echo <img src=x onerror=alert(1)>", machine: "host" }],
    });
  });
});
