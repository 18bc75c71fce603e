import { describe, expect, it } from "vitest";
import { bytesSize, humanSize, localImages } from "../../../../src/sim/docker/images.ts";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";

const TTY: Session = { machine: "host" };
const PIPE: Session = { machine: "host", noTty: true };

function run(world: World, line: string, session: Session = TTY) {
  return runLine(world, session, line);
}

function after(...lines: string[]): World {
  let w = createWorld();
  for (const l of lines) w = run(w, l).world;
  return w;
}

describe("the image store", () => {
  it("starts as the oracle's host: nginx alone", () => {
    const w = createWorld();
    expect(localImages(w.docker).map((i) => i.repoTags)).toEqual([["nginx:latest"]]);
    expect(run(w, "docker info --format '{{.Images}}'").stdout).toBe("1\n");
    expect(run(w, "docker images -q").stdout).toBe("9f306c3f3814\n");
  });

  it("pulls busybox from the lab's registry with Docker's output, then lists and counts it", () => {
    const r = run(createWorld(), "docker pull busybox");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      /^Using default tag: latest\nlatest: Pulling from library\/busybox\n[0-9a-f]{12}: Pull complete\nDigest: sha256:[0-9a-f]{64}\nStatus: Downloaded newer image for busybox:latest\ndocker\.io\/library\/busybox:latest\n$/,
    );
    expect(run(r.world, "docker images --format '{{.Repository}}'").stdout).toBe("nginx\nbusybox\n");
    expect(run(r.world, "docker info --format '{{.Images}}'").stdout).toBe("2\n");
    expect(run(r.world, "docker images busybox --digests --format '{{.Digest}}'").stdout).toMatch(/^sha256:/);
    // The clock moved while it downloaded.
    expect(r.world.clock).toBeGreaterThan(createWorld().clock + 1000);
  });

  it("shows each layer's progress lines when the output is not a terminal", () => {
    const r = run(createWorld(), "docker pull alpine:latest", PIPE);
    expect(
      r.stdout
        .split("\n")
        .slice(0, 5)
        .map((l) => l.replace(/^[0-9a-f]{12}/, "L")),
    ).toEqual([
      "latest: Pulling from library/alpine",
      "L: Pulling fs layer",
      "L: Verifying Checksum",
      "L: Download complete",
      "L: Pull complete",
    ]);
  });

  it("says an image already there is up to date, and a second pull downloads nothing", () => {
    const r = run(createWorld(), "docker pull nginx");
    expect(r.stdout).toMatch(/Status: Image is up to date for nginx:latest\ndocker\.io\/library\/nginx:latest\n$/);
    const twice = run(after("docker pull busybox"), "docker pull busybox");
    expect(twice.stdout).toContain("Status: Image is up to date for busybox:latest");
  });

  it("pulls on docker run, its progress on stderr after 'Unable to find image'", () => {
    const r = run(createWorld(), "docker run -d --name bb busybox sleep 100");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/^Unable to find image 'busybox:latest' locally\nlatest: Pulling from library\/busybox\n/);
    expect(r.stderr).toContain("Status: Downloaded newer image for busybox:latest\n");
    expect(r.stdout).toMatch(/^[0-9a-f]{64}\n$/);
    // The second run finds it.
    expect(run(r.world, "docker run -d busybox sleep 100").stderr).toBe("");
  });

  it("still fails for names the registry does not have, as offline", () => {
    const r = run(createWorld(), "docker pull nosuchimage");
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('Error response from daemon: Get "https://registry-1.docker.io/v2/"');
    const run2 = run(createWorld(), "docker run nosuchimage");
    expect(run2.exitCode).toBe(125);
    expect(run2.stderr).toMatch(/^Unable to find image 'nosuchimage:latest' locally\ndocker: Error response/);
  });

  it("is plain data: the world with a pulled image survives JSON", () => {
    const w = after("docker pull ubuntu");
    expect((JSON.parse(JSON.stringify(w)) as World).docker.images).toEqual(w.docker.images);
  });
});

describe("docker rmi", () => {
  it("untags and deletes an image no container uses", () => {
    const w = after("docker pull busybox");
    const r = run(w, "docker rmi busybox");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(
      /^Untagged: busybox:latest\nUntagged: busybox@sha256:[0-9a-f]{64}\nDeleted: sha256:[0-9a-f]{64}\nDeleted: sha256:[0-9a-f]{64}\n$/,
    );
    expect(run(r.world, "docker images -q").stdout).toBe("9f306c3f3814\n");
  });

  it("refuses an image a container uses, unless forced: then only the tag goes", () => {
    const w = after("docker run -d --name web nginx");
    const id = w.docker.containers[0]!.id.slice(0, 12);
    const r = run(w, "docker image rm nginx");
    expect(r.stderr).toBe(
      `Error response from daemon: conflict: unable to remove repository reference "nginx" (must force) - container ${id} is using its referenced image 9f306c3f3814\n`,
    );
    expect(r.exitCode).toBe(1);
    const f = run(w, "docker rmi -f nginx");
    expect(f.stdout).toBe("Untagged: nginx:latest\n");
    expect(run(f.world, "docker images").stdout).toContain("<none>       <none>    9f306c3f3814");
    // The container keeps running from its image.
    expect(run(f.world, "docker ps -q").stdout).toBe(id + "\n");
  });

  it("refuses a running container's image by id even when forced", () => {
    const w = after("docker run -d --name web nginx");
    const r = run(w, "docker rmi -f 9f306c3f3814");
    expect(r.stderr).toContain("(cannot be forced) - image is being used by running container");
  });

  it("reports each missing image; -f keeps the status 0", () => {
    const r = run(createWorld(), "docker image remove nosuch:1.0 busybox");
    expect(r.stderr).toBe(
      "Error response from daemon: No such image: nosuch:1.0\nError response from daemon: No such image: busybox:latest\n",
    );
    expect(r.exitCode).toBe(1);
    expect(run(createWorld(), "docker rmi -f busybox").exitCode).toBe(0);
  });

  it("makes docker run pull nginx again once it is gone", () => {
    const w = after("docker rmi nginx");
    expect(run(w, "docker info --format '{{.Images}}'").stdout).toBe("0\n");
    const r = run(w, "docker run -d nginx");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("Status: Downloaded newer image for nginx:latest");
  });
});

describe("docker top", () => {
  it("lists the container's processes with host PIDs, columns of at least 20", () => {
    const w = after("docker run -d --name web nginx");
    const pid = w.docker.containers[0]!.pid;
    const r = run(w, "docker top web");
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe(
      "UID                 PID                 PPID                C                   STIME               TTY                 TIME                CMD",
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `^root {16}${pid} +\\d+ +0 +\\d\\d:\\d\\d +\\? +00:00:00 +nginx: master process nginx -g daemon off;$`,
      ),
    );
    expect(lines[2]).toMatch(new RegExp(`^sshd {16}${pid + 1} {16}${pid} .*nginx: worker process$`));
    expect(run(w, "docker top web -o pid,comm").stdout).toBe(
      `PID                 COMMAND\n${pid}                nginx\n${pid + 1}                nginx\n`,
    );
  });

  it("answers as dockerd for a missing, a stopped container and a ps without PID", () => {
    const w = after("docker run -d --name web nginx", "docker stop web");
    expect(run(w, "docker top nosuch").stderr).toBe("Error response from daemon: No such container: nosuch\n");
    const stopped = run(w, "docker top web");
    expect(stopped.stderr).toBe(`Error response from daemon: container ${w.docker.containers[0]!.id} is not running\n`);
    expect(stopped.exitCode).toBe(1);
    const running = after("docker run -d --name web nginx");
    expect(run(running, "docker top web -o comm").stderr).toBe(
      "Error response from daemon: Couldn't find PID field in ps output\n",
    );
    expect(run(running, "docker top web -o nosuchcol").stderr).toBe(
      'Error response from daemon: ps: error: unknown user-defined format specifier "nosuchcol"\n',
    );
  });
});

describe("docker stats --no-stream", () => {
  it("prints one snapshot with plausible values and the bytes the container's packets carried", () => {
    let w = after("docker run -d -p 2024:80 --name web nginx");
    const idle = run(w, "docker stats --no-stream").stdout;
    expect(idle).toBe(
      "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT     MEM %     NET I/O   BLOCK I/O   PIDS\n" +
        `${w.docker.containers[0]!.id.slice(0, 12)}   web       0.00%     2.246MiB / 23.54GiB   0.01%     0B / 0B   0B / 0B     2\n`,
    );
    // NET I/O reads the container's interfaces' counters (the lab's packet walk does not count yet).
    const c = w.docker.containers[0]!;
    const ns = w.netns[c.id]!;
    const links = ns.links.map((l) =>
      l.name === "eth0" ? { ...l, stats: { rxPackets: 12, rxBytes: 1040, txPackets: 2, txBytes: 126 } } : l,
    );
    w = { ...w, netns: { ...w.netns, [c.id]: { ...ns, links } } };
    expect(run(w, "docker stats --no-stream --format '{{.NetIO}}'").stdout).toBe("1.04kB / 126B\n");
  });

  it("lists stopped containers with -a, zeros, and fails for a missing one", () => {
    const w = after("docker run -d --name web nginx", "docker stop web");
    expect(run(w, "docker stats --no-stream --format '{{.Name}}'").stdout).toBe("");
    expect(run(w, "docker stats --no-stream -a --format '{{.Name}} {{.MemUsage}} {{.PIDs}}'").stdout).toBe(
      "web 0B / 0B 0\n",
    );
    const r = run(w, "docker stats --no-stream nosuch");
    expect(r).toMatchObject({ exitCode: 1, stderr: "Error response from daemon: No such container: nosuch\n" });
  });
});

describe("docker system df", () => {
  it("counts images and containers, and what could be reclaimed", () => {
    expect(run(after("docker pull busybox"), "docker system df").stdout).toBe(
      "TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n" +
        "Images          2         0         28.94MB   28.94MB (100%)\n" +
        "Containers      0         0         0B        0B\n" +
        "Local Volumes   0         0         0B        0B\n" +
        "Build Cache     0         0         0B        0B\n",
    );
    expect(run(after("docker run -d --name web nginx"), "docker system df -v").stdout).toMatch(
      /Containers space usage:\n\nCONTAINER ID +IMAGE +COMMAND +LOCAL VOLUMES +SIZE +CREATED +STATUS +NAMES\n[0-9a-f]{12} {3}nginx +"nginx -g 'daemon of…" +0 +2B +/,
    );
  });
});

describe("go-units sizes", () => {
  it("rounds as Docker's CLI does", () => {
    expect(humanSize(24679740, 3)).toBe("24.7MB");
    expect(humanSize(24679740)).toBe("24.68MB");
    expect(humanSize(1040, 3)).toBe("1.04kB");
    expect(humanSize(0)).toBe("0B");
    expect(bytesSize(2_355_200)).toBe("2.246MiB");
  });
});
