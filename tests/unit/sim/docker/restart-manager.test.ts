import { describe, expect, it } from "vitest";
import { decideRestart } from "../../../../src/sim/docker/restart-manager.ts";
import type { Container } from "../../../../src/sim/docker/types.ts";
import { terminal } from "../shell/terminal.ts";

const base = { restartCount: 0 } as Container;
const withPolicy = (name: string, max = 0, extra: Partial<Container> = {}): Container => ({
  ...base,
  restartPolicy: { name, maximumRetryCount: max },
  ...extra,
});

describe("the restart manager's decision", () => {
  it("waits 100 ms first, doubles each time, caps at a minute, and starts over after a 10 s run", () => {
    expect(decideRestart(withPolicy("always"), 0, false, 50).wait).toBe(100);
    expect(decideRestart(withPolicy("always", 0, { restartDelay: 400 }), 0, false, 50).wait).toBe(800);
    expect(decideRestart(withPolicy("always", 0, { restartDelay: 40_000 }), 0, false, 50).wait).toBe(60_000);
    expect(decideRestart(withPolicy("always", 0, { restartDelay: 40_000 }), 0, false, 10_000).wait).toBe(100);
  });

  it("on-failure restarts only a non-zero status, up to its count; a stop by hand ends every policy", () => {
    expect(decideRestart(withPolicy("on-failure", 3), 0, false, 0).restart).toBe(false);
    expect(decideRestart(withPolicy("on-failure", 3), 1, false, 0).restart).toBe(true);
    expect(decideRestart(withPolicy("on-failure", 3, { restartCount: 3 }), 1, false, 0).restart).toBe(false);
    expect(decideRestart(withPolicy("on-failure", 0, { restartCount: 30 }), 1, false, 0).restart).toBe(true);
    expect(decideRestart(withPolicy("always"), 137, true, 0).restart).toBe(false);
    expect(decideRestart(withPolicy("unless-stopped"), 0, false, 0).restart).toBe(true);
    expect(decideRestart(withPolicy("no"), 1, false, 0).restart).toBe(false);
  });
});

describe("restart policies in a session", () => {
  it("a failing one-off command is started again with back-off until on-failure's count, each run logged", () => {
    const { out } = terminal([
      "docker run -d --restart on-failure:3 --name crash nginx sh -c 'echo boom; exit 3'",
      "docker inspect -f '{{.State.Status}} {{.RestartCount}}' crash",
      "sleep 5",
      "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}' crash",
      "docker logs crash",
      "docker events --since 1m --until 0s --filter event=die --format '{{.Actor.Attributes.exitCode}}' | wc -l",
    ]);
    expect(out[1]).toBe("exited 1\n");
    expect(out[3]).toBe("exited 3 3\n");
    expect(out[4]).toBe("boom\nboom\nboom\nboom\n");
    expect(out[5]).toBe("4\n");
  });

  it("nginx -s stop ends PID 1 with 0: always brings it back, its exit code reads 0 again", () => {
    const { out } = terminal([
      "docker run -d --restart always --name web nginx",
      "docker exec web nginx -s stop 2>/dev/null",
      "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}' web",
      "kill -9 $(docker inspect -f '{{.State.Pid}}' web)",
      "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.RestartCount}}' web",
    ]);
    expect(out[2]).toBe("running 0 1\n");
    expect(out[4]).toBe("running 0 2\n");
  });

  it("docker stop -t 0 logs the SIGKILL even when nginx was already going; -t takes only an int", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "docker stop -t 0 web",
      "sleep 1",
      "docker events --since 1m --until 0s --filter event=kill --format '{{.Actor.Attributes.signal}}'",
      "docker restart -t x web; echo rc=$?",
    ]);
    expect(out[3]).toBe("15\n9\n");
    expect(out[4]).toContain('invalid argument "x" for "-t, --time" flag');
    expect(out[4]).toContain("rc=125");
  });
});

describe("dockerd restarting", () => {
  it("live-restore keeps containers and their published port; without it they stop", () => {
    const { out } = terminal([
      `echo '{"live-restore": true}' > /etc/docker/daemon.json`,
      "systemctl restart docker",
      "docker run -d -p 2024:80 --name web nginx",
      "systemctl restart docker",
      "docker ps --format '{{.Names}} {{.State}}'",
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' 10.88.0.4:2024",
      "docker info --format '{{.LiveRestoreEnabled}}'",
      "echo '{}' > /etc/docker/daemon.json",
      "systemctl restart docker",
      "docker ps -a --format '{{.Names}} {{.State}}'",
    ]);
    expect(out[4]).toBe("web running\n");
    expect(out[5]).toBe("200\n");
    expect(out[6]).toBe("true\n");
    expect(out[9]).toBe("web exited\n");
  });

  it("forgets its events, and writes the default bridge's rules anew (counters from zero)", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "web$ curl -s -m 3 -o /dev/null baidu.com",
      "systemctl restart docker",
      "docker events --since 5m --until 0s --format '{{.Action}}' | wc -l",
      "iptables -t nat -L POSTROUTING -n -v | awk 'NR==3 {print $1}'",
    ]);
    expect(out[3]).toBe("0\n");
    expect(out[4]).toBe("0\n");
  });

  it("a port cannot be published once a learner deleted the nat DOCKER chain", () => {
    const { out } = terminal([
      "iptables -t nat -F; iptables -t nat -X",
      "docker run -d -p 2025:80 --name two nginx > /dev/null; echo rc=$?",
      "docker ps -a --format '{{.Names}} {{.State}}'",
    ]);
    expect(out[1]).toContain("iptables: No chain/target/match by that name.");
    expect(out[1]).toContain("rc=125");
    expect(out[2]).toBe("two created\n");
  });
});
