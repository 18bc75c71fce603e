/** bash's `time` reserved word (oracle ld16): the report on the shell's stderr, on the lab's clock. */
import { describe, expect, it } from "vitest";
import { timeReport } from "../../../../src/sim/shell/time-report.ts";
import { createWorld } from "../../../../src/sim/world.ts";
import { out, run } from "../lab.ts";

const fresh = () => createWorld(1);

describe("time", () => {
  it("reports the pipeline's real time in bash's default format, after its output", () => {
    const r = out(fresh(), "time sleep 1.5");
    expect(r.stderr).toBe("\nreal\t0m1.500s\nuser\t0m0.000s\nsys\t0m0.000s\n");
    expect(out(fresh(), "{ time echo hi 2>/dev/null; } 2>&1 | head -2").stdout).toBe("hi\n\n");
  });

  it("takes -p and TIMEFORMAT", () => {
    expect(out(fresh(), "time -p sleep 2").stderr).toBe("real 2.00\nuser 0.00\nsys 0.00\n");
    expect(out(fresh(), "TIMEFORMAT='took %0R s'; { time sleep 1; } 2>&1").stdout).toBe("took 1 s\n");
    expect(out(fresh(), "TIMEFORMAT=''; time sleep 1").stderr).toBe("");
  });

  it("times compound commands and pipelines, and docker stop's grace", () => {
    expect(out(fresh(), "{ time for i in 1 2; do sleep 0.5; done; } 2>&1 | grep real").stdout).toBe("real\t0m1.000s\n");
    const w = run(fresh(), "docker run -d --name sleeper nginx sh -c 'while true; do sleep 1; done'");
    expect(out(w, "{ time docker stop -t 3 sleeper; } 2>&1 | grep real | cut -d. -f1").stdout).toBe("real\t0m3\n");
  });

  it("truncates, and writes minutes past sixty seconds", () => {
    expect(timeReport(61_999, false, "%3lR")).toBe("1m1.999s\n");
    expect(timeReport(1_999, false, "%1R %%")).toBe("1.9 %\n");
  });
});
