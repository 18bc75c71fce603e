import { describe, expect, it } from "vitest";
import { evalArith } from "../../../../src/sim/shell/arith.ts";
import { expandBraces } from "../../../../src/sim/shell/braces.ts";
import { removeAffix, replacePattern } from "../../../../src/sim/shell/pattern.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld } from "../../../../src/sim/world.ts";

/** A line as the oracle runs host lines: `bash -c`, no terminal. */
const bashC = (line: string) => runLine(createWorld(1), { machine: "host", shell: "bash-c", noTty: true }, line);
const shown = (r: ReturnType<typeof bashC>) => (r.output ? r.output.map((c) => c.text).join("") : r.stdout + r.stderr);

describe("bash's parameter operators", () => {
  it("removes prefixes and suffixes by pattern, shortest and longest", () => {
    const p = [{ text: "*.", quoted: false }];
    expect(removeAffix("172.17.0.2", p, "#")).toBe("17.0.2");
    expect(removeAffix("172.17.0.2", p, "##")).toBe("2");
    expect(removeAffix("172.17.0.2", [{ text: ".*", quoted: false }], "%")).toBe("172.17.0");
    expect(removeAffix("172.17.0.2", [{ text: ".*", quoted: false }], "%%")).toBe("172");
    expect(replacePattern("a.b.c", [{ text: ".", quoted: false }], "-", "//")).toBe("a-b-c");
  });

  it("expands them in a command, as bash 5.2 prints them", () => {
    expect(
      bashC('ip=172.17.0.2; echo "${ip%.*}.0/16 ${ip##*.} ${#ip} ${ip//./-} ${ip/172/10} ${ip:0:6} ${ip: -2}"').stdout,
    ).toBe("172.17.0.0/16 2 10 172-17-0-2 10.17.0.2 172.17 .2\n");
    expect(bashC("n=web; echo ${n^^} ${n#w} ${u:=set} $u ${n:+yes}").stdout).toBe("WEB eb set set yes\n");
  });

  it("ends the shell on ${V?} with status 127, and on an arithmetic error with 1", () => {
    const r = bashC('echo "${nope?is unset}"; echo not-here');
    expect(shown(r)).toBe("bash: line 1: nope: is unset\n");
    expect(r.exitCode).toBe(127);
    const d = bashC("echo $((1/0)); echo rc=$?");
    expect(shown(d)).toBe('bash: line 1: 1/0: division by 0 (error token is "0")\n');
    expect(d.exitCode).toBe(1);
  });
});

describe("bash's arithmetic", () => {
  const env = (vars: Record<string, string> = {}) => ({
    lookup: (n: string) => vars[n],
    assign: (n: string, v: string) => void (vars[n] = v),
  });
  it("has C's operators, ** and 64-bit wrap-around", () => {
    const v = (s: string) =>
      "value" in evalArith(s, env()) ? String((evalArith(s, env()) as { value: bigint }).value) : "error";
    expect(v("2 ** 10")).toBe("1024");
    expect(v("(1+2)*3 % 4")).toBe("1");
    expect(v("1 << 4 | 1")).toBe("17");
    expect(v("5 > 3 ? 7 : 9")).toBe("7");
    expect(v("0x10 + 010 + 2#101")).toBe("29");
    expect(v("9223372036854775807 + 1")).toBe("-9223372036854775808");
  });
  it("assigns, and words its errors as bash does", () => {
    const vars: Record<string, string> = { x: "5" };
    evalArith("x++, y = x * 2", env(vars));
    expect(vars).toEqual({ x: "6", y: "12" });
    expect(evalArith(" x + ", env())).toEqual({ error: 'x + : syntax error: operand expected (error token is "+ ")' });
  });
});

describe("bash's compound forms", () => {
  it("runs functions with their arguments, return and local", () => {
    expect(shown(bashC('f() { echo "arg1=$1 n=$#"; return 3; }; f a b; echo "rc=$?"'))).toBe("arg1=a n=2\nrc=3\n");
    expect(shown(bashC('f() { local v=inner; echo $v; }; v=outer; f; echo "[$v]"'))).toBe("inner\n[outer]\n");
    expect(shown(bashC("return 1; echo $?"))).toBe(
      "bash: line 1: return: can only `return' from a function or sourced script\n2\n",
    );
  });
  it("bounds a function that calls itself forever", () => {
    const r = bashC("f() { f; }; f; echo after");
    expect(r.stdout).toBe("after\n");
    expect(r.stderr).toContain("nesting");
  });
  it("matches case patterns, [[ ]] patterns and regular expressions", () => {
    expect(bashC("case 10.88.0.4 in 10.*|192.168.*) echo private;; *) echo public;; esac").stdout).toBe("private\n");
    expect(bashC('[[ abc == a* ]] && echo glob; [[ abc == "a*" ]] || echo literal').stdout).toBe("glob\nliteral\n");
    expect(bashC("[[ web =~ ^w(e)b$ ]] && echo $BASH_REMATCH").stdout).toBe("web\n");
  });
  it("keeps a subshell's changes to itself", () => {
    expect(shown(bashC('( X=1; cd /etc; exit 4 ); echo "$? [$X]"; pwd'))).toBe("4 []\n/root\n");
  });
  it("runs (( )), for (( )) and brace expansion, with the loops' one bound", () => {
    expect(bashC("x=5; (( x++ )); echo $x; (( 0 )); echo $?").stdout).toBe("6\n1\n");
    expect(bashC("for ((i=0; i<3; i++)); do echo $i; done").stdout).toBe("0\n1\n2\n");
    expect(bashC("for ((;;)); do :; done").stderr).toContain("loop stopped");
    expect(bashC("echo {a,b}.txt {1..3} {01..03} x{,y}").stdout).toBe("a.txt b.txt 1 2 3 01 02 03 x xy\n");
    expect(expandBraces([{ k: "lit", v: "{1..100000}", q: false }], 50)).toHaveLength(50);
  });
  it("stops at the first failure under set -e, and traces under set -x", () => {
    expect(shown(bashC("set -e; false || echo rescued; if false; then :; fi; false; echo never"))).toBe("rescued\n");
    expect(shown(bashC('set -x; echo traced "a b"; set +x'))).toBe("+ echo traced 'a b'\ntraced a b\n+ set +x\n");
  });
  it("reads here-strings and process substitutions with their expansions", () => {
    expect(bashC('s="a,b,c"; IFS=, read -r p q r <<< "$s"; echo $q').stdout).toBe("b\n");
    expect(bashC("while read -r l; do echo [$l]; done < <(printf 'x\\ny\\n')").stdout).toBe("[x]\n[y]\n");
    expect(bashC("echo $'tab\\there'").stdout).toBe("tab\there\n");
    // An argument `<(…)` is a pipe the command opens by name, numbered down from 63, and gone afterwards.
    expect(bashC("echo <(true) <(true)").stdout).toBe("/dev/fd/63 /dev/fd/62\n");
    expect(bashC("diff <(printf 'a\\nb\\n') <(printf 'a\\n')").stdout).toBe("2d1\n< b\n");
    expect(bashC("cat <(echo one) <(echo two); cat /dev/fd/63").stdout).toBe("one\ntwo\n");
  });
  it("keeps indexed arrays", () => {
    expect(
      bashC(
        'a=(web nginx 2024); a+=(x); a[9]=z; echo ${a[1]} ${#a[@]} ${a[-1]} ${!a[@]}; for n in "${a[@]:1:2}"; do echo "[$n]"; done',
      ).stdout,
    ).toBe("nginx 5 z 0 1 2 3 9\n[nginx]\n[2024]\n");
  });
});

describe("expansions inside arithmetic, let and eval", () => {
  it("expands parameters and substitutions before evaluating", () => {
    expect(bashC("n=3; echo $(( $(echo 4) + $n * ${n} ))").stdout).toBe("13\n");
    expect(bashC("n=3; for ((i=1; i<=$n; i++)); do printf '%s ' $i; done").stdout).toBe("1 2 3 ");
  });
  it("runs let and eval as bash's builtins", () => {
    expect(bashC("let i=2+3 j=i*2; echo $i $j; let 0; echo $?").stdout).toBe("5 10\n1\n");
    expect(bashC("cmd='echo hi there'; eval $cmd").stdout).toBe("hi there\n");
  });
});

describe("the nginx image's sh (busybox ash)", () => {
  it("refuses bash's here-strings", () => {
    const r = runLine(createWorld(1), { machine: "host", shell: "sh", noTty: true }, "read a b <<< 'x y'");
    expect(r.stderr).toBe("sh: syntax error: unexpected redirection\n");
    expect(r.exitCode).toBe(2);
  });
});
