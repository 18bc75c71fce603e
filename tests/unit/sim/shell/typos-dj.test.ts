/** What ss and sysctl answer a learner's wrong options (recorded in dj08–dj10). */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/index.ts";
import { inside, out, run } from "../lab.ts";
import { terminal } from "./terminal.ts";

describe("ss given options it cannot serve", () => {
  it("adds the Netid column when -x asks for the unix tables too", () => {
    const { out } = terminal([
      "docker run -d -p 8080:80 --name web nginx",
      "ss -tlnx | awk '$1 == \"tcp\" {print $2, $5}'",
    ]);
    expect(out[1]).toBe("LISTEN 0.0.0.0:8080\nLISTEN [::]:8080\n");
  });

  it("stops at -z on a kernel without SELinux", () => {
    const { out } = terminal(["ss -z; echo $?", "ss --context; echo $?"]);
    expect(out[0]).toBe("ss: SELinux is not enabled.\n1\n");
    expect(out[1]).toBe("ss: SELinux is not enabled.\n1\n");
  });
});

describe("sysctl given a setting it cannot parse", () => {
  it("gives up on the command line at the first one", () => {
    const { out } = terminal(["sysctl -w net.ipv4.ip_forward = 1; echo $?"]);
    expect(out[0]).toBe("sysctl: command line(0): invalid syntax, continuing...\n1\n");
  });

  it("busybox names an unknown key as the path it made of it, slashes and dots swapped", () => {
    const w = run(createWorld(3), "docker run -d --name web nginx");
    expect(out(w, "sysctl net.ipv4.ip_fowrard", inside(w, "web")).stderr).toBe(
      "sysctl: error: 'net.ipv4.ip_fowrard' is an unknown key\n",
    );
    expect(out(w, "sysctl nosuch.key", inside(w, "web")).stderr).toBe(
      "sysctl: error: 'nosuch/key' is an unknown key\n",
    );
  });
});
