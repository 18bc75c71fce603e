/** The oracle's scenario format as typed lines, run one at a time or replayed whole. */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../src/sim/index.ts";
import { parseScenario, parseScenarioLine } from "../../../src/sim/scenario/parse.ts";
import { replayScenario, runScenarioLine } from "../../../src/sim/scenario/replay.ts";

describe("scenario lines", () => {
  it("parses every kind of line the oracle knows", () => {
    expect(parseScenarioLine("docker run -d nginx")).toEqual({ kind: "host", command: "docker run -d nginx" });
    expect(parseScenarioLine("web$ curl -s baidu.com")).toEqual({
      kind: "container",
      container: "web",
      command: "curl -s baidu.com",
    });
    expect(parseScenarioLine("internet$ curl -s 10.88.0.4:2024")).toEqual({
      kind: "internet",
      command: "curl -s 10.88.0.4:2024",
    });
    expect(parseScenarioLine("@server-log")).toEqual({ kind: "server-log" });
    expect(parseScenarioLine("@trace internet$ curl -s x")).toEqual({
      kind: "trace",
      line: { kind: "internet", command: "curl -s x" },
    });
    expect(parseScenarioLine("@capture docker0 web$ ping -c 1 x")).toEqual({
      kind: "capture",
      iface: "docker0",
      line: { kind: "container", container: "web", command: "ping -c 1 x" },
    });
    expect(parseScenario("# note\n\n").map((l) => l.kind)).toEqual(["comment", "comment", "comment"]);
  });

  it("runs one line against a world and gives its transcript block", () => {
    const r = runScenarioLine(createWorld(1), parseScenarioLine("docker run -d --name web nginx"));
    expect(r.transcript).toMatch(/^\$ docker run -d --name web nginx\n[0-9a-f]{64}\n$/);
    const inside = runScenarioLine(r.world, parseScenarioLine("web$ nosuch"));
    expect(inside.transcript).toBe("web$ nosuch\nsh: nosuch: not found\n[exit 127]\n");
  });

  it("gives a capture its own header, runs its line and prints what tcpdump saw on that side of the NAT", () => {
    const text = "docker run -d --name web nginx\n@capture eth0 web$ curl -s -m 3 http://203.0.113.10/\n@server-log\n";
    const out = replayScenario(text);
    const block = out.slice(out.indexOf("@capture"), out.indexOf("@server-log"));
    expect(block.split("\n")[0]).toBe("@capture eth0 web$ curl -s -m 3 http://203.0.113.10/");
    // eth0 shows the host's address (MASQUERADE), never the container's.
    expect(block).toMatch(
      /^\d\d:\d\d:\d\d\.\d{6} IP 10\.88\.0\.4\.\d+ > 203\.0\.113\.10\.80: Flags \[S\], seq \d+, win 64240, /m,
    );
    expect(block).not.toContain("172.17.0.2");
    // The captured line really ran: the web server logged the host's address.
    expect(out).toMatch(/@server-log\n10\.88\.0\.4 - - \[date\] "GET \/ HTTP\/1\.1" 200 -\n$/);
  });

  it("replays on the engine asked for", () => {
    expect(replayScenario("docker --version\n", { engine: "26" })).toBe(
      "$ docker --version\nDocker version 26.1.5+dfsg1, build a72d7cd\n",
    );
    expect(replayScenario("docker --version\n", { engine: "28" })).toBe(
      "$ docker --version\nDocker version 28.5.2+dfsg4, build 9cc6dea35e9a963f281434761c656fba4ac43aed\n",
    );
  });
});
