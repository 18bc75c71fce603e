/**
 * iptables-restore --test parses a file and applies nothing; what only the kernel would
 * refuse at COMMIT passes it (the oracle's dd04, dd05). A built-in chain's bad policy is
 * such a refusal, worded by nft_strerror.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "../shell/terminal.ts";

describe("iptables-restore --test", () => {
  it("checks a good file without loading it", () => {
    const { out } = terminal([
      "printf '*filter\\n-A INPUT -p tcp --dport 22 -j ACCEPT\\nCOMMIT\\n' > /tmp/good",
      "iptables-restore --test < /tmp/good; echo rc=$?",
      "iptables -S INPUT",
    ]);
    expect(out[1]).toBe("rc=0\n");
    expect(out[2]).toBe("-P INPUT ACCEPT\n");
  });

  it("passes a rule for a chain the flush would have taken away, which a real restore refuses", () => {
    const { out } = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "printf '*filter\\n:LAB - [0:0]\\n-A LAB -j RETURN\\n-I DOCKER-USER 1 -j LAB\\nCOMMIT\\n' > /tmp/r",
      "iptables-restore -t /tmp/r; echo rc=$?",
      "iptables-restore /tmp/r; echo rc=$?",
      "iptables -S LAB >/dev/null 2>&1; echo rc=$?",
    ]);
    expect(out[2]).toBe("rc=0\n");
    expect(out[3]).toBe("iptables-restore: line 4 failed: No chain/target/match by that name.\nrc=1\n");
    expect(out[4]).toBe("rc=1\n");
  });

  it("still refuses what it cannot parse, and a missing COMMIT", () => {
    const { out } = terminal([
      "printf '*filter\\n-A INPUT -x\\nCOMMIT\\n' | iptables-restore -t; echo rc=$?",
      "printf '*filter\\n-A INPUT -j ACCEPT\\n' | iptables-restore -t; echo rc=$?",
    ]);
    expect(out[0]).toContain("Illegal option `-x' with this command\nError occurred at line: 2\n");
    expect(out[0]).toMatch(/rc=2\n$/);
    expect(out[1]).toBe("iptables-restore: COMMIT expected at line 3\nrc=1\n");
  });
});

describe("a built-in chain's policy in a restore file", () => {
  it("is refused at COMMIT with nft_strerror's words", () => {
    const { out } = terminal(["printf '*filter\\n:INPUT BOGUS [0:0]\\nCOMMIT\\n' | iptables-restore -n; echo rc=$?"]);
    expect(out[0]).toBe("iptables-restore: line 2 failed: Bad policy name.\nrc=1\n");
  });
});

describe("ip6tables-legacy-save", () => {
  it("prints nothing while no IPv6 x_tables table is loaded", () => {
    const { out } = terminal(["ip6tables-legacy-save; echo rc=$?"]);
    expect(out[0]).toBe("rc=0\n");
  });
});
