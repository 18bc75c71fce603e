/**
 * diff prints the edit script GNU diff finds, not just any shortest one: the oracle's
 * dd08 diffs an iptables-save against one where `iptables-restore -n` doubled the
 * built-in chains' rules, and each doubled pair is matched as GNU matches it.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

describe("diff's choice among equally short scripts", () => {
  it("keeps two doubled lines' copies together as GNU diff does (dd08's shape)", () => {
    const { out } = terminal([
      "printf 'P\\nO\\nN\\n' > /tmp/a; printf 'P\\nP\\nO\\nO\\nN\\nM\\n' > /tmp/b",
      "diff /tmp/a /tmp/b",
    ]);
    // Real GNU diff 3.8 on these two files.
    expect(out[1]).toBe("1a2,3\n> P\n> O\n3a6\n> M\n");
  });

  it("sets aside lines the other file lacks and slides each run as far down as it goes", () => {
    const { out } = terminal([
      "printf 'A\\nB\\nC\\nA\\nB\\nB\\nA\\n' > /tmp/a; printf 'C\\nB\\nA\\nB\\nA\\nC\\n' > /tmp/b",
      "diff /tmp/a /tmp/b",
    ]);
    expect(out[1]).toBe("1,2d0\n< A\n< B\n4d1\n< A\n5a3\n> A\n7a6\n> C\n");
  });
});
