import { describe, expect, it } from "vitest";
import { createWorld, type World } from "../../../../src/sim/world.ts";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";

const HOST: Session = { machine: "host", noTty: true };

function run(world: World, line: string) {
  return runLine(world, HOST, line);
}

function after(...lines: string[]): World {
  let w = createWorld();
  for (const l of lines) w = run(w, l).world;
  return w;
}

describe("docker exec -e/-w/-u (oracle j01)", () => {
  const w = after("docker run -d --name web nginx");

  it("sets variables, takes the caller's for a bare name, and starts in the working directory", () => {
    expect(run(w, `docker exec -e FOO=bar web sh -c 'echo $FOO'`).stdout).toBe("bar\n");
    expect(run(w, `FOO=x docker exec -e FOO -e NOPE web sh -c 'echo "$FOO [\${NOPE-unset}]"'`).stdout).toBe(
      "x [unset]\n",
    );
    expect(run(w, "docker exec -w /usr/share/nginx/html web ls").stdout).toBe("index.html\n");
    expect(run(w, "docker exec -u nginx web sh -c 'echo $HOME'").stdout).toBe("/nonexistent\n");
  });

  it("refuses a user the image lacks, a relative or missing directory, and a path that is no program", () => {
    // What fails as the exec starts comes back on the exec's stdout, CR LF ended (`| grep` sees it).
    const nobody = run(w, "docker exec -u nobody web ls");
    expect([nobody.stdout, nobody.stderr, nobody.exitCode]).toEqual([
      "unable to find user nobody: no matching entries in passwd file\r\n",
      "",
      126,
    ]);
    expect(run(w, "docker exec -w rel web ls").stdout).toContain("Cwd must be an absolute path: unknown\r\n");
    expect(run(w, "docker exec -w /nosuch web ls").stdout).toContain('chdir to cwd ("/nosuch") set in config.json');
    expect(run(w, "docker exec web /etc").stdout).toContain('exec: "/etc": permission denied');
    expect(run(w, "docker exec web env").stdout).toMatch(/executable file not found in \$PATH: unknown\r\n$/);
    const detached = run(w, "docker exec -d web nosuchcmd");
    expect(detached.exitCode).toBe(1);
    expect(detached.stderr).toMatch(/^Error response from daemon: OCI runtime exec failed/);
  });
});

describe("one-off commands and ps filters (oracle j02)", () => {
  it("start -a shows the command's output and ends with its status; the log keeps each run", () => {
    let w = after("docker create --name fail nginx sh -c 'echo oops >&2; exit 3'");
    const r = run(w, "docker start -a fail");
    expect([r.stderr, r.exitCode]).toEqual(["oops\n", 3]);
    w = run(r.world, "docker start fail").world;
    expect(run(w, "docker logs fail").stderr).toBe("oops\noops\n");
    expect(run(w, "docker ps --filter status=exited --format '{{.Names}} {{.State}}'").stdout).toBe("fail exited\n");
  });

  it("matches name= as a regular expression against the name with its slash", () => {
    const w = after("docker run -d --name web nginx", "docker run -d --name web2 nginx");
    expect(run(w, "docker ps --filter name=^/web$ --format '{{.Names}}'").stdout).toBe("web\n");
    expect(run(w, "docker ps --filter status=bogus").stderr).toBe(
      "Error response from daemon: invalid filter 'status=bogus'\n",
    );
  });
});

describe("docker cp through a tar stream (oracle j04)", () => {
  it("writes Go's tar to stdout and extracts one from stdin", () => {
    const w = after("docker run -d --name web nginx", "docker run -d --name web2 nginx");
    expect(run(w, "docker cp web:/etc/hostname - | wc -c").stdout).toBe("2048\n");
    const piped = run(w, "docker cp web:/usr/share/nginx/html/index.html - | docker cp - web2:/tmp").world;
    expect(
      runLine(piped, { machine: "host", noTty: true }, "docker exec web2 sh -c 'wc -c /tmp/index.html'").stdout,
    ).toBe("615 /tmp/index.html\n");
    expect(run(w, "echo notatar | docker cp - web2:/tmp").stderr).toBe("Error response from daemon: unexpected EOF\n");
  });
});

describe("blocking commands under timeout", () => {
  it("logs -f on a running container runs out timeout's time; on a stopped one it ends", () => {
    const w = after("docker run -d --name web nginx");
    expect(run(w, "timeout 2 docker logs -f web; echo rc=$?").stdout).toBe("rc=124\n");
    expect(run(w, "timeout 1 docker wait web; echo rc=$?").stdout).toBe("rc=124\n");
    const stopped = run(w, "docker stop web").world;
    expect(run(stopped, "docker logs -f web; echo rc=$?").stdout).toBe("rc=0\n");
  });
});
