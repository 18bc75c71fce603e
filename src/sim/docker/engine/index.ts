/** The engine profiles the lab can run, by version; a world records which one it runs (`DockerState.engine`). */
import type { DockerState } from "../types.ts";
import type { EngineProfile, EngineVersion } from "./profile.ts";
import { DOCKER_26 } from "./v26.ts";
import { DOCKER_28 } from "./v28.ts";

export type { EngineProfile, EngineVersion } from "./profile.ts";
export type { FirewallOp, IptablesCall } from "./profile-firewall.ts";

export const DEFAULT_ENGINE: EngineVersion = "26";

/** Docker 26.1.5 (the article's, the default) and 28.5.2 (today's). */
const PROFILES: Readonly<Record<EngineVersion, EngineProfile>> = { "26": DOCKER_26, "28": DOCKER_28 };

/** Every engine the lab can run, oldest first. */
export const ENGINES: readonly EngineVersion[] = ["26", "28"];

export function isEngineAvailable(version: string): version is EngineVersion {
  return Object.hasOwn(PROFILES, version);
}

export function engineProfile(version: EngineVersion): EngineProfile {
  return PROFILES[version];
}

/** The profile of the engine a world runs. */
export function profileOf(docker: DockerState): EngineProfile {
  return engineProfile(docker.engine);
}
