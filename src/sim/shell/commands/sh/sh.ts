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
    const child: Session = { ...ctx.session, shell: kind === "bash" ? "bash-c" : "sh", vars };
    const r = ctx.runLine(ctx.world, child, line);
    const { session: _nested, ...rest } = r;
    return rest;
  };
}

export const bash = shellCommand("bash");

export const sh = shellCommand("sh");
