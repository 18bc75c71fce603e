import { describe, expect, it } from "vitest";
import type { Session } from "../../../../src/sim/index.ts";
import { terminal } from "./terminal.ts";

const session = (lines: readonly string[], start?: Session) =>
  terminal(lines, { seed: 7, ...(start ? { start } : {}) });
import { LIMITS } from "../../../../src/sim/limits.ts";

describe("the shell's expansions", () => {
  it("splits unquoted expansions as bash does and keeps quoted ones whole", () => {
    const { out } = session([`X="a   b"; echo $X; echo "$X"; echo $X | wc -w`, `E=; echo [$E] ["$E"] x\${E}y`]);
    expect(out[0]).toBe("a b\na   b\n2\n");
    expect(out[1]).toBe("[] [] xy\n");
  });

  it("substitutes commands, nested and in backquotes, without trailing newlines", () => {
    const { out } = session(["echo `echo hi` $(echo $(echo nested))", `Y=$(echo one; echo two); echo $Y; echo "$Y"`]);
    expect(out).toEqual(["hi nested\n", "one two\none\ntwo\n"]);
  });

  it("keeps variables per terminal, exports them to child shells only when asked", () => {
    const { out } = session([
      "X=1",
      "echo $X ${X} \"$X\" '$X'",
      "bash -c 'echo [$X]'",
      "export X",
      "bash -c 'echo [$X]'",
      "FOO=2 bash -c 'echo $FOO'; echo [$FOO]",
      "unset X; echo [$X]",
      "echo ${NOSUCH:-default} $((1 + 2 * 3))",
    ]);
    expect(out).toEqual(["", "1 1 1 $X\n", "[]\n", "", "[1]\n", "2\n[]\n", "[]\n", "default 7\n"]);
  });

  it("takes a container's PID from docker inspect into a variable", () => {
    const { out } = session([
      "docker run -d --name web nginx",
      "PID=$(docker inspect -f '{{.State.Pid}}' web); echo $PID",
      "echo $PID",
    ]);
    expect(out[1]).toMatch(/^\d+\n$/);
    expect(out[2]).toBe(out[1]);
  });

  it("reports a substitution's status for an assignment alone", () => {
    expect(session(["X=$(false); echo $?", "X=$(true); echo $?"]).out).toEqual(["1\n", "0\n"]);
  });

  it("bounds nesting and variable sizes", () => {
    const deep = "echo " + "$(echo ".repeat(40) + "x" + ")".repeat(40);
    const r = session([deep]).out[0]!;
    expect(r).toContain("maximum shell nesting level exceeded");
    const big = session([`X=$(cat /etc/services /etc/services)`]).out[0];
    expect(big).toBe("");
    expect(LIMITS.maxVariableLength).toBeGreaterThan(1000);
  });
});

describe("cd and pwd", () => {
  it("move the shell's directory and resolve relative paths against it", () => {
    const { out } = session([
      "pwd",
      "cd /proc/sys/net/ipv4/conf && pwd && ls",
      "cat all/forwarding",
      "cd ../..; pwd; cd -; cd; pwd",
      "cd /nonexistent",
      "cd /etc/hosts",
      "cd a b",
    ]);
    expect(out[0]).toBe("/root\n");
    expect(out[1]).toMatch(/^\/proc\/sys\/net\/ipv4\/conf\n(.|\n)*docker0/);
    expect(out[2]).toBe("1\n");
    expect(out[3]).toBe("/proc/sys/net\n/proc/sys/net/ipv4/conf\n/root\n");
    expect(out[4]).toBe("bash: cd: /nonexistent: No such file or directory\n");
    expect(out[5]).toBe("bash: cd: /etc/hosts: Not a directory\n");
    expect(out[6]).toBe("bash: cd: too many arguments\n");
  });
});

describe("files stay within the lab's bounds (issue 11)", () => {
  it("refuses cat f >> f as GNU cat does, and leaves the file as it was", () => {
    const { out } = session(["echo -n 0123456789 > /tmp/f", "cat /tmp/f >> /tmp/f; echo $?", "cat /tmp/f"]);
    expect(out[1]).toBe("cat: /tmp/f: input file is output file\n1\n");
    expect(out[2]).toBe("0123456789");
  });

  it("survives the crash link: the world stays small and nothing throws", () => {
    const grow = "cat " + Array(16).fill("/tmp/f").join(" ") + " >> /tmp/f";
    const { out, world } = session([
      "echo -n 0123456789 > /tmp/f",
      ...Array<string>(6).fill(grow),
      "cat /tmp/f | wc -c",
    ]);
    // GNU cat refuses each operand that is its output, and copies nothing.
    const refused = "cat: /tmp/f: input file is output file\n".repeat(16);
    expect(out.slice(1, 7)).toEqual(Array(6).fill(refused));
    expect(out[7]).toBe("10\n");
    expect(JSON.stringify(world).length).toBeLessThan(2_000_000);
  });

  it("stops a file growing at the disk bound with No space left on device", () => {
    const lines = ["echo -n 0123456789abcdef > /tmp/a"];
    for (let i = 0; i < 20; i++) lines.push("cat /tmp/a /tmp/a > /tmp/b; cat /tmp/b > /tmp/a");
    const { out, world } = session([...lines, "cat /tmp/a | wc -c"]);
    expect(out.some((o) => o.includes("cat: write error: No space left on device"))).toBe(true);
    const files = world.files["host"]!;
    const total = Object.values(files).reduce((n, t) => n + t.length, 0);
    expect(total).toBeLessThanOrEqual(LIMITS.maxFileBytesPerMachine);
  });

  it("says where it cut an output instead of cutting silently", () => {
    const { out } = session([
      "echo -n 0123456789abcdef > /tmp/a",
      ...Array<string>(17).fill("cat /tmp/a /tmp/a > /tmp/b; cat /tmp/b > /tmp/a"),
      "cat /tmp/a",
    ]);
    const last = out[out.length - 1]!;
    expect(last).toContain("[lab: output cut at");
    expect(last.length).toBeLessThan(LIMITS.maxOutputBytes + 200);
  });
});
