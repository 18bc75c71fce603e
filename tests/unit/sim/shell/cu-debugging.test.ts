/**
 * A learner's debugging after the article, held to what the oracle printed (cu scenarios):
 * a wrong --dns, a crashed program in a pipeline, nc as a container's server, a port clash.
 */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import { inside, out, run } from "../lab.ts";

describe("busybox nslookup's -timeout= and -retry=", () => {
  it("takes them and times out against a server that never answers", () => {
    const w = run(createWorld(3), "docker run -d --name box --dns 192.0.2.1 nginx");
    const r = out(w, "nslookup -timeout=1 -retry=1 baidu.com", inside(w, "box"));
    expect(r.stdout).toBe(";; connection timed out; no servers could be reached\n\n");
    expect(r.code).toBe(1);
  });

  it("checks their range as xatou_range does", () => {
    const w = run(createWorld(3), "docker run -d --name box nginx");
    expect(out(w, "nslookup -timeout=0 baidu.com", inside(w, "box")).stderr).toBe(
      "nslookup: number 0 is not in 1..2147483 range\n",
    );
    expect(out(w, "nslookup -retry=x baidu.com", inside(w, "box")).stderr).toBe("nslookup: invalid number 'x'\n");
  });
});

describe("busybox sh and a pipeline member a signal killed", () => {
  it("reports wget's crash on -T though grep, last in the pipeline, decides the status", () => {
    const w = run(createWorld(3), "docker run -d -p 2024:80 --name box nginx");
    const r = out(w, "wget -qO- -T 2 http://172.17.0.1:2024/ | grep -o '<title>.*</title>'", inside(w, "box"));
    expect(r.stderr).toBe("Segmentation fault\n");
    expect(r.code).toBe(1);
  });
});

describe("a container whose process is `echo … | nc -l -p PORT`", () => {
  it("sends its stdin to its one client, logs the request and exits 0", () => {
    let w = run(createWorld(3), "docker run -d --name web nginx sh -c 'echo hello from nc | nc -l -p 8081'");
    expect(out(w, "netstat -ltn", inside(w, "web")).stdout).toContain(":::8081");
    const r = out(w, "curl -sS -m 3 http://172.17.0.2:8081/");
    expect(r.stderr).toBe("curl: (1) Received HTTP/0.9 when not allowed\n");
    expect(r.code).toBe(1);
    w = run(r.world, "sleep 1");
    expect(out(w, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' web").stdout).toBe("exited 0\n");
    expect(out(w, "docker logs web").stdout).toBe(
      "GET / HTTP/1.1\r\nHost: 172.17.0.2:8081\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n",
    );
  });
});

describe("a start the daemon refused", () => {
  it("leaves ExitCode 128 and State.Error on the created container", () => {
    const w = run(
      createWorld(3),
      "docker run -d -p 2024:80 --name web nginx",
      "docker run -d -p 2024:80 --name web2 nginx",
    );
    const r = out(w, "docker inspect -f '{{.State.Status}} {{.State.ExitCode}} {{.State.Error}}' web2");
    expect(r.stdout).toMatch(
      /^created 128 driver failed programming external connectivity .*port is already allocated\n$/,
    );
  });
});
