import { describe, expect, it } from "vitest";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";

const HOST: Session = { machine: "host" };
const REPLAY: Session = { machine: "host", noTty: true };

function after(...lines: string[]): World {
  let w = createWorld();
  for (const l of lines) w = runLine(w, REPLAY, l).world;
  return w;
}

describe("docker cp", () => {
  it("copies a page into nginx's root, which nginx then serves with its type", () => {
    const w = after(
      "docker run -d -p 2024:80 --name web nginx",
      "echo '<h1>hi</h1>' > /root/hi.html",
      "docker cp /root/hi.html web:/usr/share/nginx/html/",
    );
    const r = runLine(w, REPLAY, "curl -s -o /dev/null -w '%{http_code} %{content_type}' localhost:2024/hi.html");
    expect(r.stdout).toBe("200 text/html");
    expect(runLine(w, REPLAY, "curl -s localhost:2024/hi.html").stdout).toBe("<h1>hi</h1>\n");
  });

  it("copies out of a container, and keeps what was copied in across a stop and start", () => {
    const w = after(
      "docker run -d --name web nginx",
      "echo kept > /root/k",
      "docker cp /root/k web:/tmp/k",
      "docker stop web",
      "docker start web",
      "docker cp web:/tmp/k /root/back",
    );
    expect(runLine(w, REPLAY, "cat /root/back").stdout).toBe("kept\n");
  });

  it("is silent without a terminal and reports the tar stream's size on one", () => {
    const w = after("docker run -d --name web nginx", "echo x > /root/x");
    expect(runLine(w, REPLAY, "docker cp /root/x web:/tmp/")).toMatchObject({ stdout: "", stderr: "", exitCode: 0 });
    const tty = runLine(w, HOST, "docker cp /root/x web:/tmp/");
    expect(tty.stderr).toBe("Successfully copied 2.05kB to web:/tmp/\n");
    expect(runLine(w, HOST, "docker cp -q /root/x web:/tmp/").stderr).toBe("");
  });

  it("answers missing paths and containers in the CLI's and the daemon's words", () => {
    const w = after("docker run -d --name web nginx");
    expect(runLine(w, REPLAY, "docker cp web:/nosuch /root/x").stderr).toBe(
      "Error response from daemon: Could not find the file /nosuch in container web\n",
    );
    expect(runLine(w, REPLAY, "docker cp /root/nosuch web:/tmp/").stderr).toBe(
      "lstat /root/nosuch: no such file or directory\n",
    );
    expect(runLine(w, REPLAY, "docker cp nosuch:/etc/hosts /root/").stderr).toBe(
      "Error response from daemon: No such container: nosuch\n",
    );
    expect(runLine(w, REPLAY, "docker cp a b")).toMatchObject({
      stderr: "must specify at least one container source\n",
      exitCode: 1,
    });
  });
});
