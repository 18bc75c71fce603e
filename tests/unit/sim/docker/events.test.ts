import { describe, expect, it } from "vitest";
import { cliTimestamp } from "../../../../src/sim/shell/commands/docker/events.ts";
import { restartPolicy } from "../../../../src/sim/shell/commands/docker/update.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";

function world(lines: readonly string[], engine: "26" | "28" = "26"): World {
  let w = createWorld(1, { engine });
  for (const l of lines) w = runLine(w, { machine: "host" }, l).world;
  return w;
}
const run = (w: World, line: string) => runLine(w, { machine: "host" }, line);
const EV = "docker events --since 1m --until 0s";

describe("docker events: the daemon's log read back", () => {
  it("reads the CLI's timestamps: Go durations, whole seconds back from now", () => {
    expect(cliTimestamp("1m", 120_500)).toBe(60_000);
    expect(cliTimestamp("0s", 1_000_700)).toBe(1_000_000);
    expect(cliTimestamp("1700000000", 0)).toBe(1_700_000_000_000);
    expect(cliTimestamp("2026-11-29T16:19:00Z", 0)).toBe(Date.UTC(2026, 10, 29, 16, 19, 0));
    expect(cliTimestamp("bogus", 0)).toBeUndefined();
  });

  it("logs a stop as kill, the endpoint's disconnect, stop and die, in that order", () => {
    const w = world(["docker run -d --name web nginx", "docker stop web", "sleep 1"]);
    const r = run(w, `${EV} --format '{{.Type}} {{.Action}} {{.Actor.Attributes.signal}}'`);
    expect(r.stdout).toBe(
      [
        "container create <no value>",
        "network connect <no value>",
        "container start <no value>",
        "container kill 15",
        "network disconnect <no value>",
        "container stop <no value>",
        "container die <no value>",
        "",
      ].join("\n"),
    );
  });

  it("leaves out what happened in the current second when --until is 0s", () => {
    const w = world(["docker run -d --name web nginx", "sleep 1", "docker stop web"]);
    const actions = (x: World) => run(x, `${EV} --filter type=container --format '{{.Action}}'`).stdout;
    expect(actions(w)).toBe("create\nstart\n");
    expect(actions(run(w, "sleep 1").world)).toBe("create\nstart\nkill\nstop\ndie\n");
  });

  it("matches container= by name or id prefix on the actor, and ANDs different keys", () => {
    const w = world(["docker run -d --name web nginx", "docker network create n1", "docker rm -f web", "sleep 1"]);
    const id = w.docker.events!.find((e) => e.type === "container")!.id;
    const by = (f: string) => run(w, `${EV} ${f} --format '{{.Action}}'`).stdout.trim().split("\n");
    expect(by("--filter container=web")).toEqual(["create", "start", "kill", "die", "destroy"]);
    expect(by(`--filter container=${id.slice(0, 6)}`)).toHaveLength(5);
    expect(by("--filter type=network --filter event=create")).toEqual(["create"]);
    expect(run(w, `${EV} --filter event=destroy --format '{{json .Actor.Attributes}}'`).stdout).toBe(
      '{"image":"nginx","name":"web"}\n',
    );
  });

  it("logs a running container's network disconnect twice on 26, once on 28", () => {
    const lines = ["docker network create n1", "docker run -d --name web nginx", "docker network connect n1 web"];
    const count = (engine: "26" | "28") => {
      const w = world([...lines, "docker network disconnect n1 web", "sleep 1"], engine);
      return run(w, `${EV} --filter event=disconnect --format x`).stdout.length / 2;
    };
    expect(count("26")).toBe(2);
    expect(count("28")).toBe(1);
  });

  it("refuses a time that is neither a duration nor a date", () => {
    const r = run(createWorld(), "docker events --since bogus --until 0s");
    expect(r.stderr).toBe('failed to parse value as time or duration: "bogus"\n');
    expect(r.exitCode).toBe(1);
  });
});

describe("docker update", () => {
  it("checks the restart policy as the daemon does", () => {
    expect(restartPolicy("on-failure:3")).toEqual({ name: "on-failure", maximumRetryCount: 3 });
    expect(restartPolicy("bogus")).toMatch(/unknown policy 'bogus'/);
    expect(restartPolicy("always:2")).toMatch(/only be used with 'on-failure'/);
  });

  it("changes the policy in place and logs an update", () => {
    const w = run(world(["docker run -d --name web nginx"]), "docker update --restart always web").world;
    expect(w.docker.containers[0]!.restartPolicy).toEqual({ name: "always", maximumRetryCount: 0 });
    expect(w.docker.events!.at(-1)!.action).toBe("update");
    expect(run(w, "docker update web").stderr).toBe("you must provide one or more flags when using this command\n");
  });
});
