import { describe, expect, it } from "vitest";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld } from "../../../../src/sim/world.ts";
import { terminal } from "./terminal.ts";

/** A line as the oracle runs host lines: `bash -c`, no terminal. */
const bashC = (line: string) => runLine(createWorld(1), { machine: "host", shell: "bash-c", noTty: true }, line);
const shown = (r: ReturnType<typeof bashC>) => (r.output ? r.output.map((c) => c.text).join("") : r.stdout + r.stderr);

describe("readonly, declare -r and export -n, as bash 5.2 keeps them", () => {
  it("refuses an assignment to a read-only name and drops the rest of the line", () => {
    const r = bashC("readonly X=1; X=2; echo $X");
    expect(shown(r)).toBe("bash: line 1: X: readonly variable\n");
    expect(r.exitCode).toBe(1);
    const d = bashC('declare -r Y=5; Y=6; echo "after: $?"');
    expect(shown(d)).toBe("bash: line 1: Y: readonly variable\n");
    expect(bashC("readonly Z; Z=1").exitCode).toBe(1);
  });

  it("refuses unset and a second readonly with a value, and goes on", () => {
    expect(shown(bashC('readonly X=1; unset X; echo "rc=$?"'))).toBe(
      "bash: line 1: unset: X: cannot unset: readonly variable\nrc=1\n",
    );
    expect(shown(bashC('readonly X=1; readonly X=2; echo "rc=$?"'))).toBe("bash: line 1: X: readonly variable\nrc=1\n");
    expect(bashC("readonly PORT=2024; echo $PORT").stdout).toBe("2024\n");
  });

  it("runs a command whose NAME=value prefix names a frozen variable, after saying so", () => {
    expect(shown(bashC('readonly X=1; X=2 true; echo "rc=$?"'))).toBe("bash: line 1: X: readonly variable\nrc=0\n");
    expect(shown(bashC("readonly X=1; for X in 1 2; do echo $X; done; echo end"))).toBe(
      "bash: line 1: X: readonly variable\nend\n",
    );
  });

  it("lists read-only names with their attributes, bash's own among them", () => {
    expect(bashC("readonly A=1 B=2; readonly -p | grep -E ' (A|B)='").stdout).toBe(
      'declare -r A="1"\ndeclare -r B="2"\n',
    );
    expect(bashC("readonly -p | cut -d= -f1").stdout).toBe(
      [
        "declare -r BASHOPTS",
        "declare -ar BASH_VERSINFO",
        "declare -ir EUID",
        "declare -ir PPID",
        "declare -r SHELLOPTS",
        "declare -ir UID",
        "",
      ].join("\n"),
    );
    expect(bashC("export X=1; readonly X; declare -p X").stdout).toBe('declare -rx X="1"\n');
  });

  it("takes a name out of the environment with export -n", () => {
    const r = bashC("export NAME=web; export -n NAME; NAME=x; env | grep -c '^NAME='; echo $NAME");
    expect(r.stdout).toBe("0\nx\n");
  });

  it("keeps the freeze for the terminal's later lines, in bash's interactive words", () => {
    const { out } = terminal(["readonly X=1", "X=2; echo after", "echo $X"]);
    expect(out).toEqual(["", "bash: X: readonly variable\n", "1\n"]);
  });

  it("answers in busybox ash's words inside a container", () => {
    const w = bashC("docker run -d --name web nginx").world;
    const r = runLine(
      w,
      { machine: "host", shell: "bash-c", noTty: true },
      "docker exec web sh -c 'readonly X=1; X=2; echo $X'",
    );
    expect(shown(r)).toBe("sh: X: is read only\n");
    expect(r.exitCode).toBe(2);
    const u = runLine(
      w,
      { machine: "host", shell: "bash-c", noTty: true },
      "docker exec web sh -c 'readonly X=1; unset X; echo rc=$?'",
    );
    expect(shown(u)).toBe("sh: unset: line 0: X: is read only\n");
    expect(u.exitCode).toBe(2);
    const e = runLine(
      w,
      { machine: "host", shell: "bash-c", noTty: true },
      "docker exec web sh -c 'export X=1; readonly X; export -p | grep X; readonly -p'",
    );
    expect(e.stdout).toBe("export X='1'\nreadonly X='1'\n");
  });
});
