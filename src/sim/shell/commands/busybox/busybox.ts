/**
 * `busybox APPLET ARGS...`: the multi-call binary run by name, as the images that
 * carry it allow (`busybox nslookup baidu.com`); the applet runs as its own name would.
 */
import { BUSYBOX_APPLETS } from "../../../machines/packages.ts";
import type { Command } from "../../command.ts";
import { commandText } from "../../jobs.ts";
import { BUSYBOX_BANNER } from "../nslookup/nslookup.ts";

const HELP = `${BUSYBOX_BANNER}
BusyBox is copyrighted by many authors between 1998-2015.
Licensed under GPLv2. See source distribution for detailed
copyright notices.

Usage: busybox [function [arguments]...]
   or: busybox --list[-full]
   or: busybox --show SCRIPT
   or: busybox --install [-s] [DIR]
   or: function [arguments]...

\tBusyBox is a multi-call binary that combines many common Unix
\tutilities into a single executable.  Most people will create a
\tlink to busybox for each function they wish to use and BusyBox
\twill act like whatever it was invoked as.
`;

export const busybox: Command = (argv, ctx) => {
  const applet = argv[1];
  if (applet === undefined || applet === "--help")
    return { world: ctx.world, stdout: HELP, stderr: "", exitCode: applet ? 0 : 1 };
  if (applet === "--list")
    return { world: ctx.world, stdout: BUSYBOX_APPLETS.map((a) => a + "\n").join(""), stderr: "", exitCode: 0 };
  if (!BUSYBOX_APPLETS.includes(applet))
    return { world: ctx.world, stdout: "", stderr: `${applet}: applet not found\n`, exitCode: 127 };
  return ctx.runLine(ctx.world, { ...ctx.session, shell: "sh" }, commandText(argv.slice(1)));
};
