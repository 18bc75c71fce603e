import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { complete, type CompletionContext } from "../../../src/ui/terminal/completion.ts";

const ctx: CompletionContext = {
  commands: ["cat", "conntrack", "curl", "docker", "echo", "ip", "iptables", "iptables-save", "sysctl"],
  containers: ["mynginxs", "web1", "web2"],
  networks: ["bridge", "host", "mynet", "none"],
};

describe("tab completion", () => {
  it("completes a unique command and adds a space", () => {
    expect(complete("dock", ctx)).toEqual({ before: "docker ", candidates: [] });
    expect(complete("und", ctx)).toEqual({ before: "undo ", candidates: [] });
  });

  it("completes the common prefix, then lists the candidates", () => {
    expect(complete("ipt", ctx)).toEqual({ before: "iptables", candidates: [] });
    expect(complete("iptables", ctx)).toEqual({ before: "iptables", candidates: ["iptables", "iptables-save"] });
    expect(complete("c", ctx)).toEqual({ before: "c", candidates: ["cat", "clear", "conntrack", "curl"] });
    expect(complete("co", ctx)).toEqual({ before: "conntrack ", candidates: [] });
  });

  it("completes docker subcommands, flags, images, containers and networks", () => {
    expect(complete("docker ru", ctx)).toEqual({ before: "docker run ", candidates: [] });
    expect(complete("docker r", ctx)).toEqual({ before: "docker r", candidates: ["restart", "rm", "run"] });
    expect(complete("docker run -d -p 2024:80 --name mynginxs ng", ctx)).toEqual({
      before: "docker run -d -p 2024:80 --name mynginxs nginx ",
      candidates: [],
    });
    expect(complete("docker run --name ", ctx)).toEqual({ before: "docker run --name ", candidates: [] });
    expect(complete("docker run --net", ctx)).toEqual({ before: "docker run --network ", candidates: [] });
    expect(complete("docker run --network my", ctx)).toEqual({ before: "docker run --network mynet ", candidates: [] });
    expect(complete("docker exec -it myn", ctx)).toEqual({ before: "docker exec -it mynginxs ", candidates: [] });
    expect(complete("docker exec -it mynginxs b", ctx)).toEqual({
      before: "docker exec -it mynginxs bash ",
      candidates: [],
    });
    expect(complete("docker logs we", ctx)).toEqual({ before: "docker logs web", candidates: [] });
    expect(complete("docker logs web", ctx)).toEqual({ before: "docker logs web", candidates: ["web1", "web2"] });
    expect(complete("docker network conn", ctx)).toEqual({ before: "docker network connect ", candidates: [] });
    expect(complete("docker network connect myn", ctx)).toEqual({
      before: "docker network connect mynet ",
      candidates: [],
    });
    expect(complete("docker network connect mynet we", ctx)).toEqual({
      before: "docker network connect mynet web",
      candidates: [],
    });
    expect(complete("docker ps --f", ctx)).toEqual({ before: "docker ps --format ", candidates: [] });
  });

  it("completes iptables tables, ip objects, and words after a pipe", () => {
    expect(complete("iptables -t n", ctx)).toEqual({ before: "iptables -t nat ", candidates: [] });
    expect(complete("ip ro", ctx)).toEqual({ before: "ip route ", candidates: [] });
    expect(complete("ip route g", ctx)).toEqual({ before: "ip route get ", candidates: [] });
    expect(complete("sysctl net", ctx)).toEqual({ before: "sysctl net.ipv4.ip_forward ", candidates: [] });
    expect(complete("iptables -S | ec", ctx)).toEqual({ before: "iptables -S | echo ", candidates: [] });
  });

  it("leaves the line alone when nothing fits", () => {
    expect(complete("zzz", ctx)).toEqual({ before: "zzz", candidates: [] });
    expect(complete("echo hel", ctx)).toEqual({ before: "echo hel", candidates: [] });
  });

  it("only ever extends what was typed (property)", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ -~]{0,40}$/), (s) => {
        const r = complete(s, ctx);
        expect(r.before.startsWith(s)).toBe(true);
      }),
    );
  });
});
