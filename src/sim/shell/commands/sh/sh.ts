import { fail, ok, type Command, type Session } from "../../command.ts";

/**
 * `bash -c LINE` and `sh -c LINE`: the line runs in a child shell, whose error
 * messages carry its own name. Without -c an interactive shell would start; the
 * lab's terminal already is one, so nothing changes.
 */
function shellCommand(kind: "bash" | "sh"): Command {
  return (argv, ctx) => {
    const i = argv.indexOf("-c");
    if (i < 0) return ok(ctx.world);
    const line = argv[i + 1];
    if (line === undefined) {
      return fail(
        ctx.world,
        kind === "sh" ? "sh: -c requires an argument\n" : "bash: -c: option requires an argument\n",
        2,
      );
    }
    // A child shell inherits the environment: exported variables only, and the directory.
    const exported = ctx.session.exported ?? [];
    const vars = Object.fromEntries(Object.entries(ctx.session.vars ?? {}).filter(([k]) => exported.includes(k)));
    // Functions, positional parameters and `set` options are the parent shell's own.
    const { functions: _f, args: _a, opts: _o, ...parent } = ctx.session;
    const positional = argv.slice(i + 3);
    const child: Session = fillDefaults(
      { ...parent, shell: kind === "bash" ? "bash-c" : "sh", vars, ...(positional.length ? { args: positional } : {}) },
      kind,
    );
    const r = ctx.runLine(ctx.world, child, line);
    const { session: _nested, ...rest } = r;
    return rest;
  };
}

/**
 * A shell started with no PATH in its environment (`env -i sh -c ...`) sets its own:
 * busybox ash exports its default with SHLVL and PWD; bash keeps its default unexported.
 */
function fillDefaults(s: Session, kind: "bash" | "sh"): Session {
  if (!(s.unset ?? []).includes("PATH") || Object.hasOwn(s.vars ?? {}, "PATH")) return s;
  const own: Record<string, string> = kind === "sh" ? { SHLVL: "1", PATH: SH_PATH, PWD: "/" } : { PATH: BASH_PATH };
  const vars = { ...s.vars, ...own };
  const exported = [...(s.exported ?? []), ...(kind === "sh" ? Object.keys(own) : [])];
  return { ...s, vars, exported };
}

const SH_PATH = "/sbin:/usr/sbin:/bin:/usr/bin";
const BASH_PATH = "/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin:.";

export const bash = shellCommand("bash");

export const sh = shellCommand("sh");
