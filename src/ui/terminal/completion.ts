/**
 * Tab completion, as bash does it: complete the word before the cursor from the
 * candidates that fit its position (a command, a docker subcommand, a flag, a
 * container, a network, an image, an iptables table). One candidate completes the
 * word and adds a space; several complete their common prefix, and a second Tab
 * lists them. Pure: the terminal passes the names it knows.
 */

export interface CompletionContext {
  readonly commands: readonly string[];
  readonly containers: readonly string[];
  readonly networks: readonly string[];
}

export interface Completion {
  /** The new text before the cursor (the text after it is unchanged). */
  readonly before: string;
  /** When ambiguous: every candidate, for the terminal to list. */
  readonly candidates: readonly string[];
}

/** The lab's own commands and shell builtins, always offered. */
const LAB_COMMANDS = ["undo", "reset", "clear", "exit"];
const IMAGES = ["nginx", "busybox", "alpine", "ubuntu"];
const TABLES = ["filter", "nat", "mangle", "raw"];

const DOCKER_SUBCOMMANDS = [
  "exec",
  "images",
  "info",
  "inspect",
  "logs",
  "network",
  "port",
  "ps",
  "pull",
  "restart",
  "rm",
  "run",
  "start",
  "stop",
  "version",
];
const NETWORK_SUBCOMMANDS = ["connect", "create", "disconnect", "inspect", "ls", "prune", "rm"];

const DOCKER_FLAGS: Readonly<Record<string, readonly string[]>> = {
  run: [
    "--add-host",
    "--detach",
    "--dns",
    "--interactive",
    "--name",
    "--network",
    "--publish",
    "--publish-all",
    "--rm",
    "--tty",
    "-P",
    "-d",
    "-i",
    "-it",
    "-p",
    "-t",
  ],
  ps: ["--all", "--format", "--no-trunc", "--quiet", "-a", "-q"],
  exec: ["--interactive", "--tty", "-i", "-it", "-t"],
  rm: ["--force", "-f"],
  logs: ["--follow", "--tail", "-f", "-n"],
  inspect: ["--format", "-f"],
  stop: ["--time", "-t"],
  restart: ["--time", "-t"],
};
/** Docker subcommands whose positional arguments are containers. */
const TAKES_CONTAINER = new Set(["exec", "inspect", "logs", "port", "restart", "rm", "start", "stop"]);

const TOOL_WORDS: Readonly<Record<string, readonly string[]>> = {
  iptables: ["--line-numbers", "-A", "-D", "-I", "-L", "-S", "-X", "-Z", "-j", "-n", "-nL", "-nvL", "-t", "-v"],
  "iptables-save": ["-t"],
  ip: ["addr", "link", "netns", "route"],
  sysctl: ["-a", "-w", "net.ipv4.ip_forward"],
  curl: ["--connect-timeout", "-I", "-m", "-o", "-s", "-v", "baidu.com"],
  conntrack: ["-F", "-L", "-p"],
  ping: ["-W", "-c", "baidu.com"],
  cat: ["/etc/hosts", "/etc/resolv.conf", "/proc/sys/net/ipv4/ip_forward"],
};
const IP_SUB: Readonly<Record<string, readonly string[]>> = {
  route: ["add", "del", "get", "show"],
  addr: ["add", "del", "show"],
  link: ["set", "show"],
  a: ["show"],
  r: ["get", "show"],
};

function commonPrefix(words: readonly string[]): string {
  if (words.length === 0) return "";
  let p = words[0]!;
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** Words of the current command (after the last `|`, `;`, `&&` or `||`), and the partial word. */
function splitWords(before: string): { words: string[]; partial: string } {
  const segment = before.split(/\|\|?|;|&&/).pop() ?? "";
  const parts = segment.split(/\s+/);
  const partial = parts.pop() ?? "";
  return { words: parts.filter((w) => w !== ""), partial };
}

function dockerCandidates(args: readonly string[], partial: string, ctx: CompletionContext): readonly string[] {
  const sub = args[0];
  if (sub === undefined) return DOCKER_SUBCOMMANDS;
  const prev = args[args.length - 1];
  if (sub === "network") {
    const nsub = args[1];
    if (nsub === undefined) return NETWORK_SUBCOMMANDS;
    const positional = args.slice(2).filter((a) => !a.startsWith("-"));
    if (nsub === "connect" || nsub === "disconnect") return positional.length === 0 ? ctx.networks : ctx.containers;
    if (nsub === "inspect" || nsub === "rm") return ctx.networks;
    return [];
  }
  if (prev === "--network" || prev === "--net") return ctx.networks;
  if (partial.startsWith("-")) return DOCKER_FLAGS[sub] ?? [];
  if (sub === "run") {
    // Options that take a value: their value is not the image.
    const valued = new Set(["--name", "-p", "--publish", "--network", "--net", "--add-host", "--dns"]);
    if (prev !== undefined && valued.has(prev)) return [];
    const rest = args.slice(1);
    let sawImage = false;
    for (let i = 0; i < rest.length; i++) {
      const a = rest[i]!;
      if (a.startsWith("-")) {
        if (valued.has(a)) i++;
        continue;
      }
      sawImage = true;
    }
    return sawImage ? ["bash", "sh"] : IMAGES;
  }
  if (TAKES_CONTAINER.has(sub)) {
    const positional = args.slice(1).filter((a) => !a.startsWith("-"));
    if (sub === "exec" && positional.length >= 1) return ["bash", "sh", "ip", "curl"];
    return ctx.containers;
  }
  return [];
}

function candidatesFor(words: readonly string[], partial: string, ctx: CompletionContext): readonly string[] {
  if (words.length === 0) return [...new Set([...ctx.commands, ...LAB_COMMANDS])].sort();
  const [cmd, ...args] = words;
  const prev = args[args.length - 1];
  if (cmd === "docker") return dockerCandidates(args, partial, ctx);
  if ((cmd === "iptables" || cmd === "iptables-save") && prev === "-t") return TABLES;
  if (cmd === "ip" && args.length >= 1) return IP_SUB[args[0]!] ?? [];
  return TOOL_WORDS[cmd!] ?? [];
}

export function complete(before: string, ctx: CompletionContext): Completion {
  const { words, partial } = splitWords(before);
  const all = candidatesFor(words, partial, ctx);
  const matches = [...new Set(all.filter((c) => c.startsWith(partial)))].sort();
  if (matches.length === 0) return { before, candidates: [] };
  const head = before.slice(0, before.length - partial.length);
  if (matches.length === 1) return { before: `${head}${matches[0]} `, candidates: [] };
  const prefix = commonPrefix(matches);
  return { before: `${head}${prefix}`, candidates: prefix === partial ? matches : [] };
}
