import { describe, expect, it } from "vitest";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld } from "../../../../src/sim/world.ts";

/** A line as the oracle runs host lines: `bash -c`, no terminal. */
const bashC = (line: string) => runLine(createWorld(1), { machine: "host", shell: "bash-c", noTty: true }, line);
const shown = (r: ReturnType<typeof bashC>) => (r.output ? r.output.map((c) => c.text).join("") : r.stdout + r.stderr);

describe("bash's functions and parameters in a learner's loops (oracle cq03, cq04, cq05)", () => {
  it("runs `for NAME; do` over the positional parameters", () => {
    expect(bashC('f() { local c; for c; do echo "[$c]"; done; }; f a "b c"').stdout).toBe("[a]\n[b c]\n");
  });

  it("names the running functions in FUNCNAME and counts the parameters in ${#@}", () => {
    const r = bashC(
      'show() { echo "$FUNCNAME ${#@} ${#*}"; in; }; in() { echo "${FUNCNAME[@]}"; }; show 1 2 3; echo "[$FUNCNAME]"',
    );
    expect(r.stdout).toBe("show 3 3\nin show\n[]\n");
  });

  it("fills BASH_REMATCH with the groups of a =~ match", () => {
    const r = bashC(
      '[[ 172.17.0.2 =~ ^([0-9]+)\\.([0-9]+) ]] && echo "${BASH_REMATCH[0]} ${BASH_REMATCH[1]} ${BASH_REMATCH[2]} ${#BASH_REMATCH[@]}"',
    );
    expect(r.stdout).toBe("172.17 172 17 3\n");
  });

  it("reads a subscript that holds brackets of its own, and $'…' inside ${V%%…}", () => {
    expect(bashC('a=(x y z); echo "${a[${#a[@]}-1]}"').stdout).toBe("z\n");
    expect(bashC("p=$'a:1\\nb:2'; echo \"${p%%$'\\n'*}\"").stdout).toBe("a:1\n");
  });

  it("compares strings with < and > in [ ]", () => {
    expect(bashC("[ abc \\< abd ] && echo less; [ b \\> a ] && echo more; [ b \\< a ] || echo no").stdout).toBe(
      "less\nmore\nno\n",
    );
  });

  it("sets BASH_VERSION in bash, not in dash", () => {
    expect(bashC('echo "$BASH_VERSION"; sh -c \'echo "[$BASH_VERSION]"\'').stdout).toBe("5.2.15(1)-release\n[]\n");
  });
});

describe("dash, the host's sh, refuses bash's forms (oracle cq09)", () => {
  it("has no arrays, no function keyword and no here-strings: its syntax errors", () => {
    expect(shown(bashC("sh -c 'a=(1 2); echo ${a[0]}'; echo rc=$?"))).toBe(
      'sh: 1: Syntax error: "(" unexpected\nrc=2\n',
    );
    expect(shown(bashC("sh -c 'function f { echo hi; }; f'; echo rc=$?"))).toBe(
      'sh: 1: Syntax error: "}" unexpected\nrc=2\n',
    );
    expect(shown(bashC("sh -c 'cat <<< here'; echo rc=$?"))).toBe(
      "sh: 1: Syntax error: redirection unexpected\nrc=2\n",
    );
  });

  it("ends on a substitution or an operator it lacks", () => {
    expect(shown(bashC("sh -c 's=abc; echo ${#s}; echo ${s:1:2}; echo no'; echo rc=$?"))).toBe(
      "3\nsh: 1: Bad substitution\nrc=2\n",
    );
    expect(shown(bashC("sh -c 'echo $((2**3))'; echo rc=$?"))).toBe(
      'sh: 1: arithmetic expression: expecting primary: "2**3"\nrc=2\n',
    );
    expect(shown(bashC("sh -c 'f() { :; }; local x=1; echo after'; echo rc=$?"))).toBe(
      "sh: 1: local: not in a function\nrc=2\n",
    );
  });

  it("has no $RANDOM", () => {
    expect(bashC("sh -c 'echo \"[$RANDOM]\"'").stdout).toBe("[]\n");
  });

  it("words test's errors its own way, and has no ==", () => {
    const cases: [string, string][] = [
      ["[ 1 -eq a ]", "sh: 1: [: Illegal number: a\n"],
      ["[ 5 == 5 ]", "sh: 1: [: 5: unexpected operator\n"],
      ["[ 1 = ]", "sh: 1: [: =: argument expected\n"],
      ["[ -n x y ]", "sh: 1: [: x: unexpected operator\n"],
      ["[ a -a b c ]", "sh: 1: [: b: unexpected operator\n"],
      ["test 5 -gt", "sh: 1: test: -gt: argument expected\n"],
      ["[ 1 -eq 1", "sh: 1: [: missing ]\n"],
    ];
    for (const [c, want] of cases) {
      const r = bashC(`sh -c '${c}'`);
      expect(shown(r)).toBe(want);
      expect(r.exitCode).toBe(2);
    }
    expect(bashC("sh -c 'test a \\< b && echo lt'").stdout).toBe("lt\n");
  });
});

describe("functions shown, arrays unset and associative (oracle cq03, cq05, cq08)", () => {
  it("prints a function with declare -f and type as bash lays it out", () => {
    expect(bashC("declare -f f || echo none; f() { echo hi; }; declare -f f; type f").stdout).toBe(
      "none\nf () \n{ \n    echo hi\n}\nf is a function\nf () \n{ \n    echo hi\n}\n",
    );
    expect(bashC("f() { echo a; echo b; }; declare -F f; type -t f").stdout).toBe("f\nfunction\n");
    expect(bashC("f() { echo a; echo b; }; declare -f f").stdout).toBe("f () \n{ \n    echo a;\n    echo b\n}\n");
  });

  it("unsets one element, a whole array, a function", () => {
    expect(
      bashC('a=(web db cache proxy); unset \'a[1]\'; echo "${a[@]} ${#a[@]} ${!a[*]}"; unset a; echo "[${a[@]}]"')
        .stdout,
    ).toBe("web cache proxy 3 0 2 3\n[]\n");
    expect(shown(bashC("f() { :; }; unset -f f; f"))).toBe("bash: line 1: f: command not found\n");
  });

  it("keeps an associative array's string keys, set with an expanded subscript", () => {
    const r = bashC(
      'declare -A ip; for c in web db; do ip[$c]=$(echo v$c); done; printf "%s\\n" "${!ip[@]}" | sort; echo "${ip[web]} ${ip[db]} ${#ip[@]}"; unset \'ip[web]\'; echo "${!ip[@]}"',
    );
    expect(r.stdout).toBe("db\nweb\nvweb vdb 2\ndb\n");
  });

  it("words set -u's complaint with bash -c's line, and dash names $2 as 2", () => {
    const r = bashC('bash -c \'set -u; echo "$NOPE"; echo after\'; echo "rc=$?"');
    expect(shown(r)).toBe("bash: line 1: NOPE: unbound variable\nrc=127\n");
    const d = bashC("printf 'set -u\\necho \"$2\"\\n' > /tmp/u.sh; sh /tmp/u.sh a; echo rc=$?");
    expect(shown(d)).toBe("/tmp/u.sh: 2: 2: parameter not set\nrc=2\n");
  });
});

describe("idioms copied into scripts (oracle cq12)", () => {
  it("reads fields into an array with read -a, split on IFS", () => {
    expect(
      bashC('IFS=, read -ra n <<< "web,db,"; echo "${#n[@]} ${n[1]}"; read -ra e <<< ""; echo ${#e[@]}').stdout,
    ).toBe("2 db\n0\n");
  });

  it('joins "$*" and "${a[*]}" with IFS\'s first character', () => {
    expect(bashC('set -- web db; IFS=,; echo "$*"; echo "$@"; a=(1 2); echo "${a[*]}"').stdout).toBe(
      "web,db\nweb db\n1,2\n",
    );
  });

  it("prints into a variable with printf -v, and refuses it without a name", () => {
    const r = bashC("printf -v line '%-5s|%s' web up; echo \"[$line]\"; printf -v; echo rc=$?");
    expect(shown(r)).toBe(
      "[web  |up]\nbash: line 1: printf: -v: option requires an argument\nprintf: usage: printf [-v var] format [arguments]\nrc=2\n",
    );
  });

  it("keeps each command's status of the last pipeline in PIPESTATUS", () => {
    expect(bashC('false | true | (exit 3); echo "${PIPESTATUS[*]} $?"; echo "${PIPESTATUS[@]}"').stdout).toBe(
      "1 0 3 3\n0\n",
    );
  });

  it("takes what is assigned to a declare -i name as arithmetic", () => {
    expect(bashC('declare -i k=5; k+=3; echo $k; k="2*4"; echo $k; declare -i j; j=abc; echo "[$j]"').stdout).toBe(
      "8\n8\n[0]\n",
    );
  });

  it("lays loops, ifs and cases out over lines in declare -f", () => {
    const r = bashC(
      'f() { for c in "$@"; do echo "$c" 2>&1; done; if t; then e; else h; fi; case $1 in a|b) one;; esac; }; declare -f f',
    );
    expect(r.stdout).toBe(
      'f () \n{ \n    for c in "$@";\n    do\n        echo "$c" 2>&1;\n    done;\n    if t; then\n        e;\n    else\n        h;\n    fi;\n    case $1 in \n        a | b)\n            one\n        ;;\n    esac\n}\n',
    );
  });
});

describe("word splitting on IFS (oracle cq13)", () => {
  it("splits on a character set by hand, keeping empty fields between two of them", () => {
    expect(bashC('IFS=,; list=web,db; for n in $list; do echo "<$n>"; done').stdout).toBe("<web>\n<db>\n");
    expect(
      bashC('IFS=:; set -- $(echo "a:b::c"); echo "$#"; IFS=:; set -- $(echo ":a:b:"); echo "$# [$1]"').stdout,
    ).toBe("4\n3 []\n");
    expect(bashC('IFS=.; ip=172.17.0.3; set -- $ip; echo "$# $4"; echo $ip; unset IFS; echo $ip').stdout).toBe(
      "4 3\n172 17 0 3\n172.17.0.3\n",
    );
  });

  it("takes whitespace around another IFS character as one separator, and IFS empty as no splitting", () => {
    expect(bashC('IFS=" ,"; s="web, db ,cache"; for w in $s; do echo "[$w]"; done').stdout).toBe(
      "[web]\n[db]\n[cache]\n",
    );
    expect(bashC('IFS=; s="a b"; for w in $s; do echo "[$w]"; done; v=; for w in $v; do echo never; done').stdout).toBe(
      "[a b]\n",
    );
    expect(bashC("IFS=$'\\n'; for l in $(printf 'a b\\nc d\\n'); do echo \"[$l]\"; done").stdout).toBe(
      "[a b]\n[c d]\n",
    );
  });
});
