import { describe, expect, it } from "vitest";
import { terminal } from "../shell/terminal.ts";

const RUN = "docker run -d -p 2024:80 --name web nginx";
const PROXY_PIDS = "$(ss -ltnpH 'sport = :2024' | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u)";

describe("killing docker-proxy", () => {
  it("closes its socket: localhost is refused, the DNATed address and the internet still reach nginx", () => {
    const { out } = terminal([
      RUN,
      `kill ${PROXY_PIDS}; echo rc=$?`,
      "ps -C docker-proxy -o args=; echo rc=$?",
      "ss -ltn | grep -c 2024",
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' localhost:2024; echo rc=$?",
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' 10.88.0.4:2024",
      "internet$ curl -s -m 3 -o /dev/null -w '%{http_code}\\n' http://10.88.0.4:2024/",
      "docker exec web sh -c \"curl -s -m 3 -o /dev/null -w '%{http_code}\\n' http://172.17.0.1:2024/; echo rc=\\$?\"",
      "iptables -t nat -S DOCKER | grep -c DNAT",
    ]);
    expect(out[1]).toBe("rc=0\n");
    expect(out[2]).toBe("rc=1\n");
    expect(out[3]).toBe("0\n");
    expect(out[4]).toBe("000\nrc=7\n");
    expect(out[5]).toBe("200\n");
    expect(out[6]).toBe("200\n");
    expect(out[7]).toBe("000\nrc=7\n");
    expect(out[8]).toBe("1\n");
  });

  it("is not started again by dockerd, but by the container's next start", () => {
    const { out } = terminal([
      RUN,
      "pkill docker-proxy",
      "sleep 5",
      "pgrep -c docker-proxy",
      "docker restart web",
      "pgrep -c docker-proxy",
    ]);
    expect(out[3]).toBe("0\n");
    expect(out[5]).toBe("2\n");
  });

  it("pkill -f matches the command line, -e says what it killed, no match exits 1", () => {
    const { out } = terminal([
      RUN,
      "pkill -e -f 'host-ip 0.0.0.0'",
      "pgrep -c docker-proxy",
      "pkill nosuch; echo rc=$?",
    ]);
    expect(out[1]).toMatch(/^docker-proxy killed \(pid \d+\)\n$/);
    expect(out[2]).toBe("1\n");
    expect(out[3]).toBe("rc=1\n");
  });

  it("a stopped proxy keeps its socket but answers nothing until SIGCONT", () => {
    const { out } = terminal([
      RUN,
      "pkill -STOP docker-proxy",
      "ss -ltn | grep -c 2024",
      "curl -s -m 2 -o /dev/null localhost:2024; echo rc=$?",
      "pkill -CONT docker-proxy",
      "curl -s -m 2 -o /dev/null localhost:2024; echo rc=$?",
    ]);
    expect(out[2]).toBe("2\n");
    expect(out[3]).toBe("rc=28\n");
    expect(out[5]).toBe("rc=0\n");
  });
});

describe("signals to a container's nginx", () => {
  it("from inside: KILL to init is ignored, HUP reloads, TERM stops the container with 0 and Docker takes its rules", () => {
    const { out } = terminal([
      RUN,
      "docker exec web sh -c 'kill -9 1; echo rc=$?'",
      "docker exec web kill -HUP 1",
      "docker exec web sh -c 'kill -HUP 1'",
      "docker exec web sh -c 'kill 99'",
      "docker exec web sh -c 'kill 1; echo rc=$?'",
      "docker ps -a --format '{{.Names}} {{.Status}}'",
      "iptables -t nat -S DOCKER | grep -c DNAT",
      "ss -ltn | grep -c 2024",
    ]);
    expect(out[1]).toBe("rc=0\n");
    // The image has no kill program: only the shell's builtin.
    expect(out[2]).toMatch(/exec: "kill": executable file not found in \$PATH/);
    expect(out[4]).toBe("sh: can't kill pid 99: No such process\n");
    expect(out[5]).toBe("rc=0\n");
    expect(out[6]).toMatch(/^web Exited \(0\) /);
    expect(out[7]).toBe("0\n");
    expect(out[8]).toBe("0\n");
  });

  it("from the host by its PID: KILL is forced (137), TERM is nginx's fast shutdown (0)", () => {
    const pid = "$(docker inspect -f '{{.State.Pid}}' web)";
    const { out } = terminal([
      RUN,
      `kill -0 ${pid}; echo rc=$?`,
      `kill -9 ${pid}`,
      "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.Pid}}' web",
      "docker start web",
      `kill ${pid}`,
      "docker inspect -f '{{.State.ExitCode}}' web",
    ]);
    expect(out[1]).toBe("rc=0\n");
    expect(out[3]).toBe("exited 137 0\n");
    expect(out[6]).toBe("0\n");
  });

  it("a stopped worker leaves clients waiting; the master's restart policy brings a killed container back", () => {
    const { out } = terminal([
      RUN,
      "pkill -STOP -f 'nginx: worker'",
      "curl -s -m 2 -o /dev/null 10.88.0.4:2024; echo rc=$?",
      "pkill -CONT -f 'nginx: worker'",
      "curl -s -m 2 -o /dev/null 10.88.0.4:2024; echo rc=$?",
      "docker run -d --restart always -p 2025:80 --name web2 nginx",
      "kill $(docker inspect -f '{{.State.Pid}}' web2)",
      "docker inspect -f '{{.State.Status}} {{.RestartCount}} {{.HostConfig.RestartPolicy.Name}}' web2",
      "docker stop web2",
      "docker inspect -f '{{.State.Status}} {{.RestartCount}}' web2",
    ]);
    expect(out[2]).toBe("rc=28\n");
    expect(out[4]).toBe("rc=0\n");
    expect(out[7]).toBe("running 1 always\n");
    expect(out[9]).toBe("exited 1\n");
  });
});

describe("docker kill, stop and wait", () => {
  it("checks the signal first, refuses a stopped container, and HUP leaves nginx running", () => {
    const { out } = terminal([
      RUN,
      "docker kill -s BOGUS web",
      "docker kill -s HUP web",
      "docker ps --format '{{.Names}}'",
      "docker stop -t 0 web",
      "docker wait web",
      "docker kill web",
      "docker start web",
      "docker kill web",
      "docker wait web nosuch",
    ]);
    expect(out[1]).toBe("Error response from daemon: cannot kill container: web: invalid signal: BOGUS\n");
    expect(out[3]).toBe("web\n");
    expect(out[5]).toBe("0\n");
    expect(out[6]).toMatch(
      /^Error response from daemon: cannot kill container: web: container [0-9a-f]{64} is not running\n$/,
    );
    expect(out[9]).toBe("137\nError response from daemon: No such container: nosuch\n");
  });
});

describe("kill -l", () => {
  it("names a number (an exit status above 128 too) and numbers a name", () => {
    const { out } = terminal(["kill -l 9 KILL 137 0", "kill -l 99; echo rc=$?", "kill -s 0 $$; echo rc=$?"]);
    expect(out[0]).toBe("KILL\n9\nKILL\nEXIT\n");
    expect(out[1]).toBe("bash: kill: 99: invalid signal specification\nrc=1\n");
    expect(out[2]).toBe("rc=0\n");
  });
});
