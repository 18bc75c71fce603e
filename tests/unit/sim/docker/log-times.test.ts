/**
 * docker logs reads the time each line was written (ld18-log-times): -t prints it, and
 * --since/--until are held against it, so a ticking container's lines come seconds apart.
 */
import { describe, expect, it } from "vitest";
import { logLine, stampedLine, stderrLine } from "../../../../src/sim/docker/log-lines.ts";
import { createWorld } from "../../../../src/sim/world.ts";
import { out, run } from "../lab.ts";

const ticking = () =>
  run(createWorld(1), "docker run -d --name tick nginx sh -c 'while true; do echo tick; sleep 4; done'", "sleep 9");
const count = (text: string) => text.split("\n").filter(Boolean).length;

describe("a log line's time", () => {
  it("rides with the line and its stream", () => {
    expect(logLine(stampedLine(stderrLine("oops"), 1234))).toEqual({ stream: "stderr", text: "oops", at: 1234 });
    expect(logLine("plain")).toEqual({ stream: "stdout", text: "plain" });
    expect(stampedLine(stampedLine("x", 5), 9)).toBe(stampedLine("x", 5));
  });
});

describe("docker logs against each line's time", () => {
  it("-t stamps a ticking container's lines four seconds apart", () => {
    const secs = out(ticking(), "docker logs -t tick")
      .stdout.split("\n")
      .filter(Boolean)
      .map((l) => Number(/:(\d\d)\.\d{9}Z tick$/.exec(l)![1]));
    expect(secs).toHaveLength(3);
    expect(secs.slice(1).map((s, i) => (s - secs[i]! + 60) % 60)).toEqual([4, 4]);
  });

  it("--since and --until count the lines written after and before", () => {
    const w = ticking();
    expect(count(out(w, "docker logs --since 3s tick").stdout)).toBe(1);
    expect(count(out(w, "docker logs --since 7s tick").stdout)).toBe(2);
    expect(count(out(w, "docker logs --until 3s tick").stdout)).toBe(2);
    expect(count(out(w, "docker logs --since 7s --until 3s tick").stdout)).toBe(1);
    expect(count(out(w, "docker logs --until 2099-01-01T00:00:00Z tick").stdout)).toBe(3);
  });

  it("refuses an --until that is neither time nor duration, as --since", () => {
    const r = out(ticking(), "docker logs --until abc tick");
    expect(r.stderr).toBe('invalid value for "until": failed to parse value as time or duration: "abc"\n');
    expect(r.code).toBe(1);
  });

  it("stamps nginx's access line when the request came, not at the container's start", () => {
    const w = run(
      createWorld(1),
      "docker run -d --name web -p 8080:80 nginx",
      "sleep 3",
      "curl -s -m 3 -o /dev/null localhost:8080",
    );
    expect(out(w, "docker logs --since 2s web").stdout).toMatch(/^172\.17\.0\.1 - - .*"GET \/ HTTP\/1\.1" 200 /);
    expect(count(out(run(w, "sleep 3"), "docker logs --since 2s web").stdout)).toBe(0);
  });
});
