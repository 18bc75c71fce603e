/**
 * `env`, `printenv` and `getent`: what the recorded fixture (s05) cannot show, because
 * the oracle's own host leaks into it (its environment, its resolver) or because it
 * needs the lab's DNS.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

describe("env", () => {
  it("lists the shell's exported variables, and only those", () => {
    const { out } = terminal(["A=1", "export B=2", "env | grep -E '^(A|B)='", "env | grep -c '^HOME=/root$'"]);
    expect(out[2]).toBe("B=2\n");
    expect(out[3]).toBe("1\n");
  });

  it("runs a command with variables set, unset or cleared, and leaves the shell as it was", () => {
    const { out } = terminal([
      "env GREETING=hi bash -c 'echo $GREETING'",
      "echo ${GREETING:-unset}",
      "env -u PATH bash -c 'echo ${PATH:-none}'",
      "env -i X='a b' bash -c 'echo \"$X\"; echo ${HOME:-nohome}'",
      "env - sh -c 'echo $SHLVL'",
    ]);
    // bash started without PATH sets its own default.
    expect(out).toEqual([
      "hi\n",
      "unset\n",
      "/usr/local/bin:/usr/local/sbin:/usr/bin:/usr/sbin:/bin:/sbin:.\n",
      "a b\nnohome\n",
      "1\n",
    ]);
  });

  it("passes the command's own exit status on, and 127 for a program that does not exist", () => {
    const { out } = terminal(["env false; echo rc=$?", "env nosuch arg; echo rc=$?", "web$ env nosuch; echo rc=$?"]);
    expect(out[0]).toBe("rc=1\n");
    expect(out[1]).toBe("env: \u2018nosuch\u2019: No such file or directory\nrc=127\n");
  });

  it("leaves a missing command inside the program it runs to that program's own words", () => {
    const { out } = terminal(["env bash -c nosuch; echo rc=$?", "env cd /; echo rc=$?"]);
    expect(out[0]).toBe("bash: line 1: nosuch: command not found\nrc=127\n");
    // cd is a shell builtin: there is no program of that name for env to run.
    expect(out[1]).toBe("env: \u2018cd\u2019: No such file or directory\nrc=127\n");
  });

  it("answers with busybox's words inside a container", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "docker exec web sh -c 'env nosuch; echo rc=$?'",
      "docker exec web sh -c 'env -x; echo rc=$?'",
    ]);
    expect(out[1]).toBe("env: can't execute 'nosuch': No such file or directory\nrc=127\n");
    expect(out[2]).toBe("env: unrecognized option '-x'\nrc=1\n");
  });
});

describe("printenv", () => {
  it("prints each variable asked for and fails when one is missing", () => {
    const { out } = terminal(["export V=x", "printenv V HOME; echo rc=$?", "printenv V NOPE; echo rc=$?"]);
    expect(out[1]).toBe("x\n/root\nrc=0\n");
    expect(out[2]).toBe("x\nrc=1\n");
  });
});

describe("getent", () => {
  it("resolves a name through the lab's DNS when /etc/hosts has none, with packets on the trace", () => {
    const { out } = terminal(["getent hosts baidu.com; echo rc=$?", "getent ahostsv4 baidu.com | head -1"]);
    expect(out[0]).toBe("203.0.113.10    baidu.com\nrc=0\n");
    expect(out[1]).toBe("203.0.113.10    STREAM baidu.com\n");
  });

  it("exits 2 for a name nobody knows, and reads /etc/hosts a learner edited", () => {
    const { out } = terminal([
      "getent hosts nosuch.example; echo rc=$?",
      "echo '10.9.9.9 myhost alias' >> /etc/hosts",
      "getent hosts myhost",
      "getent hosts 10.9.9.9",
    ]);
    expect(out[0]).toBe("rc=2\n");
    expect(out[2]).toBe("10.9.9.9        myhost alias\n");
    expect(out[3]).toBe("10.9.9.9        myhost alias\n");
  });

  it("lists a whole database when no key is given", () => {
    const { out } = terminal(["getent group | grep -c :", "getent passwd | head -1"]);
    expect(Number(out[0])).toBeGreaterThan(30);
    expect(out[1]).toBe("root:x:0:0:root:/root:/bin/bash\n");
  });
});

describe("busybox by name", () => {
  // The oracle prints `applet not found` before or after the next line's output at random, so it is no fixture.
  it("prints its help and exits 0 bare, and 127 with an applet it lacks", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "docker exec web sh -c 'busybox >/dev/null; echo rc=$?'",
      "docker exec web sh -c 'busybox nosuch 2>&1; echo rc=$?'",
      "docker exec web sh -c 'busybox | tail -1'",
    ]);
    expect(out[1]).toBe("rc=0\n");
    expect(out[2]).toBe("nosuch: applet not found\nrc=127\n");
    // The applet list's last line, as the oracle's image prints it (f09).
    expect(out[3]).toBe("\twhoami, xargs, xxd, xz, xzcat, yes, zcat\n");
  });
});
