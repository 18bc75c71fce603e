/**
 * The stateful matches across commands, on the lab's clock: recent's list as
 * /proc/net/xt_recent shows it and takes writes, a resent SYN that an nth statistic
 * lets through (the oracle's aq02 and aq04), and hashlimit's table as its /proc file.
 */
import { describe, expect, it } from "vitest";
import { applyCommand, createWorld, type Session, type World } from "../../../../src/sim/index.ts";

const HOST: Session = { machine: "host", noTty: true };
const INTERNET: Session = { machine: "internet", noTty: true };
const CURL = "curl -s -m 3 -o /dev/null -w '%{http_code}' http://10.88.0.4:2024/";

function run(w: World, ...lines: string[]): World {
  let world = w;
  for (const l of lines) world = applyCommand(world, l, HOST).world;
  return world;
}
const text = (w: World, line: string, s = HOST) => {
  const r = applyCommand(w, line, s);
  return { out: r.stdout + r.stderr, code: r.exitCode, world: r.world };
};

describe("recent", () => {
  it("drops the source once it has hit the list often enough, and forgets it when flushed", () => {
    let w = run(
      createWorld(7),
      "docker run -d -p 2024:80 --name web nginx",
      "iptables -I DOCKER-USER -p tcp --dport 80 -m conntrack --ctstate NEW -m recent --set --name web",
      "iptables -I DOCKER-USER -p tcp --dport 80 -m conntrack --ctstate NEW -m recent --update --seconds 60 --hitcount 2 --name web -j DROP",
    );
    const codes: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = text(w, CURL, INTERNET);
      codes.push(r.out);
      w = r.world;
    }
    expect(codes).toEqual(["200", "200", "000"]);
    expect(text(w, "cut -d' ' -f1-3 /proc/net/xt_recent/web").out).toBe("src=10.88.0.1 ttl: 64\n");
    w = run(w, "echo / > /proc/net/xt_recent/web");
    expect(text(w, "cat /proc/net/xt_recent/web").out).toBe("");
    expect(text(w, CURL, INTERNET).out).toBe("200");
    const bad = text(w, "echo -10.9.9.9 > /proc/net/xt_recent/web");
    expect(bad.out).toBe("bash: echo: write error: No such process\n");
  });
});

describe("statistic nth", () => {
  it("drops every other new connection's SYN, and the resent SYN a second later connects", () => {
    let w = run(
      createWorld(7),
      "docker run -d -p 2024:80 --name web nginx",
      "iptables -I DOCKER-USER -p tcp --syn --dport 80 -m statistic --mode nth --every 2 --packet 0 -j DROP",
    );
    const before = w.clock;
    const r = text(w, CURL, INTERNET);
    expect(r.out).toBe("200");
    w = r.world;
    expect(w.clock - before).toBeGreaterThanOrEqual(1000);
    expect(text(w, "iptables -L DOCKER-USER -n -v -x").out).toMatch(/^\s+1\s+60 DROP/m);
  });
});

describe("hashlimit", () => {
  it("keeps one entry per source in its /proc file while rules name the table", () => {
    let w = run(
      createWorld(7),
      "docker run -d -p 2024:80 --name web nginx",
      "iptables -I DOCKER-USER -p tcp --dport 80 -m hashlimit --hashlimit-upto 1/min --hashlimit-mode srcip --hashlimit-name web",
    );
    w = text(w, CURL, INTERNET).world;
    expect(text(w, "cut -d' ' -f2 /proc/net/ipt_hashlimit/web").out).toBe("10.88.0.1:0->0.0.0.0:0\n");
    w = run(w, "iptables -F DOCKER-USER");
    expect(text(w, "ls /proc/net/ipt_hashlimit/").out).toBe("");
  });
});
