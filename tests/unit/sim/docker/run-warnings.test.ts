/**
 * Warnings around `docker run`: the daemon's come with a create that succeeded (none when
 * it refuses the container), 26's CLI warns of a loopback --dns before anything else, and
 * `docker info` reports IPv4 forwarding as dockerd read it when it started.
 */
import { describe, expect, it } from "vitest";
import { createWorld, type EngineVersion } from "../../../../src/sim/index.ts";
import { out, run } from "../lab.ts";

const world = (engine: EngineVersion) => createWorld(1, { engine });

describe("docker run's warnings", () => {
  it("prints none for a container the daemon refuses", () => {
    for (const engine of ["26", "28"] as const) {
      const r = out(world(engine), "docker run -d --network host -p 80:80 --name h nginx");
      expect(r.code).toBe(125);
      expect(r.stderr).not.toContain("WARNING");
      expect(r.stderr).toContain("Invalid container name (h)");
    }
  });

  it("puts 26's loopback DNS warning first (the CLI's) and 28's after the daemon's own", () => {
    const line = "docker run -d --dns 127.0.0.1 -p 8080:80 --network host --name hostweb nginx";
    expect(out(world("26"), line).stderr).toBe(
      "WARNING: Localhost DNS setting (--dns=127.0.0.1) may fail in containers.\n" +
        "WARNING: Published ports are discarded when using host network mode\n",
    );
    expect(out(world("28"), line).stderr).toBe(
      "WARNING: Published ports are discarded when using host network mode\n" +
        "WARNING: Localhost DNS (127.0.0.1) may fail in containers.\n",
    );
  });
});

describe("docker run with IPv4 forwarding off (oracle: cz04)", () => {
  it("warns that networking will not work, as dockerd saw forwarding when it started, but not for host or none", () => {
    for (const engine of ["26", "28"] as const) {
      let w = run(world(engine), "sysctl -w net.ipv4.ip_forward=0");
      w = run(w, `echo '{"ip-forward": false}' > /etc/docker/daemon.json`);
      w = run(w, "systemctl restart docker");
      const r = out(w, "docker run -d -p 2024:80 --name web nginx");
      expect(r.stderr).toBe("WARNING: IPv4 forwarding is disabled. Networking will not work.\n");
      expect(out(w, "docker run -d --network none --name quiet nginx").stderr).toBe("");
      expect(out(world(engine), "docker run -d --name web nginx").stderr).toBe("");
    }
  });
});

describe("docker create's refusals", () => {
  it("passes the daemon's error on as it came, exit 1, where run says docker: and exits 125", () => {
    for (const engine of ["26", "28"] as const) {
      const w = run(world(engine), "docker run -d --name web nginx");
      const r = out(w, "docker create --cap-add NOPE --name capped nginx");
      expect(r.text).toBe('Error response from daemon: invalid CapAdd: unknown capability: "CAP_NOPE"\n');
      expect(r.code).toBe(1);
      const taken = out(w, "docker create --name web nginx");
      expect(taken.stderr).toMatch(
        /^Error response from daemon: Conflict\. The container name "\/web" is already in use/,
      );
      expect(taken.code).toBe(1);
      const ran = out(w, "docker run -d --name web nginx");
      expect(ran.stderr).toMatch(/^docker: Error response from daemon: Conflict/);
      expect(ran.code).toBe(125);
    }
  });
});

describe("docker info's IPv4 forwarding", () => {
  it("is what dockerd saw as it started, not the sysctl of now", () => {
    const w = run(world("26"), "sysctl -w net.ipv4.ip_forward=0");
    expect(out(w, "docker info --format '{{.IPv4Forwarding}} {{json .Warnings}}'").text).toBe("true null\n");
    expect(out(w, "docker info").stderr).toBe("");
    // A restart turns forwarding on again (ip-forward defaults to true) before it looks.
    const again = run(w, "systemctl restart docker");
    expect(out(again, "docker info --format '{{.IPv4Forwarding}}'").text).toBe("true\n");
  });

  it("says disabled, and warns, when dockerd started without it", () => {
    const w = run(
      world("28"),
      `echo '{"ip-forward": false}' > /etc/docker/daemon.json`,
      "sysctl -w net.ipv4.ip_forward=0",
      "systemctl restart docker",
    );
    expect(out(w, "docker info --format '{{.IPv4Forwarding}} {{json .Warnings}}'").text).toBe(
      'false ["WARNING: IPv4 forwarding is disabled"]\n',
    );
    expect(out(w, "docker info").stderr).toBe("WARNING: IPv4 forwarding is disabled\n");
  });
});
