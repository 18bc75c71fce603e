/** `env` and `printenv`: the environment, or a command run in a changed one. */
import { type CommandModule, FREE, flag, valued } from "../../spec.ts";
import { env, printenv } from "./env.ts";

export const COMMAND: CommandModule = {
  spec: {
    name: "env",
    summary: "run a program in a modified environment",
    options: [flag(["-i", "--ignore-environment"]), valued(["-u", "--unset"]), flag(["-0", "--null"])],
    args: [FREE],
  },
  run: env,
};

export const PRINTENV: CommandModule = {
  spec: {
    name: "printenv",
    summary: "print all or part of environment",
    options: [flag(["-0", "--null"])],
    args: [FREE],
  },
  run: printenv,
};
