/**
 * `docker update`: a container's restart policy changed in place (the resource limits are
 * cgroup settings the lab does not keep). The CLI wants at least one flag before it asks
 * the daemon; the daemon checks the policy, and refuses a memory limit alone because the
 * cgroup's swap limit would then be below it.
 */
import { findContainer, updateContainer } from "../../../docker/container.ts";
import { logContainerEvent } from "../../../docker/events.ts";
import type { RestartPolicy } from "../../../docker/types.ts";
import type { World } from "../../../world.ts";
import type { CommandResult } from "../../command.ts";
import { argsError, flagError } from "./cli-texts.ts";
import { parseFlags, value } from "./flags.ts";

const VALUES = [
  "--restart",
  "-m",
  "--memory",
  "--memory-swap",
  "--memory-reservation",
  "--kernel-memory",
  "-c",
  "--cpu-shares",
  "--cpus",
  "--cpu-period",
  "--cpu-quota",
  "--cpu-rt-period",
  "--cpu-rt-runtime",
  "--cpuset-cpus",
  "--cpuset-mems",
  "--blkio-weight",
  "--pids-limit",
];

/** The daemon's check of a restart policy (CLI: NAME[:COUNT]); the error, or the policy. */
export function restartPolicy(spec: string): RestartPolicy | string {
  const [name, count] = spec.split(":", 2) as [string, string | undefined];
  if (count !== undefined && !/^-?\d+$/.test(count))
    return "invalid restart policy format: maximum retry count must be an integer";
  const n = count === undefined ? 0 : Number(count);
  const known = ["no", "always", "on-failure", "unless-stopped"];
  if (!known.includes(name))
    return `invalid restart policy: unknown policy '${name}'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'`;
  if (name !== "on-failure" && n !== 0)
    return `invalid restart policy: maximum retry count can only be used with 'on-failure'`;
  if (n < 0) return "invalid restart policy: maximum retry count can't be negative";
  return { name, maximumRetryCount: n };
}

export function dockerUpdate(argv: readonly string[], world: World): CommandResult {
  const p = parseFlags(argv, {
    bools: [],
    values: VALUES,
    aliases: { "-m": "--memory", "-c": "--cpu-shares" },
  });
  if (!p.ok) return flagError(world, "update", p.error);
  const refs = p.parsed.args;
  if (refs.length === 0) return argsError(world, "update", { kind: "min", n: 1 });
  if (Object.keys(p.parsed.flags).length === 0)
    return { world, stdout: "", stderr: "you must provide one or more flags when using this command\n", exitCode: 1 };
  const spec = value(p.parsed, "--restart");
  const policy = spec === undefined || spec === "" ? undefined : restartPolicy(spec);
  let w = world;
  let stdout = "";
  const errors: string[] = [];
  for (const ref of refs) {
    const c = findContainer(w, ref);
    if (!c) {
      errors.push(`Error response from daemon: No such container: ${ref}`);
      continue;
    }
    if (typeof policy === "string") {
      errors.push(`Error response from daemon: ${policy}`);
      continue;
    }
    if (value(p.parsed, "--memory") !== undefined && value(p.parsed, "--memory-swap") === undefined) {
      errors.push(
        `Error response from daemon: Cannot update container ${c.id}: Memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time`,
      );
      continue;
    }
    if (policy && c.autoRemove && policy.name !== "no") {
      errors.push(
        "Error response from daemon: Restart policy cannot be updated because AutoRemove is enabled for the container",
      );
      continue;
    }
    if (policy) w = updateContainer(w, c.id, (x) => ({ ...x, restartPolicy: policy }));
    w = logContainerEvent(w, findContainer(w, c.id)!, "update");
    stdout += ref + "\n";
  }
  const stderr = errors.length > 0 ? errors.join("\n") + "\n" : "";
  return { world: w, stdout, stderr, exitCode: errors.length > 0 ? 1 : 0 };
}
