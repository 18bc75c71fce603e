/**
 * `busybox APPLET ARGS...`: the multi-call binary run by name, as the images that
 * carry it allow (`busybox nslookup baidu.com`); the applet runs as its own name would.
 */
import { BUSYBOX_APPLETS } from "../../../machines/packages.ts";
import type { Command } from "../../command.ts";
import { commandText } from "../../lib/command-text.ts";
import { BUSYBOX_BANNER } from "../nslookup/nslookup.ts";
import { machineOf } from "../../machine.ts";
import { httpd } from "../httpd/httpd.ts";
import { nc } from "../nc/nc.ts";
import { busyboxPing } from "../ping/ping.ts";
import { traceroute } from "../traceroute/traceroute.ts";

/** Debian's build (standalone shell), as `busybox` and `busybox --help` print it. */
const HELP = `${BUSYBOX_BANNER}
BusyBox is copyrighted by many authors between 1998-2015.
Licensed under GPLv2. See source distribution for detailed
copyright notices.

Usage: busybox [function [arguments]...]
   or: busybox --list[-full]
   or: busybox --install [-s] [DIR]
   or: function [arguments]...

\tBusyBox is a multi-call binary that combines many common Unix
\tutilities into a single executable.  The shell in this build
\tis configured to run built-in utilities without $PATH search.
\tYou don't need to install a link to busybox for each utility.
\tTo run external program, use full path (/sbin/ip instead of ip).

Currently defined functions:
${functionList(BUSYBOX_APPLETS)}`;

/** appletlib.c's list: `name, ` after a tab, wrapped so that no comma lands in the last of 80 columns. */
function functionList(names: readonly string[]): string {
  const width = 79;
  let out = "";
  let col = 0;
  for (const a of names) {
    const len = a.length + 2;
    if (col >= width - len) {
      out += ",\n";
      col = 0;
    }
    if (col === 0) {
      out += "\t";
      col = 6;
    } else out += ", ";
    out += a;
    col += len;
  }
  return out + "\n";
}

const APPLETS_RUN_DIRECTLY: Readonly<Record<string, Command>> = { nc, ping: busyboxPing, httpd, traceroute };

export const busybox: Command = (argv, ctx) => {
  const applet = argv[1];
  if (applet === undefined || applet === "--help") return { world: ctx.world, stdout: HELP, stderr: "", exitCode: 0 };
  if (applet === "--list")
    return { world: ctx.world, stdout: BUSYBOX_APPLETS.map((a) => a + "\n").join(""), stderr: "", exitCode: 0 };
  if (!BUSYBOX_APPLETS.includes(applet))
    return { world: ctx.world, stdout: "", stderr: `${applet}: applet not found\n`, exitCode: 127 };
  // Where busybox is no shell's provider (the Debian host), the applet has no name on PATH: busybox runs it itself.
  const direct = APPLETS_RUN_DIRECTLY[applet];
  if (direct && !machineOf(ctx.world, ctx.session).spec.busyboxStandalone) return direct(argv.slice(1), ctx);
  return ctx.runLine(ctx.world, { ...ctx.session, shell: "sh" }, commandText(argv.slice(1)));
};
