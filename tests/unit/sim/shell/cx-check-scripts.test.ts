import { describe, expect, it } from "vitest";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld } from "../../../../src/sim/world.ts";

/** A line as the oracle runs host lines: `bash -c`, no terminal. */
const bashC = (line: string) => runLine(createWorld(1), { machine: "host", shell: "bash-c", noTty: true }, line);
const shown = (r: ReturnType<typeof bashC>) => (r.output ? r.output.map((c) => c.text).join("") : r.stdout + r.stderr);

describe("a learner's check script (oracle cx01-cx10)", () => {
  it("ends a script file with 1 on ${1:?}, a bash -c string with 127, and dash with 2 naming the parameter", () => {
    const r = bashC(
      "printf 'x=${1:?usage: s NAME}\\necho never\\n' > /tmp/q.sh; bash /tmp/q.sh; echo rc=$?; sh /tmp/q.sh; echo rc=$?; bash -c 'x=${1:?}'; echo rc=$?; sh -c 'echo ${x:?}'; echo rc=$?",
    );
    expect(shown(r)).toBe(
      "/tmp/q.sh: line 1: 1: usage: s NAME\nrc=1\n/tmp/q.sh: 1: 1: usage: s NAME\nrc=2\n" +
        "bash: line 1: 1: parameter null or not set\nrc=127\nsh: 1: x: parameter not set or null\nrc=2\n",
    );
  });

  it("toggles case with ${v~~} and ${v~}, and applies pattern and case operators to each element of ${a[@]}", () => {
    expect(bashC('n="My Web"; echo ${n~~} ${n~}').stdout).toBe("mY wEB my Web\n");
    expect(bashC('a=(one two); echo "${a[@]/o/0}"; printf "<%s>" "${a[@]^^}"').stdout).toBe("0ne tw0\n<ONE><TWO>");
  });

  it("takes declare -u/-l's case and local -r's read-only name, which ends with the function", () => {
    expect(bashC("declare -u up=web; declare -l lo=WEB; echo $up $lo").stdout).toBe("WEB web\n");
    const r = bashC('f() { local -r k=1; echo "in $k"; }; f; k=2; echo "out $k"');
    expect(shown(r)).toBe("in 1\nout 2\n");
  });

  it("skips lines with mapfile -s and stops after -n", () => {
    expect(bashC('mapfile -t -n 2 a < <(seq 5); mapfile -t -s 3 b < <(seq 5); echo "${a[@]} / ${b[@]}"').stdout).toBe(
      "1 2 / 4 5\n",
    );
  });

  it("quotes with printf %q as bash reads words back", () => {
    expect(bashC(`printf '%q\\n' 'a b' "it's" '$x' '' '#a' 'a#' $'a\\tb'`).stdout).toBe(
      "a\\ b\nit\\'s\n\\$x\n''\n\\#a\na#\n$'a\\tb'\n",
    );
  });
});

describe("set -e where bash does not act (oracle cx08)", () => {
  it("runs a function or a group tested by || to its end", () => {
    expect(
      bashC("set -e; f() { false; echo in f; }; f || echo failed; { false; echo group; } || echo no; echo end").stdout,
    ).toBe("in f\ngroup\nend\n");
    expect(bashC("set -e; f() { false; echo in f; }; f; echo end").exitCode).toBe(1);
  });
});

describe("set -x's lines as bash writes them (oracle cx02)", () => {
  it("adds a + for each command substitution, and shows loops, case, arrays and tests as bash does", () => {
    const r = bashC(
      'set -x; x=$(echo $(echo in)); arr=(a "b c"); for i in "a b" c; do :; done; case "x y" in *) ;; esac; [[ -n $y && -z "a" ]]; n=3; (( n > $n )); y=""',
    );
    expect(r.stderr).toBe(
      '+++ echo in\n++ echo in\n+ x=in\n+ arr=(a "b c")\n+ for i in "a b" c\n+ :\n+ for i in "a b" c\n+ :\n' +
        "+ case \"x y\" in\n+ [[ -n '' ]]\n+ n=3\n+ ((  n > 3  ))\n+ y=\n",
    );
  });

  it("traces a bash -x -c line", () => {
    expect(bashC("bash -x -c 'echo $((2+3))'").stderr).toBe("+ echo 5\n");
  });
});

describe("return in a sourced file, getopts under OPTERR=0 (oracle cx03, cx09)", () => {
  it("ends a sourced file with return's status", () => {
    expect(shown(bashC("printf 'return 3\\necho after\\n' > /tmp/r.sh; . /tmp/r.sh; echo rc=$?"))).toBe("rc=3\n");
  });

  it("keeps bash's getopts quiet under OPTERR=0, not dash's", () => {
    expect(shown(bashC(`bash -c 'OPTERR=0; getopts a o -b; echo "[$o] $?"'`))).toBe("[?] 0\n");
    expect(shown(bashC(`sh -c 'OPTERR=0; getopts a o -b; echo "[$o] $?"'`))).toBe("Illegal option -b\n[?] 0\n");
  });
});

describe("traps a check script sets (oracle cx05)", () => {
  it("runs ERR's action where set -e would act, not inside functions, with $LINENO", () => {
    const r = bashC(`trap 'echo err at $LINENO' ERR; false; f() { false; return 3; }; f; false || true; echo end`);
    expect(r.stdout).toBe("err at 1\nerr at 1\nend\n");
  });

  it("runs a subshell's own EXIT trap as it ends, and RETURN's as the function returns", () => {
    expect(bashC("trap 'echo outer' EXIT; ( trap 'echo inner' EXIT; echo sub ); echo main").stdout).toBe(
      "sub\ninner\nmain\nouter\n",
    );
    expect(bashC("f() { trap 'echo ret' RETURN; echo in; }; f; echo out").stdout).toBe("in\nret\nout\n");
  });

  it("lists the signals with trap -l", () => {
    expect(bashC("trap -l").stdout.split("\n")[0]).toBe(" 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP");
  });
});

describe("commands put in the background (oracle cx10)", () => {
  it("names the last one in $! and hands its status to wait PID, wait -n 127 when none is left", () => {
    const r = bashC(
      'false & p=$!; (exit 4) & q=$!; wait $p; echo "p $?"; wait $q; echo "q $?"; wait $p; echo "again $?"; true & wait; echo "all $?"; wait -n; echo "n $?"',
    );
    expect(r.stdout).toBe("p 1\nq 4\nagain 1\nall 0\nn 127\n");
  });
});

describe("hash's table (oracle cx09)", () => {
  it("enters a program with hash NAME, counts -t's look, forgets with -r, and starts empty in a child bash", () => {
    expect(shown(bashC("hash curl; hash -t curl; hash; bash -c hash; hash -r; hash"))).toBe(
      "/usr/bin/curl\nhits\tcommand\n   1\t/usr/bin/curl\nhash: hash table empty\nhash: hash table empty\n",
    );
  });
});
