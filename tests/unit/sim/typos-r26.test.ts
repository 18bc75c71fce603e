/** What a round-26 learner mistyped or left unfinished, answered as the oracle's tools answered it. */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../src/sim/world.ts";
import { out, run } from "./lab.ts";

describe("iproute2 with a keyword and nothing after it", () => {
  it("ip route add without a destination prints the route usage (exit 255)", () => {
    const r = out(createWorld(), "ip route add");
    expect(r.code).toBe(255);
    expect(r.stdout).toBe("");
    expect(r.stderr.startsWith("Usage: ip route { list | flush } SELECTOR\n")).toBe(true);
    expect(r.stderr.endsWith("ROUTE_GET_FLAGS := [ fibmatch ]\n")).toBe(true);
    expect(out(createWorld(), "ip route help").stderr).toBe(r.stderr);
  });

  it("ip link set DEV mtu (no value) is an incomplete command, not an invalid value", () => {
    const r = out(createWorld(), "ip link set docker0 mtu");
    expect(r.code).toBe(255);
    expect(r.stderr).toBe('Command line is not complete. Try option "help"\n');
    expect(out(createWorld(), "ip link set dev").stderr).toBe(r.stderr);
    expect(out(createWorld(), "ip link set docker0 mtu x").stderr).toBe(
      'Error: argument "x" is wrong: Invalid "mtu" value\n\n',
    );
  });
});

describe("docker system prune and container prune", () => {
  const world = () =>
    run(
      createWorld(),
      "docker run -d -p 2024:80 --name web nginx",
      "docker run -d --name old nginx",
      "docker stop old",
      "docker network create appnet",
      "docker network create usednet",
      "docker run -d --network usednet --name db nginx",
    );

  it("asks first, lists what goes, and a declined answer removes nothing", () => {
    const w = world();
    const r = out(w, "echo n | docker system prune");
    expect(r.stdout).toBe(
      "WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n" +
        "  - all dangling images\n  - unused build cache\n\nAre you sure you want to continue? [y/N] ",
    );
    expect(r.world.docker.containers).toHaveLength(3);
  });

  it("with -f removes stopped containers and unused networks, then reports the space", () => {
    const w = world();
    const old = w.docker.containers.find((c) => c.name === "old")!;
    const r = out(w, "docker system prune -f");
    expect(r.stdout).toBe(`Deleted Containers:\n${old.id}\n\nDeleted Networks:\nappnet\n\nTotal reclaimed space: 0B\n`);
    expect(out(r.world, "docker system prune -f").stdout).toBe("Total reclaimed space: 0B\n");
    expect(r.world.docker.networks.map((n) => n.name)).toContain("usednet");
  });

  it("counts a killed nginx's pid file, which a clean stop removes", () => {
    const w = run(world(), "docker kill web", "docker rm -f db");
    expect(out(w, "docker container prune -f").stdout).toMatch(/\n\nTotal reclaimed space: 2B\n$/);
  });

  it("refuses arguments in each engine's words", () => {
    expect(out(world(), "docker system prune extra").stderr).toBe(
      "\"docker system prune\" accepts no arguments.\nSee 'docker system prune --help'.\n\n" +
        "Usage:  docker system prune [OPTIONS]\n\nRemove unused data\n",
    );
    expect(out(createWorld(0, { engine: "28" }), "docker system prune extra").stderr).toBe(
      "docker: 'docker system prune' accepts no arguments\n\nUsage:  docker system prune [OPTIONS]\n\n" +
        "Run 'docker system prune --help' for more information\n",
    );
  });
});

describe("docker COMMAND --help", () => {
  it("prints the command's help on stdout, in each engine's layout", () => {
    const r = out(createWorld(), "docker run --help");
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith("\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]\n")).toBe(true);
    expect(out(createWorld(0, { engine: "28" }), "docker run --help").stdout).toMatch(/^Usage: {2}docker run /);
    expect(out(createWorld(), "docker network rm --help").stdout).toMatch(/^\nUsage: {2}docker network rm /);
  });

  it("is met by the flag parser after other flags, but belongs to the container's command after the image", () => {
    expect(out(createWorld(), "docker ps -a --help").stdout).toMatch(/^\nUsage: {2}docker ps \[OPTIONS\]/);
    const r = out(createWorld(), "docker run --rm nginx --help");
    expect(r.stdout).not.toContain("Usage:  docker run");
  });
});

describe("docker GROUP --help", () => {
  it("prints the group's usage with status 0, as the group alone does; docker container included", () => {
    for (const group of ["container", "image", "network", "system"]) {
      const alone = out(createWorld(), `docker ${group}`);
      const help = out(createWorld(), `docker ${group} --help`);
      expect(alone.code).toBe(0);
      expect(help.code).toBe(0);
      expect(help.stdout).toBe(alone.stdout);
      expect(help.stdout).toContain(`Usage:  docker ${group} COMMAND`);
    }
    expect(out(createWorld(), "docker container ls --help").stdout).toMatch(/^\nUsage: {2}docker container ls /);
  });
});
