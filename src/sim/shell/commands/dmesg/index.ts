/**
 * `dmesg`: the kernel's ring buffer. The lab's host is a network namespace, as the
 * oracle's is, and the kernel logs nothing for it: the LOG target writes to the ring
 * from the initial namespace only, unless that namespace's net.netfilter.nf_log_all_netns
 * says otherwise (a sysctl the lab's host cannot even see). So a learner's `-j LOG` rule
 * counts packets, but `dmesg | grep PREFIX` finds nothing (recorded, q08).
 * What the oracle's ring does hold is its own machine's history, so the lab's is empty.
 * A container lacks CAP_SYSLOG: util-linux's dmesg is refused the buffer (busybox's
 * applet says so through klogctl's name).
 */
import type { Command } from "../../command.ts";
import { isBusybox, machineOf } from "../../machine.ts";
import { flag, type CommandModule } from "../../spec.ts";

/** util-linux 2.38's flags that take no value, and those that take one. */
const FLAGS = new Set("CcDdEeHhkLPrSTtuVwWx".split(""));
const VALUED = new Set("FfLlnps".split(""));
const LONG = new Set([
  "clear", "read-clear", "console-off", "show-delta", "console-on", "reltime", "human", "kernel", "nopager",
  "raw", "syslog", "ctime", "notime", "userspace", "follow", "follow-new", "decode", "color", "since", "until",
  "time-format", "buffer-size", "console-level", "facility", "level", "file", "force-prefix", "noescape", "json",
]); // prettier-ignore

const TRY = "Try 'dmesg --help' for more information.\n";

const dmesg: Command = (argv, ctx) => {
  const done = (stdout: string, stderr = "", exitCode = 0) => ({ world: ctx.world, stdout, stderr, exitCode });
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--help" || a === "-h")
      return done("Usage:\n dmesg [options]\n\nDisplay or control the kernel ring buffer.\n");
    if (a === "--version" || a === "-V") return done("dmesg from util-linux 2.38.1\n");
    if (a.startsWith("--")) {
      if (!LONG.has(a.slice(2).split("=")[0]!)) return done("", `dmesg: unrecognized option '${a}'\n${TRY}`, 1);
      continue;
    }
    if (!a.startsWith("-") || a === "-") return done("", `dmesg: bad usage\n${TRY}`, 1);
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      if (VALUED.has(c)) {
        if (j === a.length - 1) i++;
        break;
      }
      if (!FLAGS.has(c)) return done("", `dmesg: invalid option -- '${c}'\n${TRY}`, 1);
    }
  }
  const machine = machineOf(ctx.world, ctx.session);
  if (machine.kind === "container") {
    const what = isBusybox(machine, "dmesg") ? "klogctl" : "read kernel buffer failed";
    return done("", `dmesg: ${what}: Operation not permitted\n`, 1);
  }
  return done("");
};

export const COMMAND: CommandModule = {
  spec: {
    name: "dmesg",
    summary: "print or control the kernel ring buffer",
    options: [flag(["-T", "--ctime"]), flag(["-H", "--human"]), flag(["-c", "--read-clear"]), flag(["-w", "--follow"])],
  },
  run: dmesg,
};
