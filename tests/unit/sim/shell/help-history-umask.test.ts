import { describe, expect, it } from "vitest";
import { applyCommand, HOST_SESSION, type Session } from "../../../../src/sim/index.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";

const BASH_C: Session = { machine: "host", noTty: true, shell: "bash-c" };

/** Lines typed one after another at the lab's terminal, as the page sends them. */
function typed(lines: readonly string[], world: World = createWorld(1), session: Session = HOST_SESSION) {
  let w = world;
  let s = session;
  let last = applyCommand(w, "", s);
  for (const l of lines) {
    last = applyCommand(w, l, s);
    w = last.world;
    s = last.session;
  }
  return last;
}

describe("help", () => {
  it("matches a topic by name or glob first, by prefix only when nothing matched whole", () => {
    const w = createWorld(1);
    expect(runLine(w, BASH_C, "help -s e").stdout.split("\n")[0]).toBe("echo: echo [-neE] [arg ...]");
    expect(runLine(w, BASH_C, "help -s e").stdout.split("\n")).toHaveLength(7);
    // `help read` is `read` alone, not readarray and readonly too.
    expect(runLine(w, BASH_C, "help -d read").stdout).toBe(
      "read - Read a line from the standard input and split it into fields.\n",
    );
    expect(runLine(w, BASH_C, "help -s 'ec*'").stdout).toBe(
      "Shell commands matching keyword `ec*'\n\necho: echo [-neE] [arg ...]\n",
    );
  });

  it("fails only when no pattern matched, naming the last one", () => {
    const w = createWorld(1);
    expect(runLine(w, BASH_C, "help -d nosuch cd").exitCode).toBe(0);
    const r = runLine(w, BASH_C, "help nosuch other");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain("no help topics match `other'");
  });

  it("is busybox's list in a container's sh, and the bash list in its bash", () => {
    const w = runLine(createWorld(1), HOST_SESSION, "docker run -d --name web nginx").world;
    expect(runLine(w, { machine: "web", shell: "sh", noTty: true }, "help").stdout).toMatch(/^Built-in commands:\n/);
  });
});

describe("umask", () => {
  it("keeps the mask in the shell: set in octal or symbolically, printed as octal or permissions", () => {
    const r = typed(["umask 027", "umask g+w,o=r"]);
    expect(applyCommand(r.world, "umask", r.session).stdout).toBe("0003\n");
    expect(applyCommand(r.world, "umask -S", r.session).stdout).toBe("u=rwx,g=rwx,o=r\n");
    expect(applyCommand(r.world, "umask -p", r.session).stdout).toBe("umask 0003\n");
    // A new shell starts with 022 again.
    expect(applyCommand(r.world, "umask", HOST_SESSION).stdout).toBe("0022\n");
  });

  it("refuses bad modes in bash's and busybox's words", () => {
    const w = runLine(createWorld(1), HOST_SESSION, "docker run -d --name web nginx").world;
    expect(runLine(w, BASH_C, "umask u*r").stderr).toBe("bash: line 1: umask: `*': invalid symbolic mode operator\n");
    expect(runLine(w, BASH_C, "umask u+z").stderr).toBe("bash: line 1: umask: `z': invalid symbolic mode character\n");
    const bb = runLine(w, { machine: "web", shell: "sh", noTty: true }, "umask 8");
    expect([bb.stderr, bb.exitCode]).toEqual(["sh: umask: line 0: illegal mode: 8\n", 2]);
  });
});

describe("history", () => {
  it("lists an interactive shell's lines, this one included, as bash numbers them", () => {
    const r = typed(["docker run -d --name web nginx", "echo hi", "history"]);
    expect(r.stdout).toBe("    1  docker run -d --name web nginx\n    2  echo hi\n    3  history\n");
    expect(typed(["echo a", "echo b", "history 2"]).stdout).toBe("    2  echo b\n    3  history 2\n");
  });

  it("clears with -c and deletes one line with -d", () => {
    expect(typed(["echo a", "history -c", "history"]).stdout).toBe("    1  history\n");
    expect(typed(["echo a", "echo b", "history -d 2", "history"]).stdout).toBe(
      "    1  echo a\n    2  history -d 2\n    3  history\n",
    );
    expect(typed(["history -d 99"]).stderr).toBe("bash: history: 99: history position out of range\n");
  });

  it("is the shell's own: a container's shell starts empty and numbers from 0 in busybox", () => {
    const w = runLine(createWorld(1), HOST_SESSION, "docker run -d --name web nginx").world;
    const inside = typed(["docker exec -it web sh", "echo in", "history"], w);
    expect(inside.stdout).toBe("   0 echo in\n   1 history\n");
    const back = typed(["exit", "history"], inside.world, inside.session);
    expect(back.stdout).toContain("  docker exec -it web sh\n");
    expect(back.stdout).not.toContain("echo in");
  });

  it("keeps bash's 500 lines, and nothing in a shell reading -c", () => {
    const many = typed(Array.from({ length: 510 }, (_, i) => `echo ${i}`).concat("history 1"));
    expect(many.session.history).toHaveLength(500);
    expect(many.stdout).toBe("  500  history 1\n");
    expect(runLine(createWorld(1), BASH_C, "history").stdout).toBe("");
    expect(typed(["echo a", "bash -c history"]).stdout).toBe("");
  });
});

describe("$RANDOM", () => {
  it("draws 0-32767 from the world's seeded source: two in one line differ, a replay repeats them", () => {
    const a = runLine(createWorld(7), BASH_C, 'echo "$RANDOM $RANDOM"');
    const [x, y] = a.stdout.trim().split(" ").map(Number);
    expect(x).toBeGreaterThanOrEqual(0);
    expect(y).toBeLessThanOrEqual(32767);
    expect(x).not.toBe(y);
    expect(runLine(createWorld(7), BASH_C, 'echo "$RANDOM $RANDOM"').stdout).toBe(a.stdout);
    expect(runLine(a.world, BASH_C, "echo $RANDOM").stdout).not.toBe(`${x}\n`);
  });
});
