/**
 * `getopts OPTSTRING NAME [ARG…]` as bash 5.2 runs it (getopts.def, sh_getopt): one option
 * per call, from the words given or the positional parameters, with OPTIND naming the next
 * word and the place inside a cluster (`-ab`) kept by the shell between calls; a leading `:`
 * in OPTSTRING makes it report problems in NAME and OPTARG instead of printing them. The
 * place inside a cluster is forgotten whenever OPTIND is set to something else, as bash's
 * sv_optind does.
 */
import type { Command, CommandResult, Session } from "../../command.ts";
import { errorPrefix, machineOf, shellOf } from "../../machine.ts";
import { lookupVar, NAME, setVar, unsetVar } from "../../vars.ts";

export const getopts: Command = (argv, { world, session }): CommandResult => {
  const shell = shellOf(session, machineOf(world, session));
  // busybox ash words its own messages, bare, and keeps OPTARG empty for an option without one.
  const ash = shell === "sh";
  if (argv.length < 3) {
    const usage = ash
      ? `sh: getopts: ${session.noTty ? "line 0: " : ""}usage: getopts optstring var [arg]\n`
      : "getopts: usage: getopts optstring name [arg ...]\n";
    return { world, stdout: "", stderr: usage, exitCode: 2 };
  }
  const optstring = argv[1]!;
  const name = argv[2]!;
  if (!NAME.test(name))
    return {
      world,
      stdout: "",
      stderr: `${errorPrefix(shell)}getopts: \`${name}': not a valid identifier\n`,
      exitCode: 1,
    };
  const args = argv.length > 3 ? argv.slice(3) : (session.args ?? []);
  const silent = optstring.startsWith(":");
  const raw = Number(lookupVar(world, session, "OPTIND") ?? "1");
  let ind = Number.isInteger(raw) && raw >= 1 ? raw : 1;
  let char = session.getopts && session.getopts.ind === raw ? session.getopts.char : 0;
  let s: Session = session;
  let stderr = "";
  const put = (n: string, v: string | undefined) => {
    if (v === undefined) s = unsetVar(world, s, n);
    else {
      const r = setVar(s, n, v);
      if (r.ok) s = r.session;
      else stderr += r.error;
    }
  };
  const finish = (found: string, exitCode: number, optarg?: string): CommandResult => {
    put(name, found);
    put("OPTARG", optarg);
    put("OPTIND", String(ind));
    s = { ...s, getopts: { ind, char } };
    return { world, stdout: "", stderr, exitCode, session: s };
  };
  if (char === 0) {
    const word = args[ind - 1];
    if (word === undefined || !word.startsWith("-") || word === "-") return finish("?", 1);
    if (word === "--") {
      ind++;
      return finish("?", 1);
    }
    char = 1;
  }
  const word = args[ind - 1]!;
  const c = word[char]!;
  const rest = word.slice(char + 1);
  // The next call starts at the next character, or at the next word after the cluster's last.
  const step = () => {
    if (rest === "") {
      ind++;
      char = 0;
    } else char++;
  };
  const at = c === ":" ? -1 : optstring.indexOf(c);
  // Messages name the shell as $0 does, not the line: getopts reports for the script.
  const who = lookupVar(world, session, "0") ?? "bash";
  // bash's OPTERR=0 keeps the messages back without silent mode's OPTARG; dash and ash ignore it.
  const quiet = !ash && lookupVar(world, session, "OPTERR") === "0";
  if (at < 0) {
    step();
    if (silent) return finish("?", 0, c);
    if (!quiet) stderr += ash ? `Illegal option -${c}\n` : `${who}: illegal option -- ${c}\n`;
    return finish("?", 0);
  }
  if (optstring[at + 1] !== ":") {
    step();
    return finish(c, 0, ash ? "" : undefined);
  }
  ind++;
  char = 0;
  if (rest !== "") return finish(c, 0, rest);
  const next = args[ind - 1];
  if (next === undefined) {
    if (silent) return finish(":", 0, c);
    if (!quiet) stderr += ash ? `No arg for -${c} option\n` : `${who}: option requires an argument -- ${c}\n`;
    return finish("?", 0);
  }
  ind++;
  return finish(c, 0, next);
};
