import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { completionSpecs } from "../../../src/sim/index.ts";
import { complete, type CompletionContext } from "../../../src/ui/terminal/completion.ts";

// The shell's real specs (what the worker hands the terminal), narrowed to a few commands.
const specs = completionSpecs();
const NAMES = ["cat", "conntrack", "curl", "docker", "echo", "ip", "iptables", "iptables-save", "sysctl"];
const ctx: CompletionContext = {
  specs: { ...specs, commands: specs.commands.filter((c) => NAMES.includes(c.name)) },
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
    expect(complete("iptables", ctx)).toEqual({
      before: "iptables",
      candidates: ["iptables", "iptables-nft", "iptables-nft-save", "iptables-save"],
    });
    expect(complete("c", ctx)).toEqual({ before: "c", candidates: ["cat", "clear", "conntrack", "curl"] });
    expect(complete("co", ctx)).toEqual({ before: "conntrack ", candidates: [] });
  });

  it("completes docker subcommands, flags, images, containers and networks", () => {
    expect(complete("docker ru", ctx)).toEqual({ before: "docker run ", candidates: [] });
    expect(complete("docker r", ctx)).toEqual({
      before: "docker r",
      candidates: ["rename", "restart", "rm", "rmi", "run"],
    });
    expect(complete("docker run -d -p 2024:80 --name mynginxs ng", ctx)).toEqual({
      before: "docker run -d -p 2024:80 --name mynginxs nginx ",
      candidates: [],
    });
    expect(complete("docker run --name ", ctx)).toEqual({ before: "docker run --name ", candidates: [] });
    expect(complete("docker run --net", ctx)).toEqual({ before: "docker run --network", candidates: [] });
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
    expect(complete("docker ps --fo", ctx)).toEqual({ before: "docker ps --format ", candidates: [] });
    expect(complete("docker ps --f", ctx)).toEqual({ before: "docker ps --f", candidates: ["--filter", "--format"] });
  });

  it("completes iptables tables, ip objects, and words after a pipe", () => {
    expect(complete("iptables -t n", ctx)).toEqual({ before: "iptables -t nat ", candidates: [] });
    expect(complete("ip ro", ctx)).toEqual({ before: "ip route ", candidates: [] });
    expect(complete("ip route g", ctx)).toEqual({ before: "ip route get ", candidates: [] });
    expect(complete("sysctl net.ipv4.ip", ctx)).toEqual({ before: "sysctl net.ipv4.ip_forward ", candidates: [] });
    expect(complete("iptables -S | ec", ctx)).toEqual({ before: "iptables -S | echo ", candidates: [] });
  });

  it("offers what the command's spec says: options, their values, and subcommands at any depth", () => {
    expect(complete("docker network create --dri", ctx)).toEqual({
      before: "docker network create --driver ",
      candidates: [],
    });
    expect(complete("docker network create -d b", ctx)).toEqual({
      before: "docker network create -d bridge ",
      candidates: [],
    });
    expect(complete("docker run -dp 8080:80 bu", ctx)).toEqual({
      before: "docker run -dp 8080:80 busybox ",
      candidates: [],
    });
    expect(complete("iptables -t nat -j MASQ", ctx)).toEqual({
      before: "iptables -t nat -j MASQUERADE ",
      candidates: [],
    });
    expect(complete("ip addr s", ctx)).toEqual({ before: "ip addr show ", candidates: [] });
    expect(complete("docker container l", ctx)).toEqual({ before: "docker container l", candidates: ["list", "ls"] });
  });

  it("completes every command the shell runs, and nothing it does not", () => {
    const all: CompletionContext = { ...ctx, specs };
    expect(complete("xtables-mon", all).before).toBe("xtables-monitor ");
    expect(complete("nosuchcmd", all)).toEqual({ before: "nosuchcmd", candidates: [] });
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
