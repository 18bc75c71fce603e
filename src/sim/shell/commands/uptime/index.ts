/** `uptime`: how long the machine has been up, on the lab's clock, with no users logged in and no load. */
import type { Command } from "../../command.ts";
import { usage } from "../../lib/busybox-usage.ts";
import { BOOT_MS } from "../../lib/procs.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { flag, type CommandModule } from "../../spec.ts";

function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** procps' and busybox's "up" part: `5 min`, `4:24`, `2 days,  3:04`. */
function upText(ms: number): string {
  const mins = Math.floor(ms / 60000);
  const days = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  const d = days ? `${days} day${days === 1 ? "" : "s"}, ` : "";
  return d + (h ? `${String(h).padStart(2)}:${String(m).padStart(2, "0")}` : `${m} min`);
}

function pretty(ms: number): string {
  const mins = Math.floor(ms / 60000);
  const parts: string[] = [];
  const days = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  if (days) parts.push(`${days} day${days === 1 ? "" : "s"}`);
  if (h) parts.push(`${h} hour${h === 1 ? "" : "s"}`);
  if (m || parts.length === 0) parts.push(`${m} minute${m === 1 ? "" : "s"}`);
  return "up " + parts.join(", ");
}

const uptime: Command = (argv, ctx) => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "uptime");
  const up = ctx.world.clock - BOOT_MS;
  const opt = argv[1];
  if (opt !== undefined) {
    if (bb)
      return {
        world: ctx.world,
        stdout: "",
        stderr: `uptime: invalid option -- '${opt.replace(/^-+/, "")[0] ?? ""}'\n${usage("uptime")}`,
        exitCode: 1,
      };
    if (opt === "-p" || opt === "--pretty")
      return { world: ctx.world, stdout: pretty(up) + "\n", stderr: "", exitCode: 0 };
    if (opt === "-s" || opt === "--since")
      return {
        world: ctx.world,
        stdout: new Date(BOOT_MS).toISOString().slice(0, 19).replace("T", " ") + "\n",
        stderr: "",
        exitCode: 0,
      };
  }
  // procps 4 says "0 user"; busybox "0 users".
  const line = ` ${clock(ctx.world.clock)} up ${upText(up)},  0 ${bb ? "users" : "user"},  load average: 0.00, 0.00, 0.00\n`;
  return { world: ctx.world, stdout: line, stderr: "", exitCode: 0 };
};

export const COMMAND: CommandModule = {
  spec: { name: "uptime", summary: "tell how long the system has been running", options: [flag("-p"), flag("-s")] },
  run: uptime,
};
