/** Assignments on one line take effect left to right, as bash applies them (oracle ld11). */
import { describe, expect, it } from "vitest";
import { runLine } from "../../../../src/sim/shell/run.ts";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { createWorld } from "../../../../src/sim/world.ts";

const HOST: Session = { machine: "host", noTty: true, shell: "bash-c" };
const out = (line: string) => runLine(createWorld(1), HOST, line);

describe("assignments in order", () => {
  it("lets a later assignment see an earlier one", () => {
    expect(out("x=old; x=1 y=$x; echo $y").stdout).toBe("1\n");
    expect(out("x=5 y=$((x+1)); echo $y").stdout).toBe("6\n");
  });

  it("splits an array's words on the IFS assigned before it", () => {
    expect(out("IFS=: arr=($(echo a:b:c)); echo ${#arr[@]} ${arr[1]}").stdout).toBe("3 b\n");
  });

  it("builds a command's environment in order too, and leaves the shell's alone", () => {
    expect(out('a=1 b=$a bash -c \'echo "b=$b"\'; echo "[$a]"').stdout).toBe("b=1\n[]\n");
    expect(out("n=3 n=$((n*2)) bash -c 'echo n=$n'").stdout).toBe("n=6\n");
  });

  it("stops a bash -c shell at a read-only name", () => {
    const r = out('readonly r=1; r=2 s=$r; echo "rc=$? s=$s"');
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(["", "bash: line 1: r: readonly variable\n", 1]);
  });
});
