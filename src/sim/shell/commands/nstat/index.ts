/**
 * `nstat` (iproute2 6.1): its help and version. The kernel's SNMP counters themselves are
 * not modelled, so a listing prints only the `#kernel` header nstat starts with.
 */
import type { Command } from "../../command.ts";
import { flag, type CommandModule } from "../../spec.ts";

const USAGE = `Usage: nstat [OPTION] [ PATTERN [ PATTERN ] ]
   -h, --help          this message
   -a, --ignore        ignore history
   -d, --scan=SECS     sample every statistics every SECS
   -j, --json          format output in JSON
   -n, --nooutput      do history only
   -p, --pretty        pretty print
   -r, --reset         reset history
   -s, --noupdate      don't update history
   -t, --interval=SECS report average over the last SECS
   -V, --version       output version information
   -z, --zeros         show entries with zero activity
`;

/** getopt's short options with what each takes: the flags and the two with a value. */
const FLAGS = new Set("hvVzrnasjp");
const WITH_VALUE = new Set("dt");

const nstat: Command = (argv, ctx) => {
  const done = (stdout: string, stderr = "", exitCode = 0) => ({ world: ctx.world, stdout, stderr, exitCode });
  for (const arg of argv.slice(1)) {
    if (arg === "--help") return done("", USAGE, 255);
    if (arg === "--version") return done("nstat utility, iproute2-6.1.0\n");
    if (!arg.startsWith("-") || arg.startsWith("--")) continue;
    for (const ch of arg.slice(1)) {
      if (ch === "h") return done("", USAGE, 255);
      if (ch === "V" || ch === "v") return done("nstat utility, iproute2-6.1.0\n");
      if (WITH_VALUE.has(ch)) break;
      if (!FLAGS.has(ch)) return done("", `nstat: invalid option -- '${ch}'\n${USAGE}`, 255);
    }
  }
  return done("#kernel\n");
};

export const COMMAND: CommandModule = {
  spec: {
    name: "nstat",
    summary: "network statistics tools",
    options: [flag(["-h", "--help"]), flag(["-V", "--version"]), flag(["-a", "--ignore"]), flag(["-z", "--zeros"])],
  },
  run: nstat,
};
