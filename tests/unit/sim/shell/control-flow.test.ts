import { describe, expect, it } from "vitest";
import { LIMITS } from "../../../../src/sim/limits.ts";
import { needsMoreInput, parseScript } from "../../../../src/sim/shell/parse.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld } from "../../../../src/sim/world.ts";

const host = (line: string) => runLine(createWorld(1), { machine: "host" }, line);
const shown = (r: ReturnType<typeof host>) => (r.output ? r.output.map((c) => c.text).join("") : r.stdout + r.stderr);

describe("bash's compound commands", () => {
  it("runs a for loop over words, a substitution's fields and a pipe", () => {
    expect(host("for x in a b c; do echo $x; done").stdout).toBe("a\nb\nc\n");
    expect(host("for i in $(seq 3); do echo n$i; done | sort -r").stdout).toBe("n3\nn2\nn1\n");
  });

  it("keeps a loop's variables in the shell, as bash does", () => {
    const r = host("for x in 1 2 3; do y=$x; done");
    expect(r.session?.vars?.x).toBe("3");
    expect(r.session?.vars?.y).toBe("3");
  });

  it("reads one line a turn in while read, from a pipe or a file", () => {
    expect(host("printf 'a 1\\nb 2\\n' | while read k v; do echo $v$k; done").stdout).toBe("1a\n2b\n");
    expect(host("echo x > /tmp/f; echo y >> /tmp/f; while read l; do echo [$l]; done < /tmp/f").stdout).toBe(
      "[x]\n[y]\n",
    );
  });

  it("stops `while true; do :; done` at the lab's bound, with its notice, status 1", () => {
    const r = host("while true; do :; done");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`[lab: loop stopped after ${LIMITS.maxLoopIterations} turns, the lab's limit]\n`);
  });

  it("bounds nested loops together, not each one", () => {
    const r = host("for a in $(seq 200); do for b in $(seq 200); do :; done; done; echo after");
    expect(r.stderr.match(/loop stopped/g)?.length).toBe(1);
    expect(r.stdout).toBe("after\n");
  });

  it("ends `seq 1 1000000000` at the output bound, saying where it cut", () => {
    const r = host("seq 1 1000000000 | wc -l");
    expect(r.stdout).toBe(`${LIMITS.maxOutputLines}\n`);
    expect(r.stderr).toContain("[lab: output cut at");
  });

  it("runs if/elif/else, break, continue and `!`", () => {
    expect(host("if false; then echo a; elif true; then echo b; else echo c; fi").stdout).toBe("b\n");
    expect(host("for x in 1 2 3 4; do [ $x = 2 ] && continue; [ $x = 4 ] && break; echo $x; done").stdout).toBe(
      "1\n3\n",
    );
    expect(host("! false; echo $?").stdout).toBe("0\n");
  });

  it("words syntax errors as interactive bash, bash -c and busybox sh do", () => {
    expect(parseScript("for i in 1 2; echo $i; done")).toMatchObject({
      stderr: "bash: syntax error near unexpected token `echo'\n",
    });
    expect(parseScript("for i in 1 2; echo $i; done", "bash-c")).toMatchObject({
      stderr:
        "bash: -c: line 1: syntax error near unexpected token `echo'\nbash: -c: line 1: `for i in 1 2; echo $i; done'\n",
    });
    expect(parseScript("for i in 1 2; echo $i; done", "sh")).toMatchObject({
      stderr: 'sh: syntax error: unexpected word (expecting "do")\n',
    });
    expect(parseScript("if true; then echo; done", "sh")).toMatchObject({
      stderr: 'sh: syntax error: unexpected "done" (expecting "fi")\n',
    });
    expect(parseScript("for i in 1; do echo", "bash-c")).toMatchObject({
      stderr: "bash: -c: line 2: syntax error: unexpected end of file\n",
      incomplete: true,
    });
  });

  it("asks for more lines (bash's `> ` prompt) until the compound command is closed", () => {
    expect(needsMoreInput("for x in a b; do")).toBe(true);
    expect(needsMoreInput("for x in a b; do\necho $x")).toBe(true);
    expect(needsMoreInput("for x in a b; do\necho $x\ndone")).toBe(false);
    expect(needsMoreInput("if true; then")).toBe(true);
    expect(needsMoreInput("while read l")).toBe(true);
    expect(needsMoreInput("done")).toBe(false);
    expect(host("for x in a b\ndo\n  echo $x\ndone").stdout).toBe("a\nb\n");
  });

  it("takes the words of a loop over several lines as one command", () => {
    expect(shown(host("i=0\nwhile [ $i -lt 2 ]\ndo\n  i=$((i+1)); echo $i\ndone"))).toBe("1\n2\n");
  });
});
