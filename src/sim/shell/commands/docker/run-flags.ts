/**
 * The less common `docker run` flags, read as the CLI reads them: the environment from
 * `-e` and `--env-file`, labels, `--memory` and `--cpus` (go-units sizes; the daemon's
 * bounds), `--cidfile`. Each returns the value, or the CLI's or the daemon's refusal.
 */
import { readFile } from "../../../kernel/files.ts";
import type { World } from "../../../world.ts";
import type { Session } from "../../command.ts";
import { exportedEnv } from "../../vars.ts";
import { cwdOf, normalizePath } from "../../vars.ts";

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** opts.ReadKVEnvStrings: the files' lines first, then each -e; `NAME` alone takes the caller's value, if it has one. */
export function runEnv(
  world: World,
  session: Session,
  files: readonly string[],
  flags: readonly string[],
): Read<string[]> {
  const caller = exportedEnv(world, session);
  const out: string[] = [];
  const take = (entry: string) => {
    if (entry.includes("=")) out.push(entry);
    else if (Object.hasOwn(caller, entry)) out.push(`${entry}=${caller[entry]}`);
  };
  for (const f of files) {
    const text = readFile(world, session.machine, normalizePath(cwdOf(world, session), f));
    if (text === undefined) return { ok: false, error: `open ${f}: no such file or directory` };
    for (const raw of text.split("\n")) {
      const line = raw.replace(/^\s+/, "");
      if (line === "" || line.startsWith("#")) continue;
      take(line);
    }
  }
  for (const e of flags) take(e);
  return { ok: true, value: out };
}

/** `--label k=v` (or `k` alone, an empty value). */
export function runLabels(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of flags) {
    const eq = l.indexOf("=");
    out[eq < 0 ? l : l.slice(0, eq)] = eq < 0 ? "" : l.slice(eq + 1);
  }
  return out;
}

/** go-units RAMInBytes: a number with an optional b/k/m/g/t/p suffix (and a trailing b), powers of 1024. */
export function ramInBytes(v: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([bkmgtp])?b?$/i.exec(v);
  if (!m) return undefined;
  const pow = "bkmgtp".indexOf((m[2] ?? "b").toLowerCase());
  return Math.floor(Number(m[1]) * 1024 ** pow);
}

/** The daemon's checks of --memory and --cpus against the host (2 CPUs in the lab). */
export function limitsError(
  memory: number | undefined,
  nanoCpus: number | undefined,
  ncpu: number,
  cpusRange: (n: number) => string,
): string | undefined {
  if (memory !== undefined && memory > 0 && memory < 6 * 1024 * 1024) return "Minimum memory limit allowed is 6MB";
  if (nanoCpus !== undefined && (nanoCpus < 1e7 || nanoCpus > ncpu * 1e9)) return cpusRange(ncpu);
  return undefined;
}
