/**
 * The terminal's background tcpdump (shell/jobs.ts) together with the shell's words
 * (expand.ts, vars.ts), its working directory and the process table (lib/procs.ts):
 * a job's words are expanded as any command's, its files land where the shell is, it
 * sees the packets of what runs inside a substitution once, and `ps` lists it.
 */
import { describe, expect, it } from "vitest";
import { terminal as typed } from "./terminal.ts";

const terminal = (lines: readonly string[]) => typed(lines, { seed: 5 });

const ICMP = /IP 172\.17\.0\.2 > 203\.0\.113\.10: ICMP echo request/;

describe("background jobs in the expanding shell", () => {
  it("expands a job's words from the shell's variables and command substitutions", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "IF=docker0; N=$(echo 2)",
      "tcpdump -n -i $IF -c $N icmp &",
      "docker exec web ping -c 1 -W 1 203.0.113.10",
    ]);
    expect(out[2]).toMatch(/^\[1\] \d+\n/);
    expect(out[2]).toContain("listening on docker0,");
    expect(out[3]).toMatch(ICMP);
    expect(out[3]).toContain("2 packets captured");
    // The job ended with its -c: bash reports it at the next prompt.
    expect(out[3]).toContain("[1]+  Done");
  });

  it("writes a job's redirected output in the shell's working directory", () => {
    const { out, world } = terminal([
      "docker run -d --name web nginx",
      "cd /tmp",
      "tcpdump -n -i docker0 -c 2 icmp > cap 2>/dev/null &",
      "docker exec web ping -c 1 -W 1 203.0.113.10 > /dev/null",
      "wc -l < cap; cd; cat /tmp/cap | wc -l",
    ]);
    expect(out[2]).toMatch(/^\[1\] \d+\n$/);
    expect(out[4]).toBe("2\n2\n");
    expect(world.files["host"]?.["/root/cap"]).toBeUndefined();
  });

  it("shows the packets of a command substitution once, before the command's own output", () => {
    const { out } = terminal([
      "tcpdump -n -i eth0 tcp &",
      "CODE=$(curl -s -o /dev/null -w '%{http_code}' baidu.com); echo got $CODE",
      "kill %1",
    ]);
    const lines = out[1]!.split("\n");
    const syns = lines.filter((l) => / > 203\.0\.113\.10\.80: Flags \[S\],/.test(l));
    expect(syns).toHaveLength(1);
    expect(lines.findIndex((l) => l.startsWith("got 200"))).toBeGreaterThan(lines.findIndex((l) => l.includes("[S]")));
    expect(out[2]).toContain("packets captured");
  });

  it("lists a running tcpdump in ps as a child of the root shell, and no more once killed", () => {
    const { out } = terminal([
      "tcpdump -n -i eth0 icmp > /dev/null 2>&1 &",
      "ps -ef | grep [t]cpdump",
      "pgrep -a tcpdump",
      "kill %1; pgrep tcpdump; echo $?",
    ]);
    const pid = /^\[1\] (\d+)/.exec(out[0]!)?.[1];
    expect(pid).toBeDefined();
    expect(out[1]).toMatch(new RegExp(`^root +${pid} +873 .* tcpdump -n -i eth0 icmp\\n$`));
    expect(out[2]).toBe(`${pid} tcpdump -n -i eth0 icmp\n`);
    expect(out[3]).toMatch(/^1\n\[1\]\+ {2}Done/);
  });

  it("runs no job from inside a substitution or a nested shell: the terminal's jobs are its own", () => {
    const { out, world } = terminal(["X=$(tcpdump -n -i eth0 -c 1 &)", "bash -c 'tcpdump -n -i eth0 -c 1 &'; jobs"]);
    expect(world.captures ?? []).toEqual([]);
    expect(out[1]).not.toContain("[1]");
  });
});
