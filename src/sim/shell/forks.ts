/**
 * Which process each command of a pipeline runs as, for `ps` and `pgrep` to see
 * themselves and what runs beside them (`ps aux | grep nginx` lists the grep).
 * In a container the PIDs come from its namespace's counter (shell/lib/procs.ts):
 * a one-off `sh -c LINE` execs its last simple command in place (busybox's `ps`
 * then shows `{ps} sh -c LINE`), anything else forks a PID of its own. On the
 * host and the internet, PIDs are taken only for a pipeline that lists processes.
 */
import type { World } from "../world.ts";
import type { ProcRef, Session } from "./command.ts";
import { EXEC_PIDS, HOST_SHELL_PID, takePids } from "./lib/procs.ts";
import { machineOf, providerOf, shellOf } from "./machine.ts";
import type { Pipeline } from "./parse.ts";

export { EXEC_PIDS };

const LISTERS = new Set(["ps", "pgrep", "pidof", "top"]);

export interface PipelineProcs {
  readonly world: World;
  /** One per command of the pipeline; undefined for a shell builtin (it runs in the shell). */
  readonly procs: readonly (ProcRef | undefined)[];
  /** The shell running the line, while it is still there (it is not when it exec'd its last command). */
  readonly shell?: ProcRef;
}

export function pipelineProcs(world: World, session: Session, pipeline: Pipeline, lastItem: boolean): PipelineProcs {
  const machine = machineOf(world, session);
  const shell = shellOf(session, machine);
  const names = pipeline.map((c) => c.argv[0]);
  const builtin = names.map((n) => n === undefined || providerOf(machine, shell, n) === "builtin");
  const c = machine.container;
  if (machine.kind === "container" && c && session.exec) {
    const exec = session.exec;
    const shellRef: ProcRef = { pid: exec.pid, comm: exec.args.split(" ")[0]!.replace(/^.*\//, ""), args: exec.args };
    if (lastItem && pipeline.length === 1 && session.noTty && !builtin[0]) {
      return { world, procs: [{ pid: exec.pid, comm: names[0]!, args: exec.args }] };
    }
    let w = world;
    const procs = pipeline.map((cmd, i) => {
      if (builtin[i]) return undefined;
      const [pid, next] = takePids(w, c, 1);
      w = next;
      // busybox sh runs its applets in the forked shell: the command line stays the shell's.
      const args = shell === "sh" ? exec.args : cmd.argv.join(" ");
      return { pid, comm: names[i]!, args };
    });
    return { world: w, procs, shell: shellRef };
  }
  if (machine.kind === "container" || !names.some((n) => n !== undefined && LISTERS.has(n))) {
    return { world, procs: pipeline.map(() => undefined) };
  }
  let next = world.nextPid;
  const procs = pipeline.map((cmd, i) =>
    builtin[i] ? undefined : { pid: next++, comm: names[i]!, args: cmd.argv.join(" ") },
  );
  return {
    world: { ...world, nextPid: next },
    procs,
    shell: { pid: HOST_SHELL_PID, comm: "bash", args: "-bash" },
  };
}
