/**
 * `date` on the lab's clock (the world's, so a replay prints the same), in UTC as a
 * server's is: the default format, `+FORMAT` with the usual conversions, `-u`, `-R`,
 * `-I`, and `-d @SECONDS` / `-d now`. Other `-d` strings are refused as GNU refuses
 * what it cannot read.
 */
import type { Command, CommandResult } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const FULL_DAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const FULL_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]; // prettier-ignore

const p2 = (n: number) => String(n).padStart(2, "0");

export function strftime(format: string, ms: number): string {
  const d = new Date(ms);
  const Y = d.getUTCFullYear();
  const start = Date.UTC(Y, 0, 1);
  const yday = Math.floor((ms - start) / 86_400_000) + 1;
  return format.replace(/%([-_0]?)([a-zA-Z%+])/g, (all, pad: string, c: string) => {
    const num = (n: number, w = 2) => (pad === "-" ? String(n) : pad === "_" ? String(n).padStart(w, " ") : String(n).padStart(w, "0"));
    switch (c) {
      case "Y": return String(Y);
      case "y": return p2(Y % 100);
      case "m": return num(d.getUTCMonth() + 1);
      case "d": return num(d.getUTCDate());
      case "e": return pad === "0" ? p2(d.getUTCDate()) : String(d.getUTCDate()).padStart(2, " ");
      case "H": return num(d.getUTCHours());
      case "I": return num(((d.getUTCHours() + 11) % 12) + 1);
      case "M": return num(d.getUTCMinutes());
      case "S": return num(d.getUTCSeconds());
      case "N": return String((ms % 1000) * 1_000_000).padStart(9, "0");
      case "s": return String(Math.floor(ms / 1000));
      case "a": return DAYS[d.getUTCDay()]!;
      case "A": return FULL_DAYS[d.getUTCDay()]!;
      case "b": case "h": return MONTHS[d.getUTCMonth()]!;
      case "B": return FULL_MONTHS[d.getUTCMonth()]!;
      case "p": return d.getUTCHours() < 12 ? "AM" : "PM";
      case "j": return num(yday, 3);
      case "u": return String(d.getUTCDay() || 7);
      case "w": return String(d.getUTCDay());
      case "Z": return "UTC";
      case "z": return "+0000";
      case "F": return `${Y}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
      case "T": return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      case "R": return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
      case "D": return `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(Y % 100)}`;
      case "c": return strftime("%a %b %e %H:%M:%S %Y", ms);
      case "n": return "\n";
      case "t": return "\t";
      case "%": return "%";
      default: return all;
    }
  }); // prettier-ignore
}

export const date: Command = (argv, ctx): CommandResult => {
  const bb = isBusybox(machineOf(ctx.world, ctx.session), "date");
  let ms = ctx.world.clock;
  let format = "%a %b %e %H:%M:%S %Z %Y";
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith("+")) format = a.slice(1);
    else if (a === "-u" || a === "--utc") continue;
    else if (a === "-R" || a === "--rfc-email") format = "%a, %d %b %Y %H:%M:%S %z";
    else if (a === "-I" || a === "--iso-8601") format = "%F";
    else if (a === "-d" || a.startsWith("--date=") || a.startsWith("-d")) {
      const v = a === "-d" ? args[++i] : a.startsWith("--date=") ? a.slice(7) : a.slice(2);
      const at = /^@(-?\d+)$/.exec(v ?? "");
      if (at) ms = Number(at[1]) * 1000;
      else if (v !== "now" && v !== "") {
        const stderr = bb ? `date: invalid date '${v}'\n` : `date: invalid date \u2018${v ?? ""}\u2019\n`;
        return { world: ctx.world, stdout: "", stderr, exitCode: 1 };
      }
    } else {
      const stderr = bb ? `date: invalid date '${a}'\n` : `date: invalid date \u2018${a}\u2019\n`;
      return { world: ctx.world, stdout: "", stderr, exitCode: 1 };
    }
  }
  return { world: ctx.world, stdout: strftime(format, ms) + "\n", stderr: "", exitCode: 0 };
};
