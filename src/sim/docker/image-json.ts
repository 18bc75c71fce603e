/**
 * `docker image inspect`'s object for a local image (the API's ImageInspect): 26
 * prints the image's container config in full after `Author`; 28 prints only the
 * OCI config's fields, last, after `Metadata` (both recorded on the oracle).
 */
import { specOf } from "./images.ts";
import { rfc3339Nano } from "./inspect.ts";
import type { DockerWorld, LocalImage } from "./types.ts";

/** A deterministic stand-in for the overlay2 directory of the image's top layer. */
function layerDir(img: LocalImage): string {
  return [...img.id.slice(7)].reverse().join("");
}

export function imageJson(world: DockerWorld, img: LocalImage): Record<string, unknown> {
  const spec = specOf(img);
  const ports = spec.exposed.length > 0 ? Object.fromEntries(spec.exposed.map((p) => [p, {}])) : null;
  const entrypoint = spec.entrypoint.length > 0 ? spec.entrypoint : null;
  const created = rfc3339Nano(img.created);
  const v28 = world.docker.engine === "28";
  const dir = `/var/lib/docker/overlay2/${layerDir(img)}`;
  // The builder gives an image with no environment the default PATH before its own ENV.
  const own = (img.layers ?? []).flatMap((l) => l.env ?? []);
  const env =
    img.imported && own.length === 0
      ? null
      : ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", ...own];
  const head = {
    Id: img.id,
    RepoTags: [...img.repoTags],
    RepoDigests: [...img.repoDigests],
    Parent: "",
    Comment: img.imported ? "Imported from -" : "",
    Created: created,
    DockerVersion: img.imported ? (v28 ? "28.5.2+dfsg4" : "26.1.5+dfsg1") : "",
    Author: "",
  };
  const tail = {
    Architecture: "amd64",
    Os: "linux",
    Size: spec.sizeBytes,
    GraphDriver: {
      Data: { MergedDir: `${dir}/merged`, UpperDir: `${dir}/diff`, WorkDir: `${dir}/work` },
      Name: "overlay2",
    },
    RootFS: { Type: "layers", Layers: [...spec.registry.layers] },
    Metadata: { LastTagTime: img.imported ? created : "0001-01-01T00:00:00Z" },
  };
  if (v28) {
    return {
      ...head,
      ...tail,
      Config: {
        Cmd: [...spec.cmd],
        Entrypoint: entrypoint,
        Env: env,
        ExposedPorts: ports,
        Labels: null,
        OnBuild: null,
        User: "",
        Volumes: null,
        WorkingDir: "",
      },
    };
  }
  return {
    ...head,
    Config: {
      Hostname: "",
      Domainname: "",
      User: "",
      AttachStdin: false,
      AttachStdout: false,
      AttachStderr: false,
      ...(ports ? { ExposedPorts: ports } : {}),
      Tty: false,
      OpenStdin: false,
      StdinOnce: false,
      Env: env,
      Cmd: [...spec.cmd],
      Image: "",
      Volumes: null,
      WorkingDir: "",
      Entrypoint: entrypoint,
      OnBuild: null,
      Labels: null,
    },
    ...tail,
  };
}
