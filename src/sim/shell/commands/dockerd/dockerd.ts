/**
 * `dockerd` typed by hand: `--version`, and `--validate [--config-file FILE]`, which reads
 * the configuration as a starting daemon would and says whether it would start (oracle:
 * am05). The daemon itself runs under systemd; starting a second one is not modelled.
 */
import { DAEMON_JSON } from "../../../docker/daemon.ts";
import { readDaemonJson } from "../../../docker/daemon-json.ts";
import { profileOf } from "../../../docker/engine/index.ts";
import { readFile } from "../../../kernel/files.ts";
import { fail, ok, type Command } from "../../command.ts";
import { resolvePath } from "../../vars.ts";

export const dockerd: Command = (argv, { world, session }) => {
  const profile = profileOf(world.docker);
  let validate = false;
  let file = DAEMON_JSON;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-v" || a === "--version") {
      const s = profile.texts.server;
      return ok(world, `Docker version ${String(s["Version"])}, build ${String(s["GitCommit"])}\n`);
    }
    if (a === "--validate") validate = true;
    else if (a === "--config-file" && argv[i + 1] !== undefined) file = argv[++i]!;
    else if (a.startsWith("--config-file=")) file = a.slice("--config-file=".length);
    else return fail(world, `[lab: dockerd ${a} is not modelled]\n`);
  }
  if (!validate) return fail(world, "[lab: dockerd runs under systemd here: use systemctl restart docker]\n");
  const text = readFile(world, session.machine, resolvePath(world, session, file));
  const prefix = `unable to configure the Docker daemon with file ${file}: `;
  if (text === undefined) return fail(world, `${prefix}open ${file}: no such file or directory\n`);
  const r = readDaemonJson(text, profile.driver);
  return r.ok ? ok(world, "configuration OK\n") : fail(world, `${prefix}${r.error}\n`);
};
