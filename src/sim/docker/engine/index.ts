/** The engine profiles the lab can run, by version; a world records which one it runs (`DockerState.engine`). */
import type { DockerState } from "../types.ts";
import type { EngineProfile, EngineVersion } from "./profile.ts";
import { DOCKER_26 } from "./v26.ts";

export type { EngineProfile, EngineVersion, FirewallOp, IptablesCall } from "./profile.ts";

export const DEFAULT_ENGINE: EngineVersion = "26";

/** Docker 28.5.2 comes as v28.ts, added here. */
const PROFILES: Readonly<Partial<Record<EngineVersion, EngineProfile>>> = { "26": DOCKER_26 };

export function isEngineAvailable(version: string): version is EngineVersion {
  return Object.hasOwn(PROFILES, version);
}

export function engineProfile(version: EngineVersion): EngineProfile {
  const p = PROFILES[version];
  if (!p) throw new Error(`Docker ${version} is not available yet`);
  return p;
}

/** The profile of the engine a world runs. */
export function profileOf(docker: DockerState): EngineProfile {
  return engineProfile(docker.engine);
}
