import { describe, expect, it } from "vitest";
import { formatGoDuration, parseGoDuration } from "../../../../src/sim/docker/go-duration.ts";
import { createWorld } from "../../../../src/sim/world.ts";
import { out, run } from "../lab.ts";

describe("Go durations as the docker CLI reads and prints them", () => {
  it("parses time.ParseDuration's forms: fractions, sums of units, a sign, a bare 0", () => {
    expect(parseGoDuration(".5s")).toEqual({ ns: 500_000_000 });
    expect(parseGoDuration("1h2m3.5s")).toEqual({ ns: 3_723_500_000_000 });
    expect(parseGoDuration("2s500ms")).toEqual({ ns: 2_500_000_000 });
    expect(parseGoDuration("1.s")).toEqual({ ns: 1e9 });
    expect(parseGoDuration("0.29s")).toEqual({ ns: 290_000_000 });
    expect(parseGoDuration("1µs")).toEqual({ ns: 1000 });
    expect(parseGoDuration("-1s")).toEqual({ ns: -1e9 });
    expect(parseGoDuration("0")).toEqual({ ns: 0 });
  });

  it("refuses what Go refuses, in Go's words", () => {
    expect(parseGoDuration("abc")).toEqual({ error: 'time: invalid duration "abc"' });
    expect(parseGoDuration("10")).toEqual({ error: 'time: missing unit in duration "10"' });
    expect(parseGoDuration("10x")).toEqual({ error: 'time: unknown unit "x" in duration "10x"' });
    expect(parseGoDuration(".s")).toEqual({ error: 'time: invalid duration ".s"' });
    expect(parseGoDuration("")).toEqual({ error: 'time: invalid duration ""' });
  });

  it("prints as Duration.String does", () => {
    expect(formatGoDuration(0)).toBe("0s");
    expect(formatGoDuration(500_000_000)).toBe("500ms");
    expect(formatGoDuration(1500)).toBe("1.5µs");
    expect(formatGoDuration(2_500_000_000)).toBe("2.5s");
    expect(formatGoDuration(90e9)).toBe("1m30s");
    expect(formatGoDuration(3 * 3600e9)).toBe("3h0m0s");
    expect(formatGoDuration(-1e9)).toBe("-1s");
  });

  it("refuses bad health timings where the CLI, pflag and the daemon each do", () => {
    const w = createWorld();
    expect(out(w, "docker run -d --health-cmd true --health-interval 10 nginx").stderr).toContain(
      'invalid argument "10" for "--health-interval" flag: time: missing unit in duration "10"',
    );
    expect(out(w, "docker run -d --health-cmd true --health-interval -1s nginx").stderr).toBe(
      "docker: --health-interval cannot be negative.\nSee 'docker run --help'.\n",
    );
    expect(out(w, "docker run -d --health-cmd true --health-timeout 500us nginx").stderr).toBe(
      "docker: Error response from daemon: Timeout in Healthcheck cannot be less than 1ms.\nSee 'docker run --help'.\n",
    );
    const h = run(w, "docker run -d --name hc --health-cmd true --health-interval .5s nginx");
    expect(
      out(h, "docker inspect -f '{{.Config.Healthcheck.Interval}} {{.Config.Healthcheck.Timeout}}' hc").stdout,
    ).toBe("500ms 0s\n");
  });
});
