import { describe, expect, it } from "vitest";
import { applyCommand, HOST_SESSION } from "../../../../src/sim/index.ts";
import { createWorld } from "../../../../src/sim/world.ts";
import { out, run } from "../lab.ts";

describe("the kernel's answer to an echo request", () => {
  it("is withheld while net.ipv4.icmp_echo_ignore_all is 1, and the trace says which setting", () => {
    const w = run(createWorld(), "docker run -d --name web nginx", "sysctl -w net.ipv4.icmp_echo_ignore_all=1");
    const r = out(w, "docker exec web ping -c 1 -W 1 172.17.0.1");
    expect(r.stdout).toContain("1 packets transmitted, 0 packets received, 100% packet loss");
    const drop = applyCommand(w, "docker exec web ping -c 1 -W 1 172.17.0.1", HOST_SESSION).events.find(
      (e) => e.type === "drop",
    );
    expect(drop).toMatchObject({ type: "drop", netns: "host", reason: "echo-ignored" });
    // Only the host ignores them: the internet machine still answers.
    expect(out(w, "docker exec web ping -c 1 -W 1 10.88.0.1").stdout).toContain("1 packets received");
    const back = run(w, "sysctl -w net.ipv4.icmp_echo_ignore_all=0");
    expect(out(back, "docker exec web ping -c 1 -W 1 172.17.0.1").stdout).toContain("1 packets received");
  });
});
