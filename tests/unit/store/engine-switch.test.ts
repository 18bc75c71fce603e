import { describe, expect, it } from "vitest";
import { createAppStore } from "../../../src/store/app-store.ts";
import { selectEngine } from "../../../src/store/selectors.ts";
import { createEngine } from "../../../src/worker/engine.ts";

describe("switching the engine", () => {
  it("rebuilds the world from the share log on the other engine, and back", async () => {
    const engine = createEngine(3);
    const store = createAppStore(() => engine);
    await store.getState().connect();
    expect(store.getState().engines.map((e) => e.label)).toEqual(["Docker 26.1.5", "Docker 28.5.2"]);
    expect(selectEngine(store.getState())).toBe("26");
    await store.getState().submit("docker run -d -p 2024:80 --name mynginxs nginx");
    await store.getState().submit("curl -s http://203.0.113.10/");
    const web26 = store.getState().world!.docker.containers[0]!;
    await store.getState().attach(web26.id);
    expect(store.getState().shareLog.at(-1)).toBe("#attach mynginxs");

    await store.getState().switchEngine("28");
    const s = store.getState();
    expect(selectEngine(s)).toBe("28");
    expect(s.lastSwitch).toEqual({ engine: "28", lines: 3 });
    expect(s.lastEvents).toEqual([]);
    const web28 = s.world!.docker.containers.find((c) => c.name === "mynginxs")!;
    expect(s.session.machine).toBe(web28.id);
    // The history itself is unchanged: the same commands, now on Docker 28.
    expect(s.shareLog).toEqual([
      "docker run -d -p 2024:80 --name mynginxs nginx",
      "curl -s http://203.0.113.10/",
      "#attach mynginxs",
    ]);
    await store.getState().attach("host");
    const reply = await store.getState().submit("iptables-save -t raw");
    expect(reply?.stdout).toContain("-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP");

    await store.getState().switchEngine("26");
    expect(selectEngine(store.getState())).toBe("26");
    expect((await store.getState().submit("iptables-save -t raw"))?.stdout).not.toContain("DROP");
  });
});
