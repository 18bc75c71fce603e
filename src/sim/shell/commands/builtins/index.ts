/** The builtins every shell of the lab runs itself: echo, true, false, exit, pwd, cd, export, readonly, unset. */
import { flag, FREE, words, type CommandModule } from "../../spec.ts";
import { echo } from "./echo.ts";
import { exit } from "./exit.ts";
import { cd, pwd } from "./cd.ts";
import { falseCmd, trueCmd } from "./status.ts";
import { exportCmd, readonlyCmd, unsetCmd } from "./variables.ts";

export const BUILTINS: readonly CommandModule[] = [
  {
    spec: {
      name: "echo",
      summary: "Write arguments to the standard output.",
      options: [flag("-n"), flag("-e"), flag("-E")],
      args: [FREE],
    },
    run: echo,
  },
  { spec: { name: "true", summary: "Return a successful result." }, run: trueCmd },
  { spec: { name: ":", summary: "Null command: no effect, a successful result." }, run: trueCmd },
  { spec: { name: "false", summary: "Return an unsuccessful result." }, run: falseCmd },
  { spec: { name: "exit", summary: "Exit the shell.", args: [words("0", "1")] }, run: exit },
  { spec: { name: "pwd", summary: "Print the name of the current working directory." }, run: pwd },
  {
    spec: {
      name: "cd",
      summary: "Change the shell working directory.",
      args: [words("/", "/etc", "/proc/sys/net", "-")],
    },
    run: cd,
  },
  {
    spec: {
      name: "export",
      summary: "Set export attribute for shell variables.",
      options: [flag("-p"), flag("-n"), flag("-f")],
      args: [FREE],
    },
    run: exportCmd,
  },
  {
    spec: { name: "readonly", summary: "Mark shell variables as unchangeable.", options: [flag("-p")], args: [FREE] },
    run: readonlyCmd,
  },
  { spec: { name: "unset", summary: "Unset values and attributes of shell variables.", args: [FREE] }, run: unsetCmd },
];
