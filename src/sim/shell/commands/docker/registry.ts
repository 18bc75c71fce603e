/**
 * The commands that need a registry or a terminal: `docker attach`, `login`, `logout`,
 * `search`, `push`. The lab's host has no route to Docker Hub, so what asks the registry
 * fails as the oracle's does when its lookup times out; login with no terminal cannot
 * ask for a password; attach to a running container waits for its output (the lab stops
 * it at once, as Ctrl-C would).
 */
import { findContainer } from "../../../docker/container.ts";
import { parseRef, resolveImage } from "../../../docker/images.ts";
import { parseResolvConf, readFile } from "../../../kernel/files.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { parseFlags, value } from "./flags.ts";
import { DNS_ADDR } from "../../../machines/internet.ts";
import { nextInt } from "../../../rng.ts";

const fail = (world: World, text: string, exitCode = 1): CommandResult => ({
  world,
  stdout: "",
  stderr: text + "\n",
  exitCode,
});

/** The offline lab's pull failure: the daemon cannot resolve the registry (the lab's DNS does not know it; another resolver is not reachable). */
export function pullError(world: World): [string, World] {
  const ns = world.netns["host"]?.nameservers[0] ?? "10.255.255.53";
  // The lab's DNS server knows no registry: it answers NXDOMAIN at once.
  if (ns === DNS_ADDR)
    return [
      `Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on ${ns}:53: no such host`,
      world,
    ];
  const [port, rng] = nextInt(world.rng, 32768, 60999);
  const msg = `Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on ${ns}:53: read udp 10.88.0.4:${port}->${ns}:53: i/o timeout`;
  // The lookup times out after the resolver's retries.
  return [msg, { ...world, rng, clock: world.clock + 20_000 }];
}

/**
 * The daemon asks the host's resolver for the registry's name: the lab's DNS server knows
 * baidu.com alone, so the lookup ends in NXDOMAIN (the oracle's own resolver, outside the
 * lab's world, times out instead).
 */
function unreachable(world: World, url: string, host: string, daemon = true): CommandResult {
  const conf = readFile(world, "host", "/etc/resolv.conf") ?? "";
  const server = parseResolvConf(conf)[0] ?? "127.0.0.1";
  const why = `Get "${url}": dial tcp: lookup ${host} on ${server}:53: no such host`;
  return fail({ ...world, clock: world.clock + 50 }, daemon ? `Error response from daemon: ${why}` : why);
}

export function dockerAttach(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, {
    bools: ["--no-stdin", "--sig-proxy"],
    values: ["--detach-keys"],
  });
  if (!p.ok) return flagError(world, "attach", p.error);
  const [ref] = p.parsed.args;
  if (ref === undefined || p.parsed.args.length !== 1) return argsError(world, "attach", { kind: "exact", n: 1 });
  const c = findContainer(world, ref);
  if (!c) return fail(world, `Error response from daemon: No such container: ${ref}`);
  if (c.status !== "running") return fail(world, "You cannot attach to a stopped container, start it first");
  if (c.paused) return fail(world, "You cannot attach to a paused container, unpause it first");
  return { world, stdout: "", stderr: "", exitCode: 130, blocked: true };
}

export function dockerLogin(argv: readonly string[], world: World, noTty: boolean): CommandResult {
  const p = parseFlags(argv, {
    bools: ["--password-stdin"],
    values: ["-u", "--username", "-p", "--password"],
    aliases: { "-u": "--username", "-p": "--password" },
  });
  if (!p.ok) return flagError(world, "login", p.error);
  if (p.parsed.args.length > 1) return argsError(world, "login", { kind: "max", n: 1 });
  const password = value(p.parsed, "--password");
  if (password === undefined && !p.parsed.flags["--password-stdin"] && noTty)
    return fail(world, "Error: Cannot perform an interactive login from a non TTY device");
  const warn =
    password !== undefined ? "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n" : "";
  const r = unreachable(world, "https://registry-1.docker.io/v2/", "registry-1.docker.io");
  return { ...r, stderr: warn + r.stderr };
}

export function dockerLogout(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, { bools: [], values: [] });
  if (!p.ok) return flagError(world, "logout", p.error);
  if (p.parsed.args.length > 1) return argsError(world, "logout", { kind: "max", n: 1 });
  const server = p.parsed.args[0] ?? "https://index.docker.io/v1/";
  return { world, stdout: `Removing login credentials for ${server}\n`, stderr: "", exitCode: 0 };
}

export function dockerSearch(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, {
    bools: ["--no-trunc"],
    values: ["-f", "--filter", "--format", "--limit"],
    aliases: { "-f": "--filter" },
  });
  if (!p.ok) return flagError(world, "search", p.error);
  const [term] = p.parsed.args;
  if (term === undefined || p.parsed.args.length !== 1) return argsError(world, "search", { kind: "exact", n: 1 });
  const limit = value(p.parsed, "--limit") ?? "25";
  return unreachable(
    world,
    `https://index.docker.io/v1/search?q=${encodeURIComponent(term)}&n=${limit}`,
    "index.docker.io",
  );
}

export function dockerPush(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, {
    bools: ["-a", "--all-tags", "-q", "--quiet", "--disable-content-trust"],
    values: ["--platform"],
  });
  if (!p.ok) return flagError(world, "push", p.error);
  const [ref] = p.parsed.args;
  if (ref === undefined || p.parsed.args.length !== 1) return argsError(world, "push", { kind: "exact", n: 1 });
  const name = parseRef(ref);
  if (!name) return fail(world, `invalid reference format`);
  if (!resolveImage(world.docker, ref))
    return fail(world, `Error response from daemon: An image does not exist locally with the tag: ${name.repo}`);
  const path = name.repo.includes("/") ? name.repo : `library/${name.repo}`;
  const r = unreachable(world, "https://registry-1.docker.io/v2/", "registry-1.docker.io");
  return {
    ...r,
    stdout: `The push refers to repository [docker.io/${path}]\n`,
    stderr: r.stderr.replace(/^Error response from daemon: /, ""),
  };
}
