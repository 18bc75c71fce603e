/**
 * cobra names a command by the path it was reached through: errors of `docker container X`
 * send the learner to `docker container X --help`, not to the short form's help.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "../shell/terminal.ts";

describe("docker container X names itself as typed", () => {
  it("in a flag error, on both engines", () => {
    const line = "docker container update -p 8080:80 web";
    expect(terminal([line]).out[0]).toBe("unknown shorthand flag: 'p' in -p\nSee 'docker container update --help'.\n");
    expect(terminal(["docker update -p 8080:80 web"]).out[0]).toContain("See 'docker update --help'.");
  });

  it("in a usage error, and ls as container ls", () => {
    const [stop, ls] = terminal(["docker container stop", "docker container ls --bogus"]).out;
    expect(stop).toMatch(
      /^"docker container stop" requires at least 1 argument\.\nSee 'docker container stop --help'\./,
    );
    expect(stop).toContain("Usage:  docker container stop [OPTIONS]");
    expect(ls).toContain("See 'docker container ls --help'.");
  });
});
