import { describe, expect, it } from "vitest";
import { createEngine } from "../../../src/worker/engine.ts";
import { PROTOCOL_VERSION } from "../../../src/worker/protocol.ts";

describe("worker engine", () => {
  it("keeps the world between commands and replies with plain data", () => {
    const engine = createEngine(5);
    engine.run("hostname lab");
    const reply = engine.run("hostname");
    expect(reply).toMatchObject({ protocolVersion: PROTOCOL_VERSION, stdout: "lab\n", exitCode: 0 });
    expect(structuredClone(reply)).toEqual(reply);
  });

  it("reset starts a fresh world", () => {
    const engine = createEngine(5);
    engine.run("hostname lab");
    engine.reset();
    expect(engine.run("hostname").stdout).toBe("docker-host\n");
  });
});
