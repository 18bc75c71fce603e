/**
 * The contract every command module implements. A command reads the world and
 * returns a new one with its output; expected failures are exit codes and
 * stderr, never exceptions.
 */
import type { TraceEvent } from "../trace/events.ts";
import type { World } from "../world.ts";
import type { Sink } from "./output.ts";

/** Which machine a terminal is attached to, and so which namespace commands see. */
export interface Session {
  readonly machine: string;
  /** Set when no terminal is attached (the headless replay, like the oracle's scripts): `docker exec -it` then fails as without a TTY. */
  readonly noTty?: boolean;
  /**
   * Which shell reads the line, for its error wording: interactive `bash` (the
   * default), `bash-c` (`bash -c '...'`: messages gain `line 1:`), or busybox `sh`
   * (`docker exec web sh -c ...`, as the oracle runs container lines).
   */
  readonly shell?: "bash" | "bash-c" | "sh";
  /**
   * Set when the shell runs inside a container (`docker exec`), to its id: its tools
   * are busybox, it has no CAP_NET_ADMIN and /proc/sys is read-only, whichever
   * namespace it sees (`--network host` shares the host's). When absent, any machine
   * other than `host` and `internet` is taken to be a container.
   */
  readonly container?: string;
  /** The clock's time a `timeout` around this shell kills it at: what waits (a connect()) stops there. */
  readonly deadline?: number;
  /**
   * The clock's time past which loops stop turning, and output is stamped with the clock:
   * a detached container's endless loop runs this far ahead of the lab, its log written as
   * the clock reaches each line (shell/commands/docker/oneshot.ts).
   */
  readonly horizon?: number;
  /** The shell's file mode mask (`umask`), when it was changed from 022. */
  readonly umask?: number;
  /** The lines this interactive shell has read, oldest first (`history`); shells reading `-c` keep none. */
  readonly history?: readonly string[];
  /** The working directory, when `cd` moved it from where the machine's shells start. */
  readonly cwd?: string;
  /** The directory before the last `cd` (`cd -`, `$OLDPWD`). */
  readonly oldpwd?: string;
  /** bash's directory stack below the working directory (`pushd`, `popd`, `dirs`), nearest first. */
  readonly dirstack?: readonly string[];
  /** Where `getopts` stopped inside a cluster of options (`-ab`), for the OPTIND it last set. */
  readonly getopts?: { readonly ind: number; readonly char: number };
  /** Resource limits `ulimit` changed: option letter → [soft, hard] (commands/ulimit/). */
  readonly limits?: Readonly<Record<string, readonly [number | "unlimited", number | "unlimited"]>>;
  /** The shell's own variables (`X=1`, `export X=1`), beyond the ones every shell has. */
  readonly vars?: Readonly<Record<string, string>>;
  /** Which of `vars` are exported to the commands the shell starts. */
  readonly exported?: readonly string[];
  /** Variables `unset` removed from the ones every shell starts with (`unset HOME`). */
  readonly unset?: readonly string[];
  /** Variables made read-only (`readonly X`, `declare -r X`): no assignment or `unset` may change them. */
  readonly readonlyVars?: readonly string[];
  /**
   * The session to return to when this shell exits (`docker exec -it web bash` keeps the
   * host's shell, with its directory and variables, to come back to).
   */
  readonly parent?: Session;
  /**
   * Set when only the network namespace is another machine's (`nsenter -t PID -n`):
   * the programs, files and /sys are those of `mounts` (the host), the sockets,
   * routes, /proc/net and /proc/sys/net those of `machine`.
   */
  readonly mounts?: string;
  /**
   * Under `ip netns exec NAME`: /etc/netns/NAME, whose files iproute2 bind-mounts over
   * /etc's of the same names in the command's own mount namespace (a resolv.conf per namespace).
   */
  readonly etc?: string;
  /** Set when only the UTS namespace is another's (`nsenter -t PID -u`): the netns holding its hostname. */
  readonly uts?: string;
  /**
   * In a container: the process `docker exec` started (its PID in the container's
   * namespace and its command line), which `ps` there shows as the shell.
   */
  readonly exec?: { readonly pid: number; readonly args: string };
  /**
   * The process's user and group when not root (`docker exec -u nginx`): what `id` and
   * `whoami` print and what file modes are checked against. Absent: root.
   */
  readonly user?: { readonly uid: number; readonly gid: number };
  /** Aliases the shell defined (`alias ll='ls -l'`): name → text. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Functions the shell defined (`name() { …; }`): each one's body as source. */
  readonly functions?: Readonly<Record<string, string>>;
  /** The positional parameters (`$1`, `$#`, `$@`) inside a function or `set --`. */
  readonly args?: readonly string[];
  /** Indexed arrays (`a=(x y)`): index → value (shell/arrays.ts). */
  readonly arrays?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The names `declare -i` gave the integer attribute: what is assigned to them is arithmetic. */
  readonly integers?: readonly string[];
  /** The arrays `declare -A` made associative: their keys are strings. */
  readonly assoc?: readonly string[];
  /** `hash`'s table: the programs `hash NAME` entered, where they are and how often `-t` looked. */
  readonly hashed?: Readonly<Record<string, { readonly path: string; readonly hits: number }>>;
  /** `$!`: the pid of the last command put in the background. */
  readonly lastJob?: number;
  /** Background commands that ended (the lab runs them at once), by pid: the status `wait PID` hands back. */
  readonly jobStatus?: Readonly<Record<number, number>>;
  /**
   * Background `sleep N &` still sleeping, by pid: when each ends on the world's clock. The lab
   * does not run them at once, so the list goes on meanwhile; `wait` lets the clock reach the
   * end, `kill` ends one early (its status 128 + the signal).
   */
  readonly sleeping?: Readonly<Record<number, number>>;
  /** The line of its file the script's command starts on: $LINENO. */
  readonly lineno?: number;
  /** How many `+` start a `set -x` line: one more inside each command substitution. */
  readonly traceDepth?: number;
  /** `set -e` (errexit) and `set -x` (xtrace). */
  readonly opts?: {
    readonly errexit?: boolean;
    readonly xtrace?: boolean;
    /** `set -u`: expanding an unset variable is an error that ends a non-interactive shell. */
    readonly nounset?: boolean;
    /** `set -o pipefail`: a pipeline's status is its last failing command's. */
    readonly pipefail?: boolean;
    /** The other `set -o` options a line changed (lib/shell-options.ts). */
    readonly [name: string]: boolean | undefined;
  };
  /** `shopt` options a line changed from their defaults (lib/shell-options.ts). */
  readonly shopts?: Readonly<Record<string, boolean>>;
  /** `trap ACTION SIGNAL`: each signal's action (only EXIT's ever runs: when the shell ends). */
  readonly traps?: Readonly<Record<string, string>>;
  /** `$0` of a shell reading a file (`bash run.sh`): the file as it was named. */
  readonly argv0?: string;
  /** Set for dash, Debian's /bin/sh: no `[[ ]]`, and its own error wording (shell/script.ts). */
  readonly dash?: boolean;
  /** Descriptors above 2 the shell holds open (`exec 3<>/dev/udp/…`), and where each writes. */
  readonly fds?: Readonly<Record<number, Sink>>;
  /** What each pipe of a process substitution (`diff <(a) <(b)`) holds, by descriptor, while its command runs. */
  readonly pipes?: Readonly<Record<number, string>>;
}

/** A process as `ps` shows one the shell started: its PID, its short name and its command line. */
export interface ProcRef {
  readonly pid: number;
  readonly comm: string;
  readonly args: string;
}

/** The lab's shell running a line: handed to commands that start a shell of their own (`bash -c`, `docker exec`). */
/** `status`: what `$?` is when the line starts (a script's next command sees its last one's). */
export type RunLine = (world: World, session: Session, line: string, status?: number) => CommandResult;

export interface CommandContext {
  readonly world: World;
  readonly session: Session;
  readonly stdin: string;
  /** The shell that runs this command, passed in so that no command imports the shell that runs it. */
  readonly runLine: RunLine;
  /** Set when the shell redirected stdout to a file (absolute path): GNU cat refuses to copy a file onto itself. */
  readonly stdoutFile?: { readonly path: string; readonly append: boolean };
  /** Set when the shell fed stdin from a file (`< path`, absolute). */
  readonly stdinFile?: string;
  /** A read of stdin fails with this errno's text: `<&3` on a connected UDP socket an ICMP error reached. */
  readonly stdinError?: string;
  /** Whether stdout is the terminal (not a pipe, not a file, a terminal attached): `ls` prints columns there. */
  readonly stdoutTty?: boolean;
  /**
   * The process this command runs as, and the ones beside it (the pipeline's other
   * commands, the shell running the line), when the shell counted them (shell/forks.ts).
   */
  readonly procs?: { readonly self?: ProcRef; readonly others: readonly ProcRef[] };
}

export interface CommandResult {
  readonly world: World;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
  readonly events?: readonly TraceEvent[];
  /** Set when the command moves the terminal to another machine (docker exec -it, exit). */
  readonly session?: Session;
  /**
   * Optional: stdout and stderr in the order they were written, for a terminal to
   * interleave them as a real one does (`nosuchcmd; echo $?` shows the error first).
   * When absent, stdout comes before stderr. Concatenating the chunks of one stream
   * gives exactly `stdout` (or `stderr`).
   */
  readonly output?: readonly OutputChunk[];
  /**
   * Set when the command would have gone on until interrupted (`docker logs -f` on a running
   * container): the lab's terminal cannot wait, so it was stopped at once, as by Ctrl-C;
   * `timeout` reads it as having run out its time.
   */
  readonly blocked?: boolean;
  /** How much of its stdin the command read, when it read only part of it (`read` takes one line). */
  readonly consumed?: number;
  /** Set by a shell that stopped at `exit` (or at a failure under `set -e`) before its input ended. */
  readonly exited?: boolean;
  /** The signal that killed the process (exitCode is then 128 + it), for the shell that waited to report. */
  readonly signal?: number;
}

export interface OutputChunk {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
  /** The clock's time it was written at, where the shell stamps it (Session.horizon). */
  readonly at?: number;
}

export type Command = (argv: readonly string[], ctx: CommandContext) => CommandResult;

export function ok(world: World, stdout = ""): CommandResult {
  return { world, stdout, stderr: "", exitCode: 0 };
}

export function fail(world: World, stderr: string, exitCode = 1): CommandResult {
  return { world, stdout: "", stderr, exitCode };
}
