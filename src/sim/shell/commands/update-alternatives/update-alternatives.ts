/**
 * `update-alternatives` (dpkg 1.21) on the lab's host: the read-only queries
 * (`--display`, `--query`, `--list`, `--get-selections`) over the alternatives a
 * Debian 12 Docker host has, iptables' among them (auto mode, pointing at the nft
 * builds). Changing a selection is not modelled: the lab's iptables is iptables-nft.
 */
import type { Command, CommandResult } from "../../command.ts";

interface Alternative {
  readonly link: string;
  readonly slaves: readonly string[];
  /** Each choice with its priority, in the order dpkg keeps them (by path). */
  readonly choices: readonly (readonly [path: string, priority: number, slaveDir: string])[];
}

const SBIN = "/usr/sbin";

function xtables(name: string, legacy: boolean): Alternative {
  return {
    link: `${SBIN}/${name}`,
    slaves: [`${name}-restore`, `${name}-save`],
    choices: [
      ...(legacy ? [[`${SBIN}/${name}-legacy`, 10, "legacy"] as const] : []),
      [`${SBIN}/${name}-nft`, 20, "nft"] as const,
    ],
  };
}

const ALTERNATIVES: Readonly<Record<string, Alternative>> = {
  arptables: xtables("arptables", false),
  ebtables: xtables("ebtables", false),
  ip6tables: xtables("ip6tables", true),
  iptables: xtables("iptables", true),
};

/** The other selections of a Debian 12 host with docker.io installed, as --get-selections lists them. */
const OTHERS: readonly (readonly [string, string])[] = [
  ["awk", "/usr/bin/mawk"],
  ["builtins.7.gz", "/usr/share/man/man7/bash-builtins.7.gz"],
  ["pager", "/bin/more"],
  ["rmt", "/usr/sbin/rmt-tar"],
  ["which", "/usr/bin/which.debianutils"],
];

const best = (a: Alternative) => a.choices.reduce((x, y) => (y[1] > x[1] ? y : x));

function slavePath(choice: string, name: string, slave: string): string {
  // /usr/sbin/iptables-nft + -save → /usr/sbin/iptables-nft-save
  return choice + slave.slice(name.length);
}

function display(name: string, a: Alternative): string {
  const b = best(a)[0];
  let s = `${name} - auto mode\n  link best version is ${b}\n  link currently points to ${b}\n  link ${name} is ${a.link}\n`;
  for (const sl of a.slaves) s += `  slave ${sl} is ${SBIN}/${sl}\n`;
  for (const [path, prio] of a.choices) {
    s += `${path} - priority ${prio}\n`;
    for (const sl of a.slaves) s += `  slave ${sl}: ${slavePath(path, name, sl)}\n`;
  }
  return s;
}

function query(name: string, a: Alternative): string {
  const b = best(a)[0];
  let s = `Name: ${name}\nLink: ${a.link}\nSlaves:\n`;
  for (const sl of a.slaves) s += ` ${sl} ${SBIN}/${sl}\n`;
  s += `Status: auto\nBest: ${b}\nValue: ${b}\n`;
  for (const [path, prio] of a.choices) {
    s += `\nAlternative: ${path}\nPriority: ${prio}\nSlaves:\n`;
    for (const sl of a.slaves) s += ` ${sl} ${slavePath(path, name, sl)}\n`;
  }
  return s;
}

const HELP_HINT = "\nUse 'update-alternatives --help' for program usage information.\n";

export const updateAlternatives: Command = (argv, ctx) => {
  const res = (stdout: string, stderr = "", exitCode = 0): CommandResult => ({
    world: ctx.world,
    stdout,
    stderr,
    exitCode,
  });
  const args = argv.slice(1).filter((a) => a !== "--quiet" && a !== "--verbose");
  const action = args[0];
  if (action === undefined)
    return res(
      "",
      `update-alternatives: need --display, --query, --list, --get-selections, --config, --set, --set-selections, --install, --remove, --all, --remove-all or --auto\n${HELP_HINT}`,
      2,
    );
  if (action === "--get-selections") {
    const rows: [string, string][] = [
      ...OTHERS.map(([n, p]) => [n, p] as [string, string]),
      ...Object.entries(ALTERNATIVES).map(([n, a]) => [n, best(a)[0]] as [string, string]),
    ].sort((x, y) => (x[0] < y[0] ? -1 : 1));
    return res(rows.map(([n, p]) => `${n.padEnd(30)} auto     ${p}\n`).join(""));
  }
  if (["--display", "--query", "--list", "--config", "--auto", "--remove-all"].includes(action)) {
    const name = args[1];
    if (name === undefined) return res("", `update-alternatives: ${action} needs <name>\n${HELP_HINT}`, 2);
    const a = Object.hasOwn(ALTERNATIVES, name) ? ALTERNATIVES[name]! : undefined;
    if (!a) return res("", `update-alternatives: error: no alternatives for ${name}\n`, 2);
    if (action === "--display") return res(display(name, a));
    if (action === "--query") return res(query(name, a));
    if (action === "--list") return res(a.choices.map(([p]) => p + "\n").join(""));
  }
  // Changing what iptables means is not modelled: root's writes to /etc/alternatives are refused.
  return res("", "update-alternatives: error: unable to make /etc/alternatives writable: Read-only file system\n", 2);
};
