/**
 * A command's redirections opened in order, as bash opens them before the command
 * runs: `<` and `<<` give its stdin, `>`/`>>` open (and truncate) files, `N>&M` points
 * fd N wherever M goes now, and bash's own /dev/udp/HOST/PORT is a socket, not a
 * file. A failed open is the command's outcome: the command never runs.
 */
import type { World } from "../world.ts";
import type { Session } from "./command.ts";
import type { Machine } from "./machine.ts";
import { failed, type CommandOutcome, type Sink } from "./output.ts";
import type { Redirect } from "./parse.ts";
import { openError, openForWrite, readForInput, type Shell } from "./redirect.ts";

/** bash's UDP pseudo-device, with an IPv4 address (names and IPv6 are not modelled). */
const UDP_PATH = /^\/dev\/udp\/(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,5})$/;

export interface OpenedRedirects {
  readonly world: World;
  readonly stdin: string;
  /** The file `<` fed stdin from (absolute): cat refuses a file onto itself, docker sees no terminal. */
  readonly stdinFile: string | undefined;
  /** Whether stdin came from a redirection rather than the pipe or the script. */
  readonly redirected: boolean;
  readonly sinks: Record<1 | 2, Sink>;
}

export function openRedirects(
  world: World,
  session: Session,
  where: Machine,
  shell: Shell,
  redirects: readonly Redirect[],
  pipeIn: string,
): OpenedRedirects | { readonly failed: CommandOutcome } {
  let w = world;
  let stdin = pipeIn;
  let redirected = false;
  let stdinFile: string | undefined;
  const sinks: Record<1 | 2, Sink> = { 1: { kind: "stdout" }, 2: { kind: "stderr" } };
  for (const r of redirects) {
    if (r.op === "<") {
      const input = readForInput(w, session, shell, r.path);
      if ("error" in input) return { failed: failed(w, input.error) };
      stdin = input.text;
      stdinFile = input.path;
      redirected = true;
    } else if (r.op === "<<") {
      stdin = r.text;
      stdinFile = undefined;
      redirected = true;
    } else if (r.op === "dup") {
      sinks[r.fd] = sinks[r.to];
    } else if (shell !== "sh" && UDP_PATH.test(r.path)) {
      // bash opens /dev/udp/HOST/PORT itself (a connected socket): no file is involved.
      const [, host = "", port = "0"] = UDP_PATH.exec(r.path)!;
      sinks[r.fd] = { kind: "udp", host, port: Number(port) };
    } else {
      const opened = openForWrite(w, session, where, r.path, r.op === ">>");
      if (opened.error) {
        return { failed: failed(w, openError(shell, r.path, opened.error, session.dash)) };
      }
      w = opened.world;
      if (opened.path === "/dev/null") sinks[r.fd] = { kind: "null" };
      else if (opened.path === "/dev/stdout" || opened.path === "/dev/tty") sinks[r.fd] = sinks[1];
      else if (opened.path === "/dev/stderr") sinks[r.fd] = sinks[2];
      else sinks[r.fd] = { kind: "file", path: opened.path, append: r.op === ">>" };
    }
  }
  return { world: w, stdin, stdinFile, redirected, sinks };
}
