/**
 * `systemctl start|stop|restart|status docker` (and `service docker …`): the only
 * unit the lab manages. A restart re-reads /etc/docker/daemon.json and stops every
 * container, as restarting dockerd without live-restore does. Debian's docker.socket, which
 * would start dockerd again at the next `docker` call, is not modelled (the oracle has no systemd).
 */
import { readDaemonConfig, restartDaemon, startDaemon, stopDaemon } from "../../../docker/daemon.ts";
import type { Command, CommandResult } from "../../command.ts";
import type { World } from "../../../world.ts";

const FAILED =
  'Job for docker.service failed because the control process exited with error code.\nSee "systemctl status docker.service" and "journalctl -xeu docker.service" for details.\n';

function act(world: World, verb: string): CommandResult {
  if (verb === "stop") return { world: stopDaemon(world), stdout: "", stderr: "", exitCode: 0 };
  if (verb === "start" || verb === "restart") {
    if (!readDaemonConfig(world).ok) return { world: stopDaemon(world), stdout: "", stderr: FAILED, exitCode: 1 };
    const w = verb === "start" ? (world.docker.running ? world : startDaemon(world)) : restartDaemon(world);
    return { world: w, stdout: "", stderr: "", exitCode: 0 };
  }
  if (verb === "status" || verb === "is-active") {
    const active = world.docker.running;
    if (verb === "is-active")
      return { world, stdout: active ? "active\n" : "inactive\n", stderr: "", exitCode: active ? 0 : 3 };
    const text = `● docker.service - Docker Application Container Engine\n     Loaded: loaded (/lib/systemd/system/docker.service; enabled; preset: enabled)\n     Active: ${active ? "active (running)" : "inactive (dead)"}\n`;
    return { world, stdout: text, stderr: "", exitCode: active ? 0 : 3 };
  }
  return { world, stdout: "", stderr: `Unknown command verb ${verb}.\n`, exitCode: 1 };
}

const UNIT = /^docker(\.service)?$/;

export const systemctl: Command = (argv, { world }) => {
  const [, verb, unit] = argv;
  if (verb === undefined) return { world, stdout: "", stderr: "Too few arguments.\n", exitCode: 1 };
  if (unit === undefined || !UNIT.test(unit)) {
    return {
      world,
      stdout: "",
      stderr: `Failed to ${verb} ${unit ?? ""}: Unit ${unit ?? ""}.service not found.\n`,
      exitCode: 5,
    };
  }
  return act(world, verb);
};

/** `service docker restart`. */
export const service: Command = (argv, ctx) => {
  const [, unit, verb] = argv;
  return systemctl(["systemctl", verb ?? "", unit ?? ""], ctx);
};
