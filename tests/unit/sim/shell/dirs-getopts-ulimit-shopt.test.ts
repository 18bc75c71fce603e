/** bash 5.2's pushd/popd/dirs, getopts, ulimit, shopt and `set -o`, and busybox ash's getopts and ulimit (oracle recordings ld05–ld07). */
import { describe, expect, it } from "vitest";
import { applyCommand, HOST_SESSION, type Session } from "../../../../src/sim/index.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";
import { sessionChanged } from "../../../../src/worker/machines.ts";

const BASH_C: Session = { machine: "host", noTty: true, shell: "bash-c" };
const line = (text: string, w: World = createWorld(1)) => runLine(w, BASH_C, text);

describe("the directory stack", () => {
  it("pushes, rotates and pops, printing the stack with $HOME as ~", () => {
    expect(line("cd /tmp; pushd /etc; pushd /root; dirs -v; pushd; popd +1; dirs -l").stdout).toBe(
      "/etc /tmp\n~ /etc /tmp\n 0  ~\n 1  /etc\n 2  /tmp\n/etc ~ /tmp\n/etc /tmp\n/etc /tmp\n",
    );
  });

  it("keeps the stack and the directory in the terminal's shell from one line to the next", () => {
    const a = applyCommand(createWorld(1), "pushd /proc/sys/net", HOST_SESSION);
    const b = applyCommand(a.world, "popd", a.session);
    expect(b.stdout).toBe("~\n");
    expect(applyCommand(b.world, "pwd", b.session).stdout).toBe("/root\n");
  });

  it("answers an empty stack, a missing directory and a bad option in bash's words", () => {
    expect(line("popd").stderr).toBe("bash: line 1: popd: directory stack empty\n");
    expect(line("pushd").stderr).toBe("bash: line 1: pushd: no other directory\n");
    expect(line("pushd /nosuch").stderr).toBe("bash: line 1: pushd: /nosuch: No such file or directory\n");
    const r = line("dirs -lv");
    expect([r.exitCode, r.stderr]).toEqual([
      2,
      "bash: line 1: dirs: -lv: invalid number\ndirs: usage: dirs [-clpv] [+N] [-N]\n",
    ]);
  });

  it("is not found in a container's sh", () => {
    const w = line("docker run -d --name cli nginx").world;
    expect(runLine(w, BASH_C, "docker exec cli sh -c 'pushd /tmp'").stderr).toBe("sh: pushd: not found\n");
  });
});

describe("getopts", () => {
  const loop = (spec: string, args: string) =>
    `f() { local OPTIND o; while getopts "${spec}" o; do echo "$o ${"${OPTARG-unset}"}"; done; echo "OPTIND=$OPTIND"; }; f ${args}`;

  it("walks clusters, attached and separate arguments, and stops at -- or the first word", () => {
    expect(line(loop("ab:c", "-ab x -cbval -- -a")).stdout).toBe("a unset\nb x\nc unset\nb val\nOPTIND=5\n");
    expect(line(loop("a", "-a word -a")).stdout).toBe("a unset\nOPTIND=2\n");
  });

  it("reports problems on stderr, or quietly in the name and OPTARG after a leading colon", () => {
    const loud = line(loop("ab:", "-z -b"));
    expect(loud.stdout).toBe("? unset\n? unset\nOPTIND=3\n");
    expect(loud.stderr).toBe("bash: illegal option -- z\nbash: option requires an argument -- b\n");
    expect(line(loop(":ab:", "-z -b")).stdout).toBe("? z\n: b\nOPTIND=3\n");
    expect(line("getopts").stderr).toBe("getopts: usage: getopts optstring name [arg ...]\n");
  });

  it("speaks busybox's words in a container's sh, where an option without an argument leaves OPTARG empty", () => {
    const w = line("docker run -d --name cli nginx").world;
    const r = runLine(w, BASH_C, `docker exec cli sh -c '${loop("ab:", "-a -z -b").replace(/'/g, "'\\''")} 2>&1'`);
    expect(r.stdout).toBe("a \nIllegal option -z\n? unset\nNo arg for -b option\n? unset\nOPTIND=4\n");
  });
});

describe("ulimit", () => {
  it("sets both limits by default, one with -S or -H, and refuses a soft limit above the hard one", () => {
    expect(line("ulimit -n 512; ulimit -n; ulimit -Hn").stdout).toBe("512\n512\n");
    const r = line("ulimit -Hn 64; ulimit -n");
    expect(r.stderr).toBe("bash: line 1: ulimit: open files: cannot modify limit: Invalid argument\n");
    expect(r.stdout).toBe("1024\n");
    expect(line("ulimit -n abc").stderr).toBe("bash: line 1: ulimit: abc: invalid number\n");
  });

  it("lists every limit with its unit in bash's columns, and in busybox's in a container", () => {
    const all = line("ulimit -a").stdout.split("\n");
    expect(all[0]).toBe("real-time non-blocking time  (microseconds, -R) unlimited");
    expect(all).toContain("open files                          (-n) 1024");
    expect(all).toContain("pipe size                (512 bytes, -p) 8");
    const w = line("docker run -d --name cli nginx").world;
    const ash = runLine(w, BASH_C, "docker exec cli sh -c 'ulimit -a; ulimit -z'");
    expect(ash.stdout.split("\n")[0]).toBe("core file size (blocks)         (-c) 0");
    expect(ash.stderr).toBe("ulimit: invalid option -- 'z'\n");
  });
});

describe("shopt and set -o", () => {
  it("lists the options in bash's order and words, and says in its status whether the named ones are on", () => {
    const r = line("shopt -s nullglob; shopt nullglob globstar");
    expect(r.stdout).toBe("nullglob       \ton\nglobstar       \toff\n");
    expect(r.exitCode).toBe(1);
    expect(line("shopt").stdout.split("\n")[0]).toBe("autocd         \toff");
    expect(line("shopt -p extglob").stdout).toBe("shopt -u extglob\n");
    expect(line("shopt nosuch").stderr).toBe("bash: line 1: shopt: nosuch: invalid shell option name\n");
    expect(line("set -e; set -o | grep -c 'on$'; set +o | grep errexit").stdout).toBe("4\nset -o errexit\n");
  });

  it("shows the interactive terminal's own options: line editing, history, job control, aliases", () => {
    expect(applyCommand(createWorld(1), "set -o | grep -E '^(emacs|history|monitor)'", HOST_SESSION).stdout).toBe(
      "emacs          \ton\nhistory        \ton\nmonitor        \ton\n",
    );
    expect(applyCommand(createWorld(1), "shopt expand_aliases", HOST_SESSION).stdout).toBe("expand_aliases \ton\n");
  });

  it("changes pathname expansion: nullglob drops a pattern that matched nothing, failglob refuses it, dotglob and noglob", () => {
    expect(line("shopt -s nullglob; echo /nomatch* end").stdout).toBe("end\n");
    const f = line("shopt -s failglob; echo /nomatch*");
    expect([f.stdout, f.stderr]).toEqual(["", "bash: line 1: no match: /nomatch*\n"]);
    expect(line("cd /root; shopt -s dotglob; echo *").stdout).toBe(".bashrc .profile\n");
    expect(line("set -f; echo /etc/host*").stdout).toBe("/etc/host*\n");
    expect(line("set +B; echo {a,b}").stdout).toBe("{a,b}\n");
  });
});

describe("$- and busybox ash's set -o", () => {
  it("spells the on flags in bash's order, c under bash -c, himBHs at the terminal", () => {
    expect(line("echo $-; set -eu; echo $-").stdout).toBe("hBc\nehuBc\n");
    expect(applyCommand(createWorld(1), "echo $-", HOST_SESSION).stdout).toBe("himBHs\n");
  });

  it("lists ash's fourteen options in its own columns and refuses an unknown one as ash does", () => {
    const w = line("docker run -d --name cli nginx").world;
    const r = runLine(w, BASH_C, "docker exec cli sh -c 'echo $-; set -e; set -o | head -2; set -o nosuch'");
    expect(r.stdout).toBe("c\nerrexit         on\nnoglob          off\n");
    expect(r.stderr).toBe("sh: set: line 0: illegal option -o nosuch\n");
  });
});

describe("reading the shell's settings", () => {
  it("leaves the terminal's shell as it was, so undo takes a read for a look; setting one changes it", () => {
    const w = createWorld(1);
    const after = (l: string) => applyCommand(w, l, HOST_SESSION).session;
    for (const look of ["ulimit -n", "ulimit -a", "set -o", "set +o", "shopt", "dirs"])
      expect(sessionChanged(HOST_SESSION, after(look)), look).toBe(false);
    for (const change of ["ulimit -n 512", "set -eo", "shopt -s nullglob", "pushd /tmp"])
      expect(sessionChanged(HOST_SESSION, after(change)), change).toBe(true);
  });
});
