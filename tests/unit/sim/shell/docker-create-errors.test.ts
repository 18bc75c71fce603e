/** docker create refuses in its own name what the CLI checks, and hands the rest on as it came (oracle ld15). */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import { out, run } from "../lab.ts";

const fresh = () => createWorld(1);

describe("docker create's refusals", () => {
  it("names create in the CLI's own checks", () => {
    const r = out(fresh(), "docker create --mac-address xx nginx");
    expect([r.stderr, r.code]).toEqual(["docker: xx is not a valid mac address.\nSee 'docker create --help'.\n", 125]);
    expect(out(fresh(), "docker create -p 99999:80 nginx").stderr).toContain("See 'docker create --help'.");
    expect(out(fresh(), "docker create --network-alias a nginx").stderr).toContain("See 'docker create --help'.");
    expect(out(fresh(), "docker run --network-alias a nginx").stderr).toContain("See 'docker run --help'.");
  });

  it("refuses a variable with no name as -e's value", () => {
    const r = out(fresh(), "docker create -e '=x' nginx");
    expect([r.stderr, r.code]).toEqual([
      'invalid argument "=x" for "-e, --env" flag: invalid environment variable: =x\nSee \'docker create --help\'.\n',
      125,
    ]);
  });

  it("prints a found container ID file bare, exit 1", () => {
    const w = run(fresh(), "docker create --cidfile /tmp/cid nginx");
    const r = out(w, "docker create --cidfile /tmp/cid nginx");
    expect([r.stderr, r.code]).toEqual([
      "container ID file found, make sure the other container isn't running or delete /tmp/cid\n",
      1,
    ]);
    expect(out(w, "docker run --cidfile /tmp/cid nginx").stderr).toMatch(
      /^docker: container ID file found.*\nSee 'docker run --help'.\n$/,
    );
  });
});
