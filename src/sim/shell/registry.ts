/** Every command the lab's shell knows, by name. */
import { bash, echo, falseCmd, hostname, sh, trueCmd } from "./builtins.ts";
import type { Command } from "./command.ts";
import { id, pwd, uname, whoami } from "./identity.ts";
import { conntrack } from "./conntrack.ts";
import { curl } from "./curl.ts";
import { ping } from "./ping.ts";
import { xtablesMonitor } from "./xtables-monitor.ts";
import { IPTABLES_COMMANDS } from "./iptables.ts";
import { docker } from "./docker/index.ts";
import { exit } from "./docker/exit.ts";
import { service, systemctl } from "./docker/systemctl.ts";
import { cat, rm } from "./fs.ts";
import { ifconfig } from "./ifconfig.ts";
import { netstat } from "./ifconfig-netstat.ts";
import { ss } from "./ip-ss.ts";
import { ip } from "./ip.ts";
import { sysctl } from "./sysctl.ts";
import { grep } from "./text-grep.ts";
import { cut, head, sort, tail, uniq, wc } from "./text.ts";

export const COMMANDS: Readonly<Record<string, Command>> = {
  echo,
  true: trueCmd,
  false: falseCmd,
  hostname,
  curl,
  ping,
  conntrack,
  "xtables-monitor": xtablesMonitor,
  ...IPTABLES_COMMANDS,
  docker,
  systemctl,
  service,
  exit,
  ip,
  ifconfig,
  sysctl,
  cat,
  grep,
  sort,
  head,
  tail,
  wc,
  cut,
  uniq,
  bash,
  sh,
  rm,
  ss,
  netstat,
  pwd,
  whoami,
  id,
  uname,
};

export function findCommand(name: string): Command | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}
