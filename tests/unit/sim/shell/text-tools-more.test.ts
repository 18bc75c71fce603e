import { describe, expect, it } from "vitest";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld } from "../../../../src/sim/world.ts";

const host = (line: string) => runLine(createWorld(1), { machine: "host", shell: "bash-c", noTty: true }, line);
const shown = (r: ReturnType<typeof host>) => (r.output ? r.output.map((c) => c.text).join("") : r.stdout + r.stderr);

describe("GNU sed 4.9's blocks, hold space and branches", () => {
  it("joins lines with N, reverses with the hold space, runs { } blocks", () => {
    expect(host("printf 'a\\nb\\nc\\n' | sed 'N;s/\\n/ /'").stdout).toBe("a b\nc\n");
    expect(host("printf 'a\\nb\\nc\\n' | sed -n '1!G;h;$p'").stdout).toBe("c\nb\na\n");
    expect(host("sed -n '2{p;q}' /etc/passwd").stdout).toBe("daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n");
    expect(host("printf 'x  y   z\\n' | sed -e ':a;s/  / /;ta'").stdout).toBe("x y z\n");
    expect(host("printf 'a\\nb\\n' | sed '/a/a after'").stdout).toBe("a\nafter\nb\n");
  });
  it("words its errors as GNU sed does, with its statuses", () => {
    expect(shown(host("echo a | sed '}'"))).toBe("sed: -e expression #1, char 1: unexpected `}'\n");
    expect(shown(host("echo a | sed '1{'"))).toBe("sed: -e expression #1, char 0: unmatched `{'\n");
    const r = host("echo a | sed 'b nolabel'");
    expect(r.stderr).toBe("sed: can't find label for jump to `nolabel'\n");
    expect(r.exitCode).toBe(4);
  });
  it("reads \\t inside a bracket as a tab, as GNU sed's escapes come before the regex (oracle ld09)", () => {
    expect(host("printf 'Up Less than a second\\tz\\n' | sed 's/Up [^\\t]*/Up/'").stdout).toBe("Up\tz\n");
    expect(host("printf 'a\\\\b\\n' | sed 's/[\\\\]/S/'").stdout).toBe("aSb\n");
  });
  it("stops a branch loop with no way out at its bound", () => {
    expect(host("echo a | sed ':a;ba'").stdout).toContain("[lab: sed stopped after");
  });
});

describe("GNU grep's context and file options", () => {
  it("prints context with -A -B -C, groups parted by --", () => {
    expect(host("printf 'a\\nb\\nc\\nd\\ne\\nf\\ng\\n' | grep -A1 -e b -e f").stdout).toBe("b\nc\n--\nf\ng\n");
    expect(host("printf 'a\\nb\\nc\\nd\\ne\\n' | grep -n -C1 c").stdout).toBe("2-b\n3:c\n4-d\n");
  });
  it("names files with -l and -L, and reads -P's \\K", () => {
    expect(host("grep -l root /etc/passwd /etc/hosts").stdout).toBe("/etc/passwd\n");
    expect(host("grep -L root /etc/passwd /etc/hosts").stdout).toBe("/etc/hosts\n");
    expect(host("echo 'inet 10.0.0.1/8' | grep -oP 'inet \\K[\\d.]+'").stdout).toBe("10.0.0.1\n");
  });
  it("cut --complement keeps the other fields", () => {
    expect(host("echo a:b:c:d | cut -d: -f2 --complement").stdout).toBe("a:c:d\n");
  });
});

describe("mawk's functions and getline", () => {
  it("calls user functions, arrays by reference, recursion bounded", () => {
    expect(host("awk 'function dbl(n) { return n*2 } BEGIN { print dbl(21) }'").stdout).toBe("42\n");
    expect(
      host('awk \'function fill(a) { a["x"] = 1; a["y"] = 2 } BEGIN { fill(t); for (k in t) n++; print n }\'').stdout,
    ).toBe("2\n");
    expect(host("awk 'function f(n) { return f(n + 1) } BEGIN { f(1) }'").stderr).toContain("call depth of 200");
  });
  it("reads with getline from the input, a file and a command", () => {
    expect(host("printf 'k1\\nv1\\nk2\\nv2\\n' | awk '{ key = $0; getline val; print key \"=\" val }'").stdout).toBe(
      "k1=v1\nk2=v2\n",
    );
    expect(
      host('awk \'BEGIN { while ((getline l < "/etc/hostname") > 0) n++; print n; print (getline x < "/nosuch") }\'')
        .stdout,
    ).toBe("1\n-1\n");
    expect(host("echo x | awk '{ \"echo 2024\" | getline y; print y + 1 }'").stdout).toBe("2025\n");
  });
  it("prints a number as a character with %c, and mawk's substr", () => {
    expect(host('awk \'BEGIN { printf "%c%c|%c\\n", 72, 105, "xyz" }\'').stdout).toBe("Hi|x\n");
    expect(host('awk \'BEGIN { print substr("hello", 0, 2), substr("hello", -1, 3) }\'').stdout).toBe("he hell\n");
  });
});
