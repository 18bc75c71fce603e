/**
 * `exec` as bash and busybox sh run it (oracle, probes of round 31): with a command it
 * takes the shell's place, so the list ends there; with redirections alone they become the
 * shell's own; a failed one ends busybox sh (a special builtin) but not bash.
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type Session, type World } from "../../../../src/sim/index.ts";

const HOST: Session = { machine: "host", noTty: true, shell: "bash-c" };

function withContainer(): World {
  return applyCommand(createWorld(5), "docker run -d --name dd nginx", HOST).world;
}

describe("exec", () => {
  it("ends the list with the command that replaced the shell", () => {
    const w = createWorld(5);
    expect(applyCommand(w, "exec echo hi; echo after", HOST).stdout).toBe("hi\n");
    expect(applyCommand(w, "echo $(exec echo sub; echo no) next", HOST).stdout).toBe("sub next\n");
  });

  it("keeps a descriptor for the commands after it", () => {
    const r = applyCommand(withContainer(), "docker exec dd sh -c 'exec 3>/tmp/x; echo in >&3; cat /tmp/x'", HOST);
    expect(r.stdout).toBe("in\n");
  });

  it("ends busybox sh when its redirection fails, in ash's words, and not bash", () => {
    const sh = applyCommand(withContainer(), "docker exec dd sh -c 'exec 3</nope; echo after'", HOST);
    expect([sh.stdout, sh.stderr, sh.exitCode]).toEqual(["", "sh: can't open /nope: no such file\n", 1]);
    const bash = applyCommand(createWorld(5), "exec 3</nope; echo after rc=$?", HOST);
    expect([bash.stdout, bash.stderr]).toEqual(["after rc=1\n", "bash: line 1: /nope: No such file or directory\n"]);
  });
});
