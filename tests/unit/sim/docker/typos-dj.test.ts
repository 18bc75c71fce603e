/** What the docker CLI answers a learner who gets a command slightly wrong (recorded in dj01–dj05). */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/index.ts";
import { out } from "../lab.ts";
import { terminal } from "../shell/terminal.ts";

describe("docker asked for help", () => {
  it("says -h is a deprecated shorthand of --help before the help, on stdout", () => {
    const { out } = terminal(["docker stop -h | head -3"]);
    expect(out[0]).toBe(
      "Flag shorthand -h has been deprecated, please use --help\n\nUsage:  docker stop [OPTIONS] CONTAINER [CONTAINER...]\n",
    );
  });

  it("words the notice as pflag does on 28", () => {
    expect(out(createWorld(1, { engine: "28" }), "docker stop -h").stdout).toMatch(
      /^Flag shorthand -h has been deprecated, use --help\nUsage: {2}docker stop /,
    );
  });

  it("prints a command's help for `docker help CMD`, and an unknown topic as an error", () => {
    const { out } = terminal([
      "docker help port | head -2",
      "docker help network create | head -2",
      "docker help nosuch; echo $?",
    ]);
    expect(out[0]).toBe("\nUsage:  docker port CONTAINER [PRIVATE_PORT[/PROTO]]\n");
    expect(out[1]).toBe("\nUsage:  docker network create [OPTIONS] NETWORK\n");
    expect(out[2]).toBe("unknown help topic: nosuch\n1\n");
  });
});

describe("docker network connect", () => {
  it("looks the container up before the network", () => {
    const { out } = terminal(["docker network connect nosuch web; echo $?"]);
    expect(out[0]).toBe("Error response from daemon: No such container: web\n1\n");
  });
});
