/**
 * Every command the registry knows, with argv drawn from its own spec (subcommands,
 * options and their values, arguments from the world's containers and networks), run
 * in worlds that have been knocked about: a container removed under a shell inside it,
 * a paused one, a network gone, the rules flushed, the conntrack table emptied, the
 * daemon stopped. No command may throw, and what it prints stays bounded.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyCommand, HOST_SESSION, type Session, type World } from "../../../src/sim/index.ts";
import { LIMITS } from "../../../src/sim/limits.ts";
import { COMMAND_SPECS } from "../../../src/sim/shell/registry.ts";
import { runLine } from "../../../src/sim/shell/run.ts";
import type { CommandSpec, ValueSource } from "../../../src/sim/shell/spec.ts";
import { createWorld } from "../../../src/sim/world.ts";

function build(lines: readonly string[], world = createWorld(7)): World {
  let w = world;
  for (const l of lines) w = runLine(w, HOST_SESSION, l).world;
  return w;
}

const BASE = build([
  "docker network create -o com.docker.network.bridge.enable_icc=false mynet",
  "docker run -d -p 2024:80 --name web nginx",
  "docker run -d --name api --network mynet nginx",
  "docker run -d --name frozen -p 8080:80 nginx",
  "docker pause frozen",
  "docker create --name idle busybox",
  "curl -s -m 1 127.0.0.1:2024",
]);
const WEB = BASE.docker.containers.find((c) => c.name === "web")!.id;
const API = BASE.docker.containers.find((c) => c.name === "api")!.id;
const FROZEN = BASE.docker.containers.find((c) => c.name === "frozen")!.id;

/** The worlds the commands run in, each with the sessions that make sense there. */
const WORLDS: readonly { readonly name: string; readonly world: World }[] = [
  { name: "as built", world: BASE },
  { name: "web removed", world: build(["docker rm -f web"], BASE) },
  { name: "network gone", world: build(["docker rm -f api", "docker network rm mynet"], BASE) },
  {
    name: "rules flushed",
    world: build(["iptables -F", "iptables -X", "iptables -t nat -F", "iptables -t nat -X", "conntrack -F"], BASE),
  },
  { name: "daemon stopped", world: build(["systemctl stop docker"], BASE) },
  { name: "ip_forward off", world: build(["sysctl -w net.ipv4.ip_forward=0", "ip link del docker0"], BASE) },
];

const SESSIONS: readonly Session[] = [
  HOST_SESSION,
  { machine: "internet" },
  { machine: WEB, container: WEB, shell: "bash" },
  { machine: API, container: API, shell: "sh" },
  { machine: FROZEN, container: FROZEN, shell: "sh" },
  { machine: "gone-namespace" },
  { machine: "host", noTty: true, shell: "bash-c" },
];

const FREE_WORDS = [
  "web", "api", "frozen", "idle", "nosuch", "mynet", "bridge", "host", "none", "nginx", "busybox", "-1", "0", "80",
  "2024", "65536", "99999999999", "1.5", "inf", "10.88.0.4", "172.17.0.2", "203.0.113.10", "baidu.com", "eth0",
  "docker0", "lo", "tcp", "udp", "icmp", "-A", "INPUT", "DOCKER", "-j", "DROP", "ACCEPT", "nat", "{{.Name}}",
  "{{json .}}", "{{", "x=y", "com.docker.network.driver.mtu=70000", "8080:80", "::1:80:80", "", " ", "é", "'",
  "--", "-", "/etc/hosts", "/proc/sys/net/ipv4/ip_forward",
]; // prettier-ignore

function valueWords(src: ValueSource | undefined): readonly string[] {
  if (!src || src.kind === "free") return FREE_WORDS;
  if (src.kind === "words") return src.words.length > 0 ? src.words : FREE_WORDS;
  if (src.kind === "containers") return ["web", "api", "frozen", "idle", "nosuch", WEB.slice(0, 12)];
  if (src.kind === "networks") return ["bridge", "mynet", "host", "none", "nosuch"];
  return ["nginx", "busybox", "alpine", "nosuch:latest"];
}

/** An argv for `spec`: a path down its subcommands, then options and arguments in any order. */
function argvFor(spec: CommandSpec): fc.Arbitrary<string[]> {
  const word = (src: ValueSource | undefined): fc.Arbitrary<string> => fc.constantFrom(...valueWords(src));
  const options = spec.options ?? [];
  const option =
    options.length === 0
      ? fc.constant<string[]>([])
      : fc
          .constantFrom(...options)
          .chain((o) =>
            o.arity === 0
              ? fc.constant<string[]>([o.names[0]!])
              : fc.tuple(fc.constantFrom(...o.names), word(o.value)).map(([n, v]): string[] => [n, v]),
          );
  const args = spec.args ?? [];
  const arg = args.length === 0 ? word(undefined) : fc.constantFrom(...args).chain((a) => word(a));
  const pieces = fc
    .array(
      fc.oneof(
        option,
        arg.map((a): string[] => [a]),
      ),
      { maxLength: 5 },
    )
    .map((ps): string[] => ps.flat());
  const subs = spec.subcommands ?? [];
  const tail: fc.Arbitrary<string[]> =
    subs.length === 0
      ? pieces
      : fc.oneof(
          pieces,
          fc.constantFrom(...subs).chain((s) => argvFor(s).map((rest) => [s.name, ...rest.slice(1)])),
        );
  return tail.map((rest) => [spec.name, ...rest]);
}

function quote(w: string): string {
  return /^[\w@%+=:,./{}-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

const LINE = fc.constantFrom(...COMMAND_SPECS).chain((spec) => argvFor(spec).map((argv) => argv.map(quote).join(" ")));

/** What a terminal may receive from one line: the shell's line cap, and no line of unbounded length. */
const MAX_OUTPUT_CHARS = LIMITS.maxOutputLines * 2_000;

describe("every command, from its own spec, in worlds knocked about", () => {
  it("never throws and prints a bounded amount", () => {
    fc.assert(
      // Worlds and sessions are drawn by index, so that a counterexample prints short.
      fc.property(fc.nat(WORLDS.length - 1), fc.nat(SESSIONS.length - 1), LINE, (wi, si, line) => {
        const world = WORLDS[wi]!.world;
        const session = SESSIONS[si]!;
        for (const run of [() => runLine(world, session, line), () => applyCommand(world, line, session)] as const) {
          const r = run();
          expect(Number.isInteger(r.exitCode)).toBe(true);
          expect(r.stdout.length + r.stderr.length).toBeLessThan(MAX_OUTPUT_CHARS);
          expect(r.stdout.split("\n").length).toBeLessThanOrEqual(LIMITS.maxOutputLines + 1);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 1500) },
    );
  });

  it("ends a shell whose container is gone as docker exec ends: back on the host, silent, status 137", () => {
    const inside = applyCommand(BASE, "docker exec -it web bash", HOST_SESSION).session;
    expect(inside.container).toBe(WEB);
    const removed = applyCommand(BASE, "docker rm -f web", HOST_SESSION).world;
    const r = applyCommand(removed, "ping -c 1 1.1.1.1", inside);
    expect(r.session).toEqual(HOST_SESSION);
    expect(r.exitCode).toBe(137);
    expect(r.output).toEqual([]);
    // The host's prompt answers the next line.
    expect(applyCommand(r.world, "hostname", r.session).stdout).toBe("docker-host\n");
  });

  it("reads nothing in a paused container's shell, and runs again once it is unpaused", () => {
    const inside: Session = { machine: WEB, container: WEB, shell: "bash" };
    const paused = applyCommand(BASE, "docker pause web").world;
    const r = applyCommand(paused, "hostname", inside);
    expect(r.output).toEqual([]);
    expect(r.session).toEqual(inside);
    const thawed = applyCommand(paused, "docker unpause web").world;
    expect(applyCommand(thawed, "hostname", inside).stdout).toBe(WEB.slice(0, 12) + "\n");
  });
});
