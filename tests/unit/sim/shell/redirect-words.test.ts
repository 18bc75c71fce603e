/** A dup redirection's word that is no number, `${V@op}`, BASH_VERSINFO and `local -i`, as bash 5.2 has them (oracle ld12). */
import { describe, expect, it } from "vitest";
import { runLine } from "../../../../src/sim/shell/run.ts";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { createWorld } from "../../../../src/sim/world.ts";

const HOST: Session = { machine: "host", noTty: true, shell: "bash-c" };
const out = (line: string) => runLine(createWorld(1), HOST, line);

describe("a dup redirection whose word is not a descriptor", () => {
  it("is an ambiguous redirect for stdin, stderr and descriptors above 2, and the command does not run", () => {
    for (const line of ["cat <&foo; echo rc=$?", "echo hi 2>&foo; echo rc=$?", "echo hi 3>&foo; echo rc=$?"]) {
      const r = out(`cd /tmp; ${line}`);
      expect([r.stdout, r.stderr]).toEqual(["rc=1\n", "bash: line 1: foo: ambiguous redirect\n"]);
    }
  });

  it("names a file for stdout's bare >&, which takes stderr too", () => {
    expect(out("cd /tmp; ls nothere >&out; echo rc=$?; cat out").stdout).toBe(
      "rc=2\nls: cannot access 'nothere': No such file or directory\n",
    );
  });
});

describe("bash's own words", () => {
  it("quotes, upper- and lower-cases with ${V@op}", () => {
    expect(out(`x="a b'c"; echo \${x@Q}`).stdout).toBe(`'a b'\\''c'\n`);
    expect(out("y=plain; echo ${y@Q} ${y@U} ${y@L} ${y@u}").stdout).toBe("'plain' PLAIN plain Plain\n");
    expect(out("y=$'a\\tb'; echo ${y@Q}").stdout).toBe("$'a\\tb'\n");
    expect(out("echo ${y@Z}").stderr).toBe("bash: ${y@Z}: bad substitution\n");
  });

  it("has BASH_VERSINFO as an array", () => {
    expect(out("echo ${BASH_VERSINFO[0]} ${BASH_VERSINFO[1]} ${#BASH_VERSINFO[@]} ${BASH_VERSINFO[5]}").stdout).toBe(
      "5 2 6 x86_64-pc-linux-gnu\n",
    );
  });

  it("takes local -i as arithmetic, for the function only", () => {
    expect(out("f() { local -i n=2+3; echo $n; n=n*2; echo $n; }; f; n=1+1; echo $n").stdout).toBe("5\n10\n1+1\n");
  });
});

describe("arrays given to declaration builtins", () => {
  it("takes declare -A's keyed elements and declare -a's words", () => {
    expect(out("declare -A port=([web]=2024 [db]=5432); echo ${port[web]} ${port[db]} ${#port[@]}").stdout).toBe(
      "2024 5432 2\n",
    );
    expect(out("declare -a arr=(one two three); echo ${arr[1]} ${#arr[@]}").stdout).toBe("two 3\n");
    expect(out("declare -A e=(); echo ${#e[@]}").stdout).toBe("0\n");
  });

  it("keeps a local array to its function", () => {
    expect(out('f() { local list=(a b c); echo ${#list[@]}; }; f; echo "after: ${#list[@]}"').stdout).toBe(
      "3\nafter: 0\n",
    );
  });

  it("goes on from a keyed element's index in an indexed array", () => {
    expect(out("a=([3]=x y); echo ${!a[@]} ${a[4]}").stdout).toBe("3 4 y\n");
  });
});

describe("a read-only array", () => {
  it("refuses an element's assignment as it refuses the name's, ending bash -c", () => {
    const r = out("readonly -a ro=(1 2); echo ${ro[1]}; ro[0]=5; echo rc=$?");
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(["2\n", "bash: line 1: ro: readonly variable\n", 1]);
  });
});
