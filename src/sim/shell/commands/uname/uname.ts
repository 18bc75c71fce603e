/** `uname`: the oracle machine's kernel (every machine of the lab shares it), the namespace's UTS name. */
import { getNetns } from "../../../kernel/netns.ts";
import { fail, ok, type Command } from "../../command.ts";

const KERNEL = {
  sysname: "Linux",
  release: "6.18.44-fc-v1098",
  version: "#1 SMP PREEMPT_DYNAMIC @0",
  machine: "x86_64",
};

/** uname's fields in its own print order, keyed by their short option. */
const FIELDS = ["s", "n", "r", "v", "m", "p", "i", "o"] as const;

export const uname: Command = (argv, { world, session }) => {
  const nodename = getNetns(world, session.mounts ?? session.machine)?.hostname ?? "localhost";
  const chosen = new Set<string>();
  for (const arg of argv.slice(1)) {
    const long: Record<string, string> = {
      "--all": "a",
      "--kernel-name": "s",
      "--nodename": "n",
      "--kernel-release": "r",
      "--kernel-version": "v",
      "--machine": "m",
      "--processor": "p",
      "--hardware-platform": "i",
      "--operating-system": "o",
    };
    const letters = Object.hasOwn(long, arg) ? long[arg]! : /^-[a-z]+$/.test(arg) ? arg.slice(1) : null;
    if (letters === null) {
      const text = arg.startsWith("--")
        ? `uname: unrecognized option '${arg}'\n`
        : arg.startsWith("-")
          ? `uname: invalid option -- '${arg[1]}'\n`
          : `uname: extra operand '${arg}'\n`;
      return fail(world, `${text}Try 'uname --help' for more information.\n`, 1);
    }
    for (const ch of letters) {
      if (ch !== "a" && !(FIELDS as readonly string[]).includes(ch)) {
        return fail(world, `uname: invalid option -- '${ch}'\nTry 'uname --help' for more information.\n`, 1);
      }
      chosen.add(ch);
    }
  }
  const value: Record<(typeof FIELDS)[number], string> = {
    s: KERNEL.sysname,
    n: nodename,
    r: KERNEL.release,
    v: KERNEL.version,
    m: KERNEL.machine,
    p: "unknown",
    i: "unknown",
    o: "GNU/Linux",
  };
  // -a leaves out -p and -i when they are unknown, as GNU uname does.
  const all = chosen.has("a");
  const picked = FIELDS.filter((f) => (all ? f !== "p" && f !== "i" : chosen.has(f)));
  return ok(world, (picked.length ? picked : (["s"] as const)).map((f) => value[f]).join(" ") + "\n");
};
