import { describe, expect, it } from "vitest";
import { mountAt, resolvePath } from "../../../../src/sim/kernel/mounts.ts";
import { parseMountFlag, parseVolumeFlag } from "../../../../src/sim/docker/volumes.ts";
import { createWorld } from "../../../../src/sim/world.ts";
import { inside, out, run } from "../lab.ts";

describe("-v and --mount as the CLI reads them", () => {
  it("tells a bind (absolute source), a named volume and an anonymous one apart", () => {
    expect(parseVolumeFlag("/tmp/site:/usr/share/nginx/html:ro")).toEqual({
      ok: true,
      value: {
        kind: "bind",
        source: "/tmp/site",
        target: "/usr/share/nginx/html",
        mode: "ro",
        text: "/tmp/site:/usr/share/nginx/html:ro",
      },
    });
    expect(parseVolumeFlag("data:/data")).toMatchObject({ ok: true, value: { kind: "volume", name: "data" } });
    expect(parseVolumeFlag("/data")).toMatchObject({ ok: true, value: { kind: "volume", target: "/data" } });
    expect(parseVolumeFlag("/a:/b:bogus")).toEqual({ ok: false, error: "invalid mode: bogus" });
  });

  it("leaves an unknown --mount type and a mount over / to the daemon, which refuses them", () => {
    expect(parseMountFlag("type=nfs,dst=/a")).toMatchObject({ ok: false, daemon: true });
    expect(out(createWorld(), "docker run --rm -v /tmp:/ nginx ls").stderr).toContain(
      "invalid volume specification: '/tmp:/': invalid mount config for type \"bind\": invalid specification: destination can't be '/'",
    );
  });

  it("reads --mount's fields, readonly with or without a value", () => {
    expect(parseMountFlag("type=bind,src=/a,dst=/b,readonly")).toMatchObject({
      ok: true,
      value: { kind: "bind", source: "/a", target: "/b", mode: "ro" },
    });
    expect(parseMountFlag("type=bind,source=/a,target=/b,ro=false")).toMatchObject({ ok: true, value: { mode: "" } });
    expect(parseMountFlag("src=/a")).toEqual({ ok: false, error: "target is required" });
  });
});

describe("bind mounts in the kernel's file view", () => {
  it("resolves a path under the longest target to the source machine's path", () => {
    const w = {
      ...createWorld(),
      mounts: {
        c1: [
          { target: "/a", sourceFs: "host", source: "/srv", readOnly: false },
          { target: "/a/b", sourceFs: "host", source: "/other", readOnly: true },
        ],
      },
    };
    expect(resolvePath(w, "c1", "/a/x")).toMatchObject({ fs: "host", path: "/srv/x" });
    expect(resolvePath(w, "c1", "/a/b/y")).toMatchObject({ fs: "host", path: "/other/y" });
    expect(resolvePath(w, "c1", "/ab")).toEqual({ fs: "c1", path: "/ab" });
    expect(mountAt(w, "c1", "/a/b")?.readOnly).toBe(true);
  });
});

describe("a host directory served by nginx with -v", () => {
  const base = run(
    createWorld(),
    "mkdir -p /tmp/site && echo hello > /tmp/site/index.html",
    "docker run -d -p 8080:80 -v /tmp/site:/usr/share/nginx/html --name site nginx",
  );

  it("serves the host's page, and sees a change made on either side", () => {
    expect(out(base, "curl -s localhost:8080").stdout).toBe("hello\n");
    const w = run(base, "echo changed > /tmp/site/index.html");
    expect(out(w, "curl -s localhost:8080").stdout).toBe("changed\n");
    const w2 = out(base, "echo inside > /usr/share/nginx/html/in.txt", inside(base, "site")).world;
    expect(out(w2, "cat /tmp/site/in.txt").stdout).toBe("inside\n");
  });

  it("refuses writes under :ro, and an index-less root is 403", () => {
    const w = run(base, "docker run -d -p 8081:80 -v /tmp/site:/usr/share/nginx/html:ro --name ro nginx");
    const r = out(w, "echo x > /usr/share/nginx/html/x.txt", inside(w, "ro"));
    expect(r.stderr).toBe("sh: can't create /usr/share/nginx/html/x.txt: Read-only file system\n");
    const gone = run(base, "rm /tmp/site/index.html");
    expect(out(gone, "curl -s -o /dev/null -w '%{http_code}' localhost:8080").stdout).toBe("403");
  });

  it("shows the mount in inspect and forgets it with the container", () => {
    expect(out(base, "docker inspect -f '{{json .HostConfig.Binds}}' site").stdout).toBe(
      '["/tmp/site:/usr/share/nginx/html"]\n',
    );
    const w = run(base, "docker rm -f site");
    expect(w.mounts?.[base.docker.containers[0]!.id]).toBeUndefined();
    expect(out(w, "cat /tmp/site/index.html").stdout).toBe("hello\n");
  });
});

describe("named and anonymous volumes", () => {
  it("fills a new volume from the image, keeps it past its container, and refuses to remove it in use", () => {
    const w = run(createWorld(), "docker run -d -v web-data:/usr/share/nginx/html --name web nginx");
    expect(out(w, "ls /var/lib/docker/volumes/web-data/_data").stdout).toContain("index.html");
    expect(out(w, "docker volume rm web-data").stderr).toMatch(
      /^Error response from daemon: remove web-data: volume is in use - \[[0-9a-f]{64}\]\n$/,
    );
    const w2 = run(w, "docker rm -f web");
    expect(out(w2, "docker volume ls -q").stdout).toBe("web-data\n");
    expect(out(w2, "docker volume rm web-data").stdout).toBe("web-data\n");
  });

  it("takes an anonymous volume with docker rm -v, and prune -a counts what volumes held", () => {
    const w = run(
      createWorld(),
      "docker run -d -v /data --name anon nginx",
      "docker run -d -v logs:/var/log/nginx --name w2 nginx",
    );
    expect(out(w, "docker volume ls -q | wc -l").stdout).toBe("2\n");
    const w2 = run(w, "docker rm -f -v anon", "docker rm -f w2");
    expect(out(w2, "docker volume ls -q").stdout).toBe("logs\n");
    // access.log and error.log are links to /dev/stdout and /dev/stderr: 11 bytes each.
    expect(out(w2, "docker volume prune -af").stdout).toBe("Deleted Volumes:\nlogs\n\nTotal reclaimed space: 22B\n");
  });
});

describe("--tmpfs, --read-only, --volumes-from and the volume filters", () => {
  it("keeps the root read-only but a tmpfs and a volume writable, and tmpfs files go with the container", () => {
    const w = run(createWorld(), "docker run -d --read-only --tmpfs /scratch -v keep:/data --name ro nginx");
    const s = inside(w, "ro");
    expect(out(w, "echo x > /x", s).stderr).toBe("sh: can't create /x: Read-only file system\n");
    const w2 = out(w, "echo t > /scratch/t && echo d > /data/d", s).world;
    expect(out(w2, "cat /scratch/t /data/d", inside(w2, "ro")).stdout).toBe("t\nd\n");
    const gone = run(w2, "docker rm -f ro");
    expect(Object.keys(gone.files).some((k) => k.startsWith("tmpfs:"))).toBe(false);
    expect(out(gone, "cat /var/lib/docker/volumes/keep/_data/d").stdout).toBe("d\n");
  });

  it("lends another container's volumes, and lists volumes by filter and format", () => {
    const w = run(
      createWorld(),
      "docker run -d -v keep:/usr/share/nginx/html --name web nginx",
      "docker run -d -v /cache --name anon nginx",
    );
    expect(out(w, "docker run --rm --volumes-from web nginx ls /usr/share/nginx/html").stdout).toBe("index.html\n");
    expect(out(w, "docker volume ls -f dangling=true -q").stdout).toBe("");
    expect(out(w, "docker volume ls --filter name=ke --format '{{.Name}} {{.Driver}}'").stdout).toBe("keep local\n");
    expect(out(w, "docker system df").stdout).toContain("Local Volumes   2         2         615B      0B (0%)\n");
  });
});
