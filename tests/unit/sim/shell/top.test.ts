import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

describe("busybox top in a container", () => {
  it("prints one batch screen: memory as free has it, then the processes by VSZ, itself exec'd and running", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "docker exec web sh -c 'top -bn1'",
      "docker exec web sh -c 'free' | awk '/Mem/ {print $2}'",
    ]);
    const lines = out[1]!.split("\n");
    expect(lines[0]).toMatch(/^Mem: \d+K used, \d+K free, \d+K shrd, \d+K buff, \d+K cached$/);
    expect(lines[1]).toBe("CPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq");
    expect(lines[2]).toMatch(/^Load average: 0\.00 0\.00 0\.00 1\/\d+ \d+$/);
    expect(lines[3]).toBe("  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND");
    expect(lines[4]).toMatch(/^ {4}7 {5}1 nginx {4}S {4}\d{5} {3}0% {3}0% nginx: worker process$/);
    expect(lines[5]).toMatch(/^ {4}1 {5}0 root {5}S {4}\d{5} {3}0% {3}0% nginx: master process nginx -g daemon off;$/);
    expect(lines[6]).toMatch(/^ +\d+ +0 root {5}R {5}2268 {3}0% {3}0% top -bn1$/);
    expect(lines.slice(7)).toEqual(["", ""]);
    const [used, free] = /(\d+)K used, (\d+)K free/.exec(lines[0]!)!.slice(1).map(Number);
    expect(String(used! + free!) + "\n").toBe(out[2]);
  });

  it("takes busybox's option errors, and is missing on the host (procps' top is not modelled)", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "docker exec web sh -c 'top -x; echo rc=$?'",
      "top -bn1; echo rc=$?",
    ]);
    expect(out[1]).toMatch(/^top: invalid option -- 'x'\nBusyBox v1\.35\.0 .*\n\nUsage: top /);
    expect(out[1]).toMatch(/rc=1\n$/);
    expect(out[2]).toBe("bash: top: command not found\nrc=127\n");
  });
});

describe("busybox ps in a pipeline", () => {
  it("does not list the commands after it: sh has mostly not forked them yet when ps reads /proc", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "docker exec web sh -c 'ps aux | grep nginx'",
      "docker exec web sh -c 'ps | cat'",
    ]);
    expect(out[1]).toMatch(
      /^ +1 root +nginx: master.*\n +7 nginx +nginx: worker process\n +\d+ root +sh -c ps aux \| grep nginx\n +\d+ root +\{ps\} sh -c ps aux \| grep nginx\n$/,
    );
    expect(out[2]).not.toMatch(/\n +\d+ root +sh -c ps \| cat\n.*sh -c ps \| cat\n +\d+ root +sh -c ps \| cat/s);
  });
});
