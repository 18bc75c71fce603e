/** busybox sh in a container reports a pipeline's member that a signal killed, though a later member's status stands. */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

describe("a crashed command inside a container's pipeline", () => {
  const { out } = terminal([
    "docker run -d --name web nginx",
    "docker exec web sh -c 'wget -qO- -T 2 http://localhost/ | grep -c nginx'; echo rc=$?",
    "docker exec web sh -c 'wget -qO- -T 2 http://localhost/; echo rc=$?'",
    "docker exec web sh -c 'wget -qO- -T 2 http://localhost/'; echo rc=$?",
  ]);

  it("prints Segmentation fault for the Debian wget's -T crash, before grep's answer and status", () => {
    expect(out[1]).toBe("Segmentation fault\n0\nrc=1\n");
  });

  it("still reports one that crashed alone in a list, and none for an exec'd last command", () => {
    expect(out[2]).toBe("Segmentation fault\nrc=139\n");
    expect(out[3]).toBe("rc=139\n");
  });
});
