/**
 * nginx started by hand beside another first process (`sh -c 'nginx; sleep 3600'`,
 * `docker exec -d web nginx`): it forks into the background and holds :80 until
 * `nginx -s stop`, while the container, its docker-proxy and its rules stay.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

const SHELL_FIRST = "docker run -d -p 2024:80 --name web nginx sh -c 'nginx; sleep 3600'";
const STATUS = "curl -s -m 2 -o /dev/null -w '%{http_code}\\n' http://10.88.0.4:2024/; echo rc=$?";

describe("nginx as a daemon in a container", () => {
  it("is started by the container's shell and keeps serving while the shell sleeps on", () => {
    const { out } = terminal([SHELL_FIRST, "sleep 1", STATUS, "docker ps --format '{{.Names}} {{.State}}'"]);
    expect(out[2]).toBe("200\nrc=0\n");
    expect(out[3]).toBe("web running\n");
  });

  it("stops on nginx -s stop without taking the container, and comes back with exec -d", () => {
    const { out } = terminal([
      SHELL_FIRST,
      "docker exec web nginx -s stop 2>/dev/null; echo rc=$?",
      "docker ps --format '{{.Names}} {{.State}}'",
      "docker exec web netstat -tln | grep -c LISTEN",
      STATUS,
      "ss -tln | grep -c 2024",
      "docker exec -d web nginx",
      "docker exec web netstat -tln | grep -c LISTEN",
      STATUS,
    ]);
    expect(out[1]).toBe("rc=0\n");
    expect(out[2]).toBe("web running\n");
    expect(out[3]).toBe("0\n");
    expect(out[4]).toBe("000\nrc=7\n");
    expect(out[5]).toBe("2\n");
    expect(out[7]).toBe("2\n");
    expect(out[8]).toBe("200\nrc=0\n");
  });

  it("refuses a second master while one holds :80", () => {
    const { out } = terminal([SHELL_FIRST, "docker exec web nginx 2>&1 | tail -n 1"]);
    expect(out[1]).toBe("nginx: [emerg] still could not bind()\n");
  });
});

describe("docker network connect after --network none", () => {
  it("is refused beside none, and allowed once the container has left it", () => {
    const { out } = terminal([
      "docker run -d --network none --name lone nginx",
      "docker network connect bridge lone",
      "docker network disconnect none lone",
      "docker network connect bridge lone; echo rc=$?",
      "docker exec lone ip route | head -n 1",
    ]);
    expect(out[1]).toContain("container cannot be connected to multiple networks");
    expect(out[3]).toBe("rc=0\n");
    expect(out[4]).toBe("default via 172.17.0.1 dev eth0 \n");
  });
});

describe("nginx -s with no master running", () => {
  it("finds no pid file and fails, as the oracle's image does", () => {
    const { out } = terminal([
      "docker run -d --name web nginx sh -c 'sleep 3600'",
      "docker exec web nginx -s stop 2>&1 | cut -d' ' -f3-; docker exec web nginx -s reload 2>/dev/null; echo rc=$?",
    ]);
    expect(out[1]).toMatch(
      /^\[notice\] (\d+)#\1: signal process started\n\[error\] \1#\1: open\(\) "\/var\/run\/nginx.pid" failed \(2: No such file or directory\)\nrc=1\n$/,
    );
  });
});

describe("nginx -s reload", () => {
  it("lists the worker the master forked for the new configuration, with the PID after the signaller's", () => {
    const { out } = terminal([
      "docker run -d --name web nginx >/dev/null",
      "docker exec web sh -c 'nginx -s reload 2>&1; ps -o pid,comm'",
    ]);
    const signaller = Number(/\[notice\] (\d+)#/.exec(out[1]!)?.[1]);
    const workers = [...out[1]!.matchAll(/^ *(\d+) nginx$/gm)].map((m) => Number(m[1]));
    expect(workers).toEqual([1, signaller + 1]);
  });
});
