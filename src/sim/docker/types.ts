/**
 * The Docker daemon's state: networks, containers, settings. Placeholder for the
 * engine (issue 4); the docker module owns and extends it.
 */
export interface DockerState {
  /** false until the daemon has started (it starts with the default world). */
  readonly running: boolean;
}

export function createDockerState(): DockerState {
  return { running: true };
}
