/**
 * Small servers a learner starts on the host and in containers (oracle, sessions ch01–ch09):
 * httpd's -v log lines, its bind errors and `-p` forms, httpd and `nc -l … -e` as the host
 * shell's background jobs, and a container's `nc -l -p PORT` taking one client's bytes.
 */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/index.ts";
import { httpdBind } from "../../../../src/sim/docker/main-server.ts";
import { inside, out, run } from "../lab.ts";
import type { Session } from "../../../../src/sim/index.ts";

const BASH_C: Session = { machine: "host", noTty: true };

const LINE = (n: number) => `docker run -d --name srv${n} nginx busybox httpd -f -v -p 8000 -h /etc`;

describe("busybox httpd in a container", () => {
  it("logs each response on stderr with -v, an IPv4 client of its [::] socket mapped", () => {
    const w = run(
      createWorld(4),
      LINE(1),
      "curl -s -m 3 http://172.17.0.2:8000/hosts",
      "curl -s http://172.17.0.2:8000/x",
    );
    expect(out(w, "docker logs srv1 2>/dev/null").text).toBe("");
    const log = out(w, "docker logs srv1 2>&1").text.replace(/:\d+: /g, ":P: ");
    expect(log).toBe("[::ffff:172.17.0.1]:P: response:200\n[::ffff:172.17.0.1]:P: response:404\n");
  });

  it("logs an IPv4 socket's client as it is", () => {
    const w = run(
      createWorld(4),
      "docker run -d --name s4 nginx busybox httpd -f -v -p 172.17.0.2:8000 -h /etc",
      "curl -s http://172.17.0.2:8000/hosts",
    );
    expect(out(w, "docker logs s4 2>&1").text).toMatch(/^172\.17\.0\.1:\d+: response:200\n$/);
  });

  it("answers 404 to a POST to a directory without index.html, 501 to one for a file", () => {
    const w = run(createWorld(4), LINE(1));
    expect(out(w, "curl -s -X POST -o /dev/null -w '%{http_code}' http://172.17.0.2:8000/").text).toBe("404");
    expect(out(w, "curl -s -X POST -o /dev/null -w '%{http_code}' http://172.17.0.2:8000/hosts").text).toBe("501");
  });

  it("exits 1 when it cannot bind, saying why in its log", () => {
    const w = run(
      createWorld(4),
      "docker run -d --name own nginx busybox httpd -f -p 172.17.0.2:8000 -h /etc",
      "docker run -d --name bad nginx busybox httpd -f -p 10.9.9.9:8000 -h /etc",
      "docker run -d --name two --network container:own nginx busybox httpd -f -p 8000 -h /etc",
    );
    expect(out(w, "docker logs bad").text).toBe("httpd: bind: Cannot assign requested address\n");
    expect(out(w, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' bad").text).toBe("exited 1\n");
    expect(out(w, "docker logs two").text).toBe("httpd: bind: Address already in use\n");
  });

  it("reads -p as a port when it is one, else as an address with port 80", () => {
    expect(httpdBind("8000")).toEqual({ port: 8000 });
    expect(httpdBind("127.0.0.1")).toEqual({ addr: "127.0.0.1", port: 80 });
    expect(httpdBind("99999")).toEqual({ addr: "0.1.134.159", port: 80 });
    expect(httpdBind("10.9.9.9:8000")).toEqual({ addr: "10.9.9.9", port: 8000 });
  });
});

describe("busybox httpd's headers", () => {
  it("sends no Content-type for a name without a dot", () => {
    const w = run(createWorld(4), LINE(1));
    const head = out(w, "curl -sI http://172.17.0.2:8000/hostname").text;
    expect(head).not.toContain("Content-type");
    expect(out(w, "curl -sI http://172.17.0.2:8000/nginx/nginx.conf").text).toContain(
      "Content-type: application/octet-stream",
    );
  });
});

describe("servers as the host shell's jobs", () => {
  it("listens with nc -l on [::] for IPv4 too, backlog 1", () => {
    const r = out(createWorld(4), "busybox nc -l -p 9000 & sleep 1; ss -ltn | grep 9000; kill %1", BASH_C);
    expect(r.text).toBe("LISTEN 0      1                  *:9000            *:*          \n");
  });

  it("keeps httpd -f & listening until kill %1", () => {
    const w = run(createWorld(4), "mkdir -p /tmp/www && echo hi > /tmp/www/index.html");
    const r = out(
      w,
      "busybox httpd -f -p 8000 -h /tmp/www & sleep 1; curl -s localhost:8000; kill %1; sleep 1; jobs",
      BASH_C,
    );
    // bash -c reports no ended job: `jobs` after the kill prints nothing.
    expect(r.text).toBe("hi\n");
    expect(out(r.world, "ss -ltn | grep -c 8000").text).toBe("0\n");
  });

  it("shows httpd's [::] socket as ss does one that takes IPv4 too, with httpd's backlog", () => {
    const r = out(createWorld(4), "busybox httpd -f -p 8000 -h /tmp & sleep 1; ss -ltn | grep 8000; kill %1", BASH_C);
    expect(r.text).toBe("LISTEN 0      9                  *:8000            *:*          \n");
  });

  it("ends a job whose httpd cannot bind", () => {
    const r = out(
      createWorld(4),
      "busybox httpd -f -p 10.9.9.9:8000 -h /tmp & sleep 1; jobs; ss -ltn | grep -c 8000",
      BASH_C,
    );
    expect(r.stderr).toBe("httpd: bind: Cannot assign requested address\n");
    expect(r.stdout).toBe("0\n");
  });

  it("answers each client with nc -ll -e, and one with nc -l -e", () => {
    let w = run(createWorld(4), "docker run -d --name web nginx");
    const r = out(
      w,
      "busybox nc -ll -p 9000 -e echo pong & sleep 1; docker exec web nc 172.17.0.1 9000; kill %1; wait",
      BASH_C,
    );
    expect(r.text).toBe("pong\n");
    w = r.world;
    expect(
      out(
        w,
        "busybox nc -l -p 9000 -e echo pong & sleep 1; busybox nc 127.0.0.1 9000 </dev/null; wait; echo rc=$?",
        BASH_C,
      ).text,
    ).toBe("pong\nrc=0\n");
  });
});

describe("nc -l -p PORT as a container's process", () => {
  it("takes one client, writes what it sent to its log and exits 0", () => {
    let w = run(
      createWorld(4),
      "docker run -d --name srv nginx busybox nc -l -p 9000",
      "docker run -d --name cli nginx",
    );
    expect(out(w, "netstat -tln | grep 9000", inside(w, "srv")).text).toContain(":::9000");
    w = out(w, "echo hello | nc 172.17.0.2 9000", inside(w, "cli")).world;
    expect(out(w, "docker logs srv").text).toBe("hello\n");
    expect(out(w, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' srv").text).toBe("exited 0\n");
  });
});
