/**
 * Whatever is typed, the kernel tools answer with a value: no exception, an exit code,
 * a world that still serialises and keeps its veth peers paired.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import type { World } from "../../../../src/sim/world.ts";

const words = [
  "ip", "ifconfig", "sysctl", "cat", "grep", "sort", "head", "tail", "wc", "cut", "uniq", "echo", "rm", "bash", "sh",
  "ss", "netstat", "hostname", "-tlnp", "-tuln", "-I",
  "addr", "a", "link", "l", "route", "r", "netns", "add", "del", "set", "show", "get", "flush", "replace", "dev",
  "eth0", "docker0", "lo", "up", "down", "via", "metric", "master", "nomaster", "type", "veth", "bridge", "peer",
  "name", "br9", "v9", "mtu", "1400", "10.88.0.1", "172.17.0.9/16", "10.9.0.0/16", "default", "-4", "-br", "-a",
  "-w", "-n", "-q", "-e", "-c", "-v", "-k2", "-t:", "-f1", "-d", "net.ipv4.ip_forward", "net.ipv4.ip_forward=0",
  "net.ipv4.conf.eth0.forwarding=1", "/proc/sys/net/ipv4/ip_forward", "/etc/hosts", "|", ";", "&&", "||", ">",
  ">>", "2>&1", "2>/dev/null", "<", "<<<", "x", "'a b'", "$?", "-c",
]; // prettier-ignore

function peersPaired(w: World): boolean {
  for (const ns of Object.values(w.netns)) {
    for (const l of ns.links) {
      if (l.kind !== "veth") continue;
      const p = l.peer && w.netns[l.peer.netns]?.links.find((x) => x.ifindex === l.peer!.ifindex);
      if (!p || p.peer?.netns !== ns.id || p.peer.ifindex !== l.ifindex) return false;
    }
  }
  return true;
}

describe("kernel tools under random input", () => {
  const start = runLine(createWorld(5), { machine: "host" }, "docker run -d --name web nginx").world;
  const container = start.docker.containers[0]!.id;
  it("never throw, and keep the world whole", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 9 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom("host", "internet", container),
        (lines, machine) => {
          let w = start;
          for (const l of lines) {
            const r = runLine(w, { machine }, l.join(" "));
            expect(Number.isInteger(r.exitCode)).toBe(true);
            w = r.world;
          }
          expect(peersPaired(w)).toBe(true);
          expect(JSON.parse(JSON.stringify(w))).toEqual(w);
        },
      ),
      { numRuns: 300 },
    );
  });
});
