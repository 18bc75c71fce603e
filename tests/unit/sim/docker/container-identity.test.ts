import { describe, expect, it } from "vitest";
import { createWorld, type World } from "../../../../src/sim/world.ts";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";

const HOST: Session = { machine: "host", noTty: true };

function run(world: World, line: string) {
  return runLine(world, HOST, line);
}

function after(...lines: string[]): World {
  let w = createWorld();
  for (const l of lines) w = run(w, l).world;
  return w;
}

const out = (w: World, line: string) => {
  const r = run(w, line);
  return [r.stdout + r.stderr, r.exitCode] as const;
};

describe("busybox hostname -f/-d read the canonical name from /etc/hosts (oracle dl01)", () => {
  it("gives the FQDN Docker wrote for --domainname", () => {
    const w = after("docker run -d --name web --hostname web1 --domainname lab.local nginx");
    expect(out(w, "docker exec web hostname -f")).toEqual(["web1.lab.local\n", 0]);
    expect(out(w, "docker exec web hostname -d")).toEqual(["lab.local\n", 0]);
    expect(out(w, "docker exec web hostname -s")).toEqual(["web1\n", 0]);
  });

  it("gives the domain of a default hostname (the short id) too", () => {
    const w = after("docker run -d --name web --domainname only.dom nginx");
    expect(out(w, "docker exec web hostname -d")).toEqual(["only.dom\n", 0]);
  });
});

describe("sethostname needs CAP_SYS_ADMIN (oracle dl11)", () => {
  it("lets a --privileged container rename itself, leaving /etc/hostname alone", () => {
    const w = createWorld();
    expect(
      out(w, "docker run --rm --privileged --hostname a nginx sh -c 'hostname b; hostname; cat /etc/hostname'"),
    ).toEqual(["b\na\n", 0]);
  });
});

describe("environment files and exec's environment (oracle dl06)", () => {
  const w = after(
    "printf 'A=from-file\\nB=two words\\n' > /tmp/app.env",
    "printf 'export X=1\\n' > /tmp/bad.env",
    "docker run -d --name web -e A=1 nginx",
  );

  it("refuses a name with a blank in it, as the CLI's parser does", () => {
    expect(out(w, "docker run --rm --env-file /tmp/bad.env nginx true")).toEqual([
      "docker: poorly formatted environment: variable 'export X' contains whitespaces.\nSee 'docker run --help'.\n",
      125,
    ]);
  });

  it("lets exec's --env-file override the container's variables", () => {
    expect(out(w, "docker exec --env-file /tmp/app.env web sh -c 'echo $A'")).toEqual(["from-file\n", 0]);
    expect(out(w, "docker exec --env-file /tmp/nope.env web true")).toEqual([
      "open /tmp/nope.env: no such file or directory\n",
      1,
    ]);
  });

  it("looks the program up in the PATH the exec was given", () => {
    const [text, code] = out(w, "docker exec -e PATH=/nowhere web ls");
    expect(text).toContain('exec: "ls": executable file not found in $PATH');
    expect(code).toBe(126);
    expect(out(w, "docker exec -e PATH=/bin web ls /etc/hostname")).toEqual(["/etc/hostname\n", 0]);
  });
});

describe("the engines word a bad env file line apart (oracle dl06 on 26 and 28)", () => {
  it("names the file on 28", () => {
    let w = createWorld(1, { engine: "28" });
    w = run(w, "printf 'export X=1\\n' > /tmp/bad.env").world;
    const [text, code] = out(w, "docker run --rm --env-file /tmp/bad.env nginx true");
    expect(text).toContain("docker: invalid env file (/tmp/bad.env): variable 'export X' contains whitespaces\n");
    expect(code).toBe(125);
  });
});

describe("docker exec -i hands the command its stdin (oracle dl08)", () => {
  const w = after("docker run -d --name web nginx");
  const feed = (stdin: string, line: string) => {
    const r = runLine(w, HOST, `printf '${stdin}' | ${line}`);
    return [r.stdout + r.stderr, r.exitCode] as const;
  };

  it("passes piped bytes through, and none without -i", () => {
    expect(feed("hi\\n", "docker exec -i web cat")).toEqual(["hi\n", 0]);
    expect(feed("x", "docker exec -i web sh -c 'cat; echo .'")).toEqual(["x.\n", 0]);
    expect(feed("hi\\n", "docker exec web cat")).toEqual(["", 0]);
  });
});

describe("docker exec -u runs the command as that user (oracle dl07)", () => {
  const w = after("docker run -d --name web nginx");

  it("shows the user to id and whoami", () => {
    expect(out(w, "docker exec -u nginx web sh -c 'whoami; id'")).toEqual([
      "nginx\nuid=101(nginx) gid=101(nginx) groups=101(nginx)\n",
      0,
    ]);
    expect(out(w, "docker exec -u 65534 web sh -c id")).toEqual(["uid=65534 gid=0(root) groups=0(root)\n", 0]);
    expect(out(w, "docker exec -u 1000:1000 web sh -c id")).toEqual(["uid=1000 gid=1000 groups=1000\n", 0]);
    expect(out(w, "docker exec -u nginx web sh -c 'id -un; id -u; id -g'")).toEqual(["nginx\n101\n101\n", 0]);
    expect(out(w, "docker exec -u 65534 web sh -c whoami")).toEqual(["whoami: unknown uid 65534\n", 1]);
  });

  it("refuses writes where root's modes give the user none", () => {
    expect(out(w, "docker exec -u nginx web sh -c 'echo hi > /etc/x'")).toEqual([
      "sh: can't create /etc/x: Permission denied\n",
      1,
    ]);
    expect(out(w, "docker exec web sh -c 'echo hi > /etc/x; cat /etc/x'")).toEqual(["hi\n", 0]);
  });

  it("leaves the host's terminal root", () => {
    expect(out(w, "id -u")).toEqual(["0\n", 0]);
    expect(out(w, "id")).toEqual(["uid=0(root) gid=0(root) groups=0(root)\n", 0]);
  });
});
