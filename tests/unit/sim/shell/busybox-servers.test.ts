/**
 * A container whose process is one of busybox's servers (oracle, sessions be01–be06): `busybox
 * httpd -f` serving a directory, given directly or as the last command of an `sh -c` script,
 * and the small nc's `-ll -e` (persistent) and `-l -e` (once, then the container exits).
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type Session, type World } from "../../../../src/sim/index.ts";
import { execTail } from "../../../../src/sim/shell/commands/docker/exec-tail.ts";
import { mainServer } from "../../../../src/sim/docker/main-server.ts";
import { dropDotSegments } from "../../../../src/sim/shell/commands/curl/url.ts";

const HOST: Session = { machine: "host", noTty: true };

function run(w: World, line: string): [string, number, World] {
  const r = applyCommand(w, line, HOST);
  return [r.stdout + r.stderr, r.exitCode, r.world];
}

function lines(...ls: string[]): World {
  let w = createWorld(4);
  for (const l of ls) w = run(w, l)[2];
  return w;
}

const API = `docker run -d --name api nginx sh -c 'mkdir -p /srv/docs && echo hello > /srv/index.html && exec busybox httpd -f -p 8080 -h /srv'`;

describe("execTail", () => {
  it("splits off a script's last command, with or without exec", () => {
    expect(execTail("mkdir -p /srv && exec busybox httpd -f -p 8080 -h '/srv'")).toEqual({
      prefix: "mkdir -p /srv",
      after: "&&",
      argv: ["busybox", "httpd", "-f", "-p", "8080", "-h", "/srv"],
    });
    expect(execTail("echo 'a;b'; nc -ll -p 9 -e echo hi")).toEqual({
      prefix: "echo 'a;b'",
      after: ";",
      argv: ["nc", "-ll", "-p", "9", "-e", "echo", "hi"],
    });
    expect(execTail("busybox httpd -f")).toEqual({ prefix: "", after: ";", argv: ["busybox", "httpd", "-f"] });
  });

  it("gives up on what the shell would expand or branch", () => {
    expect(execTail("a || exec httpd -f")).toBeUndefined();
    expect(execTail("exec httpd -f -p $PORT")).toBeUndefined();
    expect(execTail("| nc -l -p 9")).toBeUndefined();
    expect(execTail("echo 'open")).toBeUndefined();
  });

  it("keeps what is piped into the last command apart, as its stdin", () => {
    expect(execTail("cd /srv && echo 'a | b' | nc -l -p 9")).toEqual({
      prefix: "cd /srv",
      after: "&&",
      argv: ["nc", "-l", "-p", "9"],
      feed: "echo 'a | b'",
    });
  });
});

describe("mainServer", () => {
  it("knows httpd only in the foreground, and bare httpd only through the shell", () => {
    expect(mainServer(["busybox", "httpd", "-f", "-p", "8080", "-h", "/srv"], "c", "c")?.listen).toEqual({
      addr: "::",
      port: 8080,
      dualStack: true,
    });
    expect(mainServer(["busybox", "httpd", "-p", "8080"], "c", "c")).toBeUndefined();
    expect(mainServer(["httpd", "-f"], "c", "c")).toBeUndefined();
    expect(mainServer(["httpd", "-f", "-p", "127.0.0.1:81"], "c", "c", "/", true)?.listen).toEqual({
      addr: "127.0.0.1",
      port: 81,
    });
  });

  it("knows nc's -l/-ll with -e, the once-only server being the single -l", () => {
    expect(mainServer(["nc", "-ll", "-p", "9", "-e", "echo", "hi"], "c", "c")?.app).toEqual({
      kind: "nc-exec",
      container: "c",
      prog: ["echo", "hi"],
    });
    expect(mainServer(["nc", "-l", "-p", "9", "-e", "echo"], "c", "c")?.app).toMatchObject({ once: true });
    // Without -e it still listens, for one client whose bytes it prints (oracle, ch06).
    expect(mainServer(["nc", "-l", "-p", "9"], "c", "c")?.app).toEqual({
      kind: "nc-exec",
      container: "c",
      prog: [],
      once: true,
    });
    expect(mainServer(["nc", "-ll", "-p", "9"], "c", "c")).toBeUndefined();
  });
});

describe("curl's URL path", () => {
  it("drops dot segments before sending, but not in the query", () => {
    expect(dropDotSegments("/../etc/passwd")).toBe("/etc/passwd");
    expect(dropDotSegments("/a/b/../c/./d")).toBe("/a/c/d");
    expect(dropDotSegments("/a/..")).toBe("/");
    expect(dropDotSegments("/x?y=/../z")).toBe("/x?y=/../z");
  });
});

describe("busybox httpd as a container's process", () => {
  it("keeps the container up, as PID 1 after the script's exec, and serves its home", () => {
    const w = lines(API);
    expect(run(w, "docker inspect -f '{{.State.Status}}' api")[0]).toBe("running\n");
    expect(run(w, "docker exec api sh -c 'ps | head -2'")[0]).toBe(
      "PID   USER     COMMAND\n    1 root     busybox httpd -f -p 8080 -h /srv\n",
    );
    expect(run(w, "docker exec api curl -s localhost:8080/")[0]).toBe("hello\n");
    expect(run(w, "docker exec api netstat -tln | grep 8080")[0]).toContain(":::8080");
  });

  it("answers as busybox does: 404, 302 to a directory's slash, 501 for other methods, 400 for ..", () => {
    const w = lines(API);
    const code = (path: string, extra = "") =>
      run(w, `docker exec api curl -s -o /dev/null ${extra} -w '%{http_code}' 'localhost:8080${path}'`)[0];
    expect(code("/missing")).toBe("404");
    expect(code("/docs")).toBe("302");
    expect(code("/docs/")).toBe("404");
    expect(code("/", "-X POST")).toBe("501");
    expect(run(w, "docker exec api sh -c 'wget -qO- localhost:8080/%2e%2e/etc/passwd 2>&1'")[0]).toBe(
      "wget: server returned error: HTTP/1.1 400 Bad Request\n",
    );
    expect(run(w, "docker exec api curl -si localhost:8080/docs")[0]).toContain("Location: /docs/\r\n");
  });

  it("exits 1 when its home is missing, and exits at once without -f", () => {
    const w = lines(
      "docker run -d --name h1 nginx busybox httpd -f -p 8080 -h /nope",
      "docker run -d --name h2 nginx busybox httpd -p 8080",
    );
    expect(run(w, "docker inspect -f '{{.Name}} {{.State.Status}} {{.State.ExitCode}}' h1 h2")[0]).toBe(
      "/h1 exited 1\n/h2 exited 0\n",
    );
    expect(run(w, "docker logs h1")[0]).toBe("httpd: can't change directory to '/nope': No such file or directory\n");
  });

  it("is found by bare name through the image's sh, not by runc", () => {
    const w = lines(
      "docker run -d --name h4 nginx sh -c 'httpd -f -p 8084 -h /usr/share/nginx/html'",
      "docker run -d --name h5 nginx httpd -f -p 8085",
    );
    expect(run(w, "docker exec h4 curl -s localhost:8084/ | grep -o '<title>.*</title>'")[0]).toBe(
      "<title>Welcome to nginx!</title>\n",
    );
    expect(run(w, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.Error}}' h5")[0]).toContain(
      "created 127 failed to create task for container",
    );
  });
});

describe("the small nc as a container's server", () => {
  it("-ll -e answers every connection with the program's output", () => {
    const w = lines("docker run -d --name db nginx nc -ll -p 5432 -e echo pong");
    expect(run(w, "docker exec db nc 127.0.0.1 5432 </dev/null")[0]).toBe("pong\n");
    expect(run(w, "docker exec db nc 127.0.0.1 5432 </dev/null")[0]).toBe("pong\n");
  });

  it("-l -e answers once, and the container exits 0 with it", () => {
    const w0 = lines("docker run -d --name once nginx nc -l -p 7000 -e echo bye");
    const [out, , w] = run(w0, "docker exec once nc 127.0.0.1 7000 </dev/null");
    expect(out).toBe("bye\n");
    expect(run(w, "sleep 1; docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' once")[0]).toBe("exited 0\n");
  });
});
