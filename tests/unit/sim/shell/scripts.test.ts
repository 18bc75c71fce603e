import { describe, expect, it } from "vitest";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { renameErrors, scriptCommands } from "../../../../src/sim/shell/script.ts";
import { createWorld } from "../../../../src/sim/world.ts";

const HOST = { machine: "host", noTty: true, shell: "bash-c" } as const;
const host = (line: string) => runLine(createWorld(1), HOST, line);
const shown = (r: ReturnType<typeof host>) => (r.output ? r.output.map((c) => c.text).join("") : r.stdout + r.stderr);
const WRITE_E = "printf 'echo start\\nnosuch\\necho \"after $?\"\\nexit 3\\necho never\\n' > /tmp/e.sh";

describe("a script file's commands", () => {
  it("splits a file into complete commands, with the line each starts on", () => {
    const cmds = scriptCommands("#!/bin/sh\necho a\n\nfor i in 1 2; do\n  echo $i\ndone\n# note\necho b\n");
    expect(cmds).toEqual([
      { src: "echo a", line: 2 },
      { src: "for i in 1 2; do\n  echo $i\ndone", line: 4 },
      { src: "echo b", line: 8 },
    ]);
  });

  it("names the file and the line in the shell's own errors, as each shell words them", () => {
    expect(renameErrors("bash", "run.sh", 2)("bash: line 1: x: command not found\n")).toBe(
      "run.sh: line 2: x: command not found\n",
    );
    expect(renameErrors("dash", "run.sh", 2)("sh: x: not found\n")).toBe("run.sh: 2: x: not found\n");
    expect(renameErrors("ash", "run.sh", 2)("sh: x: not found\n")).toBe("run.sh: line 2: x: not found\n");
    expect(renameErrors("ash", "sh", 2, true)("sh: x: not found\n")).toBe("sh: x: not found\n");
  });
});

describe("bash FILE, sh FILE and ./FILE on the host", () => {
  it("runs the file with its arguments, $? carried between commands, and stops at exit", () => {
    const r = host(`${WRITE_E}; bash /tmp/e.sh a b; echo rc=$?`);
    expect(shown(r)).toBe("start\n/tmp/e.sh: line 2: nosuch: command not found\nafter 127\nrc=3\n");
  });

  it("reads it with dash for sh: its wording, and no [[ or brace expansion", () => {
    const r = host(`${WRITE_E}; sh /tmp/e.sh`);
    expect(shown(r)).toBe("start\n/tmp/e.sh: 2: nosuch: not found\nafter 127\n");
    const b = host("printf 'echo {1..2}\\n[[ -n x ]] && echo y\\n' > /tmp/b.sh; sh /tmp/b.sh; echo rc=$?");
    expect(shown(b)).toBe("{1..2}\n/tmp/b.sh: 2: [[: not found\nrc=127\n");
  });

  it("stops at the first failure under bash -e", () => {
    expect(host(`${WRITE_E}; bash -e /tmp/e.sh; echo rc=$?`).stdout).toBe("start\nrc=127\n");
  });

  it("sets $0 and the positional parameters, and keeps the caller's variables out", () => {
    const r = host("printf 'echo \"$0 $# $2 [$V]\"\\nV=set\\n' > /tmp/a.sh; V=mine; bash /tmp/a.sh x y; echo $V");
    expect(r.stdout).toBe("/tmp/a.sh 2 y []\nmine\n");
  });

  it("refuses a file without x, runs one with it, with the shell of its #! line or the caller's", () => {
    const r = host("printf 'echo {1..2}\\n' > /tmp/x.sh; /tmp/x.sh; echo $?; chmod +x /tmp/x.sh; cd /tmp && ./x.sh");
    expect(shown(r)).toBe("bash: line 1: /tmp/x.sh: Permission denied\n126\n1 2\n");
    const s = host("printf '#!/bin/sh\\necho {1..2}\\n' > /tmp/s.sh; chmod +x /tmp/s.sh; /tmp/s.sh");
    expect(s.stdout).toBe("{1..2}\n");
    expect(shown(host("./nosuch.sh"))).toBe("bash: line 1: ./nosuch.sh: No such file or directory\n");
  });

  it("says why a file cannot be read, as each shell does", () => {
    expect(shown(host("bash /nosuch.sh; echo $?"))).toBe("bash: /nosuch.sh: No such file or directory\n127\n");
    expect(shown(host("sh /nosuch.sh; echo $?"))).toBe("sh: 0: cannot open /nosuch.sh: No such file\n2\n");
  });

  it("reads its commands from stdin when given no file", () => {
    expect(shown(host("printf 'echo a\\nnosuch\\n' | bash"))).toBe("a\nbash: line 2: nosuch: command not found\n");
  });

  it("runs a program named by its path in a bin directory", () => {
    expect(host("/usr/bin/seq 2").stdout).toBe("1\n2\n");
  });

  it("ends a -c shell at exit: what follows does not run", () => {
    expect(host("bash -c 'echo a; exit 3; echo b'; echo rc=$?").stdout).toBe("a\nrc=3\n");
  });
});

describe("paste", () => {
  it("joins lines with -s and the delimiters, and shares stdin between - operands", () => {
    expect(host("printf 'a\\nb\\nc\\n' | paste -sd,").stdout).toBe("a,b,c\n");
    expect(host("printf 'a\\nb\\nc\\n' | paste - -").stdout).toBe("a\tb\nc\t\n");
    expect(host("printf 'a\\nb\\nc\\n' | paste -d: - - -").stdout).toBe("a:b:c\n");
  });
});

describe("what blog scripts start with", () => {
  it("takes set -euo pipefail: a failing pipe and an unset variable end the script", () => {
    const r = host(
      "printf 'set -euo pipefail\\necho a\\nfalse | true\\necho b\\n' > /tmp/p.sh; bash /tmp/p.sh; echo rc=$?",
    );
    expect(r.stdout).toBe("a\nrc=1\n");
    const u = host("printf 'set -u\\necho a\\necho $NOPE\\necho b\\n' > /tmp/u.sh; bash /tmp/u.sh; echo rc=$?");
    expect(shown(u)).toBe("a\n/tmp/u.sh: line 3: NOPE: unbound variable\nrc=1\n");
    expect(shown(host("set -u; echo ${NOPE:-dflt} $NOPE; echo after"))).toBe("bash: line 1: NOPE: unbound variable\n");
  });

  it("sources a file into this shell with . and source", () => {
    const r = host("printf 'X=1\\nnosuch\\n' > /tmp/env.sh; . /tmp/env.sh; echo \"X=$X\"");
    expect(shown(r)).toBe("/tmp/env.sh: line 2: nosuch: command not found\nX=1\n");
    expect(shown(host("source /nosuch; echo rc=$?"))).toBe("bash: line 1: /nosuch: No such file or directory\nrc=1\n");
  });

  it("runs the EXIT trap as the script ends, after an exit too", () => {
    const r = host("printf 'trap \"echo bye\" EXIT\\necho hi\\nexit 4\\n' > /tmp/t.sh; bash /tmp/t.sh; echo rc=$?");
    expect(r.stdout).toBe("hi\nbye\nrc=4\n");
  });

  it("names the inner line of a loop an error came from", () => {
    const r = host("printf 'for i in 1 2; do\\n  nosuch$i\\ndone\\n' > /tmp/l.sh; bash /tmp/l.sh");
    expect(r.stderr).toBe(
      "/tmp/l.sh: line 2: nosuch1: command not found\n/tmp/l.sh: line 2: nosuch2: command not found\n",
    );
  });

  it("echoes as dash does under sh: escapes always, -e printed", () => {
    expect(host("sh -c 'echo -e \"a\\tb\"'").stdout).toBe("-e a\tb\n");
  });
});

describe("a script that does not parse", () => {
  it("stops at the command that does not parse, naming the file and line as each shell does", () => {
    const write = "printf 'echo a\\nfi\\necho b\\n' > /tmp/bf.sh";
    expect(shown(host(`${write}; bash /tmp/bf.sh; echo rc=$?`))).toBe(
      "a\n/tmp/bf.sh: line 2: syntax error near unexpected token `fi'\n/tmp/bf.sh: line 2: `fi'\nrc=2\n",
    );
    expect(shown(host(`${write}; sh /tmp/bf.sh; echo rc=$?`))).toBe(
      'a\n/tmp/bf.sh: 2: Syntax error: "fi" unexpected\nrc=2\n',
    );
    const eof = "printf 'echo a\\nif true; then\\n' > /tmp/bad.sh";
    expect(shown(host(`${eof}; bash -n /tmp/bad.sh; echo rc=$?`))).toBe(
      "/tmp/bad.sh: line 3: syntax error: unexpected end of file\nrc=2\n",
    );
  });
});

describe("bash's declare, mapfile and its own variables", () => {
  it("sets, exports, evaluates and shows variables with declare", () => {
    expect(host("x=1; declare -p x; declare -x y=2; declare -p y; declare -i n=3+4; echo $n").stdout).toBe(
      'declare -- x="1"\ndeclare -x y="2"\n7\n',
    );
    expect(shown(host("declare -p nosuch; echo rc=$?"))).toBe("bash: line 1: declare: nosuch: not found\nrc=1\n");
  });

  it("reads lines into an array with mapfile, not through a pipe", () => {
    expect(host("mapfile -t l < <(printf 'a\\nb\\n'); echo ${#l[@]} ${l[1]}").stdout).toBe("2 b\n");
    expect(host("printf 'p\\nq\\n' | mapfile -t m; echo ${#m[@]}").stdout).toBe("0\n");
  });

  it("knows UID and EUID in bash, not in sh", () => {
    expect(host("echo $UID $EUID; sh -c 'echo [$UID]'").stdout).toBe("0 0\n[]\n");
  });
});
