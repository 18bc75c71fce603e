/**
 * `-p` in the long syntax (oracle, session ck10): the CLI converts
 * `published=8091,target=80,protocol=udp` to the short form before parsing it.
 */
import { describe, expect, it } from "vitest";
import { createWorld, type EngineVersion } from "../../../../src/sim/index.ts";
import { out, run } from "../lab.ts";

const ENGINES: EngineVersion[] = ["26", "28"];

describe("docker run -p in the long syntax", () => {
  it.each(ENGINES)("publishes published=…,target=…,protocol=… as the short form (Docker %s)", (engine) => {
    const w = run(
      createWorld(1, { engine }),
      "docker run -d --publish published=8091,target=80 --name longform nginx",
      "docker run -d -p published=8092,target=53,protocol=udp,mode=host --name longudp nginx",
    );
    expect(out(w, "docker port longform").text).toBe("80/tcp -> 0.0.0.0:8091\n80/tcp -> [::]:8091\n");
    expect(out(w, "docker port longudp").text).toBe("53/udp -> 0.0.0.0:8092\n53/udp -> [::]:8092\n");
    expect(out(w, "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:8091/").text).toBe("200");
  });

  it("takes an ephemeral host port when published= is left out", () => {
    const w = run(createWorld(1), "docker run -d -p target=80 --name longtarget nginx");
    expect(out(w, "docker port longtarget 80 | wc -l").text).toBe("2\n");
  });

  it("refuses a parameter without a value before anything is created", () => {
    const r = out(createWorld(1), "docker run -d -p 8080:80 -p published=8093,target --name bad nginx");
    expect(r.text).toBe(
      "docker: invalid publish opts format (should be name=value but got 'target').\nSee 'docker run --help'.\n",
    );
    expect(r.code).toBe(125);
    expect(r.world.docker.containers).toHaveLength(0);
  });
});
