/**
 * `tcpdump` (4.99.3). A terminal here runs one command at a time, so tcpdump listens
 * in the background: `tcpdump -n -i eth0 &` prints its header, then the packets each
 * following command sends across eth0, until `-c N` packets or `kill %1` (or `fg`,
 * which the lab interrupts at once, as Ctrl-C would) end it with its counts
 * (shell/jobs.ts keeps it). In the foreground nothing else can run while it listens,
 * so it stops at once as if interrupted. `-D`, `--version`, `-h` and every error are
 * as the real one prints them.
 */
import { readFile, parseHosts } from "../../../kernel/files.ts";
import { getNetns } from "../../../kernel/netns.ts";
import type { Netns } from "../../../kernel/types.ts";
import { dnsAnswer } from "../../../programs/dns-server.ts";
import { defaultDevice, deviceError, listDevices } from "../../../programs/tcpdump/devices.ts";
import { parseFilter } from "../../../programs/tcpdump/filter.ts";
import { readPcap } from "../../../programs/tcpdump/capture.ts";
import {
  headerText,
  linkType,
  parseTcpdumpArgs,
  statsText,
  USAGE_TEXT,
  VERSION_TEXT,
} from "../../../programs/tcpdump/options.ts";
import type { TcpdumpOptions } from "../../../programs/tcpdump/types.ts";
import type { World } from "../../../world.ts";
import type { Command, CommandContext, CommandResult } from "../../command.ts";
import { resolvePath } from "../../vars.ts";

export type Prepared =
  | { readonly ok: true; readonly netns: string; readonly options: TcpdumpOptions }
  | { readonly ok: false; readonly result: CommandResult };

/** A name in the filter, as getaddrinfo finds it: /etc/hosts, then the lab's DNS when the machine asks it. */
function resolver(world: World, ns: Netns): (name: string) => string | undefined {
  return (name) => {
    const hosts = readFile(world, ns.id, "/etc/hosts");
    const table = hosts !== undefined ? parseHosts(hosts) : ns.hosts;
    if (Object.hasOwn(table, name)) return table[name];
    if (name === "localhost") return "127.0.0.1";
    const a = dnsAnswer("A", name);
    return a.rcode === "NOERROR" && ns.nameservers.length > 0 ? a.address : undefined;
  };
}

/** Parses the command line and checks the interface and the filter, as tcpdump does before it listens. */
export function prepareTcpdump(argv: readonly string[], ctx: CommandContext): Prepared {
  const world = ctx.world;
  const done = (stdout: string, stderr: string, exitCode: number): Prepared => ({
    ok: false,
    result: { world, stdout, stderr, exitCode },
  });
  const ns = getNetns(world, ctx.session.machine);
  if (!ns) return done("", "tcpdump: no suitable device found\n", 1);
  const p = parseTcpdumpArgs(argv);
  if (p.kind === "error") return done("", p.stderr, p.exitCode);
  if (p.kind === "version") return done(VERSION_TEXT, "", 0);
  if (p.kind === "help") return done(VERSION_TEXT + USAGE_TEXT, "", 0);
  if (p.kind === "list") return done(listDevices(ns), "", 0);
  if (p.read !== undefined) return readFileCommand(ctx, ns, p.read, p.opts);
  // Capturing needs CAP_NET_RAW, which a container's root does not lose, but no image here has tcpdump.
  const iface = p.iface ?? defaultDevice(ns);
  const bad = deviceError(ns, iface);
  if (bad) return done("", `tcpdump: ${bad}\n`, 1);
  const f = parseFilter(p.opts.expression, resolver(world, ns));
  if (!f.ok) return done("", `tcpdump: ${f.error}\n`, 1);
  return {
    ok: true,
    netns: ns.id,
    options: { ...p.opts, iface, ...(f.filter ? { filter: f.filter } : {}) },
  };
}

/** `tcpdump -r FILE`: what a `-w` wrote, printed with this command's options and filter. */
function readFileCommand(
  ctx: CommandContext,
  ns: Netns,
  path: string,
  opts: Omit<TcpdumpOptions, "filter" | "iface">,
): Prepared {
  const world = ctx.world;
  const fail = (stderr: string): Prepared => ({ ok: false, result: { world, stdout: "", stderr, exitCode: 1 } });
  const file = readFile(world, ns.id, resolvePath(world, ctx.session, path));
  if (file === undefined) return fail(`tcpdump: ${path}: No such file or directory\n`);
  const f = parseFilter(opts.expression, resolver(world, ns));
  if (!f.ok) return fail(`tcpdump: ${f.error}\n`);
  const r = readPcap(file, { ...opts, iface: "", ...(f.filter ? { filter: f.filter } : {}) });
  if (!r.ok) return fail(`tcpdump: ${path}: unknown file format\n`);
  const head = `reading from file ${path}, link-type ${linkType(r.iface)}, snapshot length 262144\n`;
  return {
    ok: false,
    result: {
      world,
      stdout: r.text,
      stderr: head,
      exitCode: 0,
      output: [
        { stream: "stderr", text: head },
        { stream: "stdout", text: r.text },
      ],
    },
  };
}

export const tcpdump: Command = (argv, ctx) => {
  const p = prepareTcpdump(argv, ctx);
  if (!p.ok) return p.result;
  // Nothing else can run while it listens in the foreground: it stops at once, as Ctrl-C
  // stops it (the terminal echoes ^C, tcpdump ends the line and prints its counts).
  const header = headerText(p.options);
  return {
    world: ctx.world,
    stdout: ctx.session.noTty ? "\n" : "^C\n",
    stderr: header + statsText(0, 0),
    exitCode: 0,
    output: [
      { stream: "stderr", text: header },
      { stream: "stdout", text: ctx.session.noTty ? "\n" : "^C\n" },
      { stream: "stderr", text: statsText(0, 0) },
    ],
  };
};
