/**
 * An empty operand names no file: the kernel answers ENOENT for an empty pathname, where the
 * lab had resolved it to the working directory (`rm -r ''` removed it, `cp -r '' x` copied
 * the whole tree, which also made the commands' fuzz test time out).
 */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

describe("an empty path", () => {
  it("is no file to the tools that read, remove or make one", () => {
    const { out } = terminal([
      "cd /tmp && mkdir d && touch d/f",
      "rm -r ''; echo $?",
      "ls /tmp",
      "ls ''",
      "cp -r '' x",
      "mv '' y",
      "cp /etc/hostname ''",
      "touch ''",
      "mkdir ''",
    ]);
    expect(out[1]).toBe("rm: cannot remove '': No such file or directory\n1\n");
    expect(out[2]).toBe("d\n");
    expect(out[3]).toBe("ls: cannot access '': No such file or directory\n");
    expect(out[4]).toBe("cp: cannot stat '': No such file or directory\n");
    expect(out[5]).toBe("mv: cannot stat '': No such file or directory\n");
    expect(out[6]).toBe("cp: cannot create regular file '': No such file or directory\n");
    expect(out[7]).toBe("touch: cannot touch '': No such file or directory\n");
    expect(out[8]).toBe("mkdir: cannot create directory ‘’: No such file or directory\n");
  });
});
