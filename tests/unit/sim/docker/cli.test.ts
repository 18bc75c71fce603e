import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import type { World } from "../../../../src/sim/world.ts";

const JSON_DIR = join(import.meta.dirname, "../../../fixtures/oracle/json");

function run(world: World, line: string, session: Session = { machine: "host" }) {
  return runLine(world, session, line);
}

function after(...lines: string[]): World {
  let w = createWorld();
  for (const l of lines) w = run(w, l).world;
  return w;
}

/** What differs between any two daemons: ids, times, pids, and where the oracle keeps its data. */
function normaliseJson(text: string): string {
  return text
    .replace(/\/tmp\/docker-oracle\/data/g, "/var/lib/docker")
    .replace(/\/tmp\/docker-oracle\/exec/g, "/var/run/docker")
    .replace(/\b[0-9a-f]{64}\b/g, "<id>")
    .replace(/\b[0-9a-f]{12}\b/g, "<sid>")
    .replace(/"20\d\d-\d\d-\d\dT[\d:.]+Z"/g, '"<time>"')
    .replace(/"Pid": \d+/g, '"Pid": <pid>');
}

describe("docker ps", () => {
  it("prints the default table with tabwriter's columns", () => {
    const w = after("docker run -d -p 2024:80 --name web nginx");
    const id = w.docker.containers[0]!.id.slice(0, 12);
    expect(run(w, "docker ps").stdout).toBe(
      // Creating the container took dockerd 0.7 s before its start (the oracle: "1 second ago").
      "CONTAINER ID   IMAGE     COMMAND                  CREATED        STATUS                  PORTS                                   NAMES\n" +
        `${id}   nginx     "nginx -g 'daemon of…"   1 second ago   Up Less than a second   0.0.0.0:2024->80/tcp, :::2024->80/tcp   web\n`,
    );
    expect(run(createWorld(), "docker ps -a").stdout).toBe(
      "CONTAINER ID   IMAGE     COMMAND   CREATED   STATUS    PORTS     NAMES\n",
    );
  });

  it("ages CREATED and STATUS with the world's clock", () => {
    let w = after("docker run -d --name web nginx");
    w = { ...w, clock: w.clock + 90_000 };
    expect(run(w, "docker ps --format '{{.RunningFor}}|{{.Status}}'").stdout).toBe(
      "About a minute ago|Up About a minute\n",
    );
    w = run(w, "docker stop web").world;
    w = { ...w, clock: w.clock + 5_000 };
    expect(run(w, "docker ps -a --format '{{.Status}}'").stdout).toBe("Exited (0) 5 seconds ago\n");
  });
});

describe("docker network ls", () => {
  it("lists the predefined networks sorted by name", () => {
    const w = createWorld();
    const id = (name: string) => w.docker.networks.find((n) => n.name === name)!.id.slice(0, 12);
    expect(run(w, "docker network ls").stdout).toBe(
      "NETWORK ID     NAME      DRIVER    SCOPE\n" +
        `${id("bridge")}   bridge    bridge    local\n${id("host")}   host      host      local\n${id("none")}   none      null      local\n`,
    );
  });
});

describe("docker inspect", () => {
  it("prints a container as Docker 26.1 does (ids, times and paths aside)", () => {
    const w = after("docker run -d -p 2024:80 --name web nginx");
    const real = readFileSync(join(JSON_DIR, "inspect-web.json"), "utf8");
    expect(normaliseJson(run(w, "docker inspect web").stdout)).toBe(normaliseJson(real));
  });

  it("prints a network with its containers", () => {
    const w = after("docker run -d -p 2024:80 --name web nginx");
    const real = readFileSync(join(JSON_DIR, "network-inspect-bridge.json"), "utf8");
    expect(normaliseJson(run(w, "docker network inspect bridge").stdout)).toBe(normaliseJson(real));
  });
});

describe("docker exec -it and exit", () => {
  it("moves the terminal into the container and back", () => {
    const w = after("docker run -d --name web nginx");
    const id = w.docker.containers[0]!.id;
    const inside = run(w, "docker exec -it web bash");
    // runc gives the exec'd shell the container's next PID; the host's shell waits to be returned to.
    expect(inside.session).toMatchObject({ machine: id, container: id, shell: "bash", exec: { pid: 8, args: "bash" } });
    expect(inside.session?.parent).toMatchObject({ machine: "host" });
    const host = run(inside.world, "exit", inside.session);
    expect(host.session).toMatchObject({ machine: "host" });
    expect(run(inside.world, "exit", { machine: id }).session).toEqual({ machine: "host" });
    expect(host.stdout).toBe("exit\n");
  });

  it("fails without a terminal, as in the oracle's scripts", () => {
    const w = after("docker run -d --name web nginx");
    const r = run(w, "docker exec -it web bash", { machine: "host", noTty: true });
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(["", "the input device is not a TTY\n", 1]);
  });
});

describe("docker run", () => {
  it("fails to pull in the offline lab: the lab's DNS does not know the registry", () => {
    const r = run(createWorld(), "docker run -d nosuchimage");
    expect(r.exitCode).toBe(125);
    expect(r.stderr).toBe(
      "Unable to find image 'nosuchimage:latest' locally\ndocker: Error response from daemon: " +
        'Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on 203.0.113.53:53: no such host.\n' +
        "See 'docker run --help'.\n",
    );
  });

  it("times out pulling when the host's resolver cannot be reached", () => {
    const w = createWorld();
    const away = { ...w, netns: { ...w.netns, host: { ...w.netns.host!, nameservers: ["10.255.255.53"] } } };
    const r = run(away, "docker run -d nosuchimage");
    expect(r.stderr).toMatch(
      /lookup registry-1\.docker\.io on 10\.255\.255\.53:53: read udp 10\.88\.0\.4:\d+->10\.255\.255\.53:53: i\/o timeout\.\n/,
    );
    // The resolver's 20 s of retries, and the CLI's own round trip to the daemon (30 ms).
    expect(r.world.clock - away.clock).toBe(20_030);
  });

  it("runs a one-off command in the container and keeps its output as the log", () => {
    const r = run(createWorld(), "docker run --name once nginx sh -c 'echo hi; exit 4'");
    expect([r.stdout, r.exitCode]).toEqual(["hi\n", 4]);
    expect(run(r.world, "docker logs once").stdout).toBe("hi\n");
    expect(run(r.world, "docker ps -a --format '{{.Names}} {{.Status}}'").stdout).toBe(
      "once Exited (4) Less than a second ago\n",
    );
  });

  it("answers every docker command with the daemon-down error when it is stopped", () => {
    const w = run(createWorld(), "systemctl stop docker").world;
    expect(run(w, "docker ps")).toMatchObject({
      stderr: "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n",
      exitCode: 1,
    });
  });
});

describe("docker run -it", () => {
  it("gives the terminal to the container's shell; exit stops the container", () => {
    const r = run(createWorld(), "docker run -it --name box busybox sh");
    const id = r.world.docker.containers[0]!.id;
    expect(r.session).toEqual({ machine: id, container: id });
    expect(run(r.world, "hostname", { machine: id }).stdout).toBe(id.slice(0, 12) + "\n");
    const out = run(r.world, "exit 3", { machine: id });
    expect(out.session).toEqual({ machine: "host" });
    expect(run(out.world, "docker ps -a --format '{{.Names}} {{.Status}}'").stdout).toBe(
      "box Exited (3) Less than a second ago\n",
    );
  });
});

describe("docker version, info and rename", () => {
  it("formats the version and info views as the oracle's daemon does", () => {
    const w = createWorld();
    expect(
      run(
        w,
        "docker version --format '{{.Server.Version}} {{.Client.Version}} {{.Client.APIVersion}} {{.Server.APIVersion}}'",
      ).stdout,
    ).toBe("26.1.5+dfsg1 26.1.5+dfsg1 1.45 1.45\n");
    expect(run(w, "docker version --format '{{json .Client}}'").stdout).toBe(
      '{"Version":"26.1.5+dfsg1","ApiVersion":"1.45","DefaultAPIVersion":"1.45","GitCommit":"a72d7cd","GoVersion":"go1.24.4","Os":"linux","Arch":"amd64","BuildTime":"Thu Aug 13 05:35:48 2026","Context":"default"}\n',
    );
    expect(
      run(w, "docker info --format '{{.ServerVersion}} {{.Containers}} {{.Driver}} {{.IPv4Forwarding}}'").stdout,
    ).toBe("26.1.5+dfsg1 0 overlay2 true\n");
  });

  it("renames a container", () => {
    const w = run(after("docker run -d --name web nginx"), "docker rename web web2").world;
    expect(run(w, "docker ps --format '{{.Names}}'").stdout).toBe("web2\n");
    expect(run(w, "docker rename nosuch x1").stderr).toBe(
      "Error response from daemon: No such container: nosuch\nError: failed to rename container named nosuch\n",
    );
  });
});
