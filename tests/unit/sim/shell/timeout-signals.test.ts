import { describe, expect, it } from "vitest";
import { HOST_SESSION } from "../../../../src/sim/index.ts";
import { terminal } from "./terminal.ts";

/** A shell without a terminal, as the oracle's `bash -c`: no job notices. */
const QUIET = { ...HOST_SESSION, noTty: true };

describe("timeout's signal and status", () => {
  it("dies of -s KILL itself (137, which dash reports as Killed); --preserve-status keeps 143", () => {
    const { out } = terminal([
      "timeout -s KILL 1 sleep 3; echo $?",
      "sh -c 'timeout -s KILL 1 sleep 3; echo $?'",
      "timeout --preserve-status 1 sleep 3; echo $?",
      "timeout -s INT 1 sleep 3; echo $?",
      "timeout --preserve-status 5 sh -c 'exit 3'; echo $?",
      "timeout -s NOPE 1 sleep 3; echo $?",
    ]);
    expect(out[0]).toBe("137\n");
    expect(out[1]).toBe("Killed\n137\n");
    expect(out[2]).toBe("143\n");
    expect(out[3]).toBe("124\n");
    expect(out[4]).toBe("3\n");
    expect(out[5]).toBe("timeout: ‘NOPE’: invalid signal\nTry 'timeout --help' for more information.\n125\n");
  });

  it("knows every signal bash's kill does, by name in any case or by number (ld19)", () => {
    const { out } = terminal([
      "timeout -s ALRM 1 sleep 3; echo $?",
      "timeout -s sigusr2 1 sleep 3; echo $?",
      "timeout -s RTMIN 1 sleep 3; echo $?",
      "timeout --preserve-status -s ALRM 1 sleep 3; echo $?",
      "timeout -s 65 1 sleep 2; echo $?",
    ]);
    expect(out.slice(0, 4)).toEqual(["124\n", "124\n", "124\n", "142\n"]);
    expect(out[4]).toBe("timeout: ‘65’: invalid signal\nTry 'timeout --help' for more information.\n125\n");
  });

  it("lets the command run on after a signal it ignores, still saying 124; -k's KILL ends it then", () => {
    const { out } = terminal([
      "a=$(date +%s); timeout -s CONT 1 sleep 3; echo $? $(( $(date +%s) - a ))",
      "a=$(date +%s); timeout -s 0 1 sleep 2; echo $? $(( $(date +%s) - a ))",
      "timeout --preserve-status -s WINCH 1 sleep 2; echo $?",
      "a=$(date +%s); timeout -k 1 -s CONT 1 sleep 5; echo $? $(( $(date +%s) - a ))",
      "timeout -k nope 1 sleep 2; echo $?",
      "a=$(date +%s); timeout -k 5 -s CONT 1 sleep 3; echo $? $(( $(date +%s) - a ))",
    ]);
    expect(out[0]).toBe("124 3\n");
    expect(out[1]).toBe("124 2\n");
    expect(out[2]).toBe("0\n");
    expect(out[3]).toBe("137 2\n");
    expect(out[4]).toBe("timeout: invalid time interval ‘nope’\nTry 'timeout --help' for more information.\n125\n");
    expect(out[5]).toBe("124 3\n");
  });
});

describe("a background sleep", () => {
  it("sleeps while the list goes on: kill ends it early (143), wait lets the clock reach its end", () => {
    const { out } = terminal(
      [
        "sleep 5 & pid=$!; kill $pid; wait $pid; echo $?",
        "a=$(date +%s); sleep 3 & wait; b=$(date +%s); echo $((b-a))",
        "a=$(date +%s); sleep 3 & kill $!; wait; b=$(date +%s); echo $((b-a))",
        "sleep 1 & sleep 2; kill $! 2>/dev/null; echo $?",
        "sleep 1 & wait; echo $?",
      ],
      { start: QUIET },
    );
    expect(out[0]).toBe("143\n");
    expect(out[1]).toBe("3\n");
    expect(out[2]).toBe("0\n");
    expect(out[3]).toBe("1\n");
    expect(out[4]).toBe("0\n");
  });
});

describe("a background sleep in the terminal (an interactive bash)", () => {
  it("is a job: [1] PID as it starts, Running in jobs, Done at the prompt after its end", () => {
    const { out } = terminal(["sleep 5 &", "jobs", "sleep 6", "echo x"]);
    expect(out[0]).toMatch(/^\[1\] \d+\n$/);
    expect(out[1]).toBe("[1]+  Running                 sleep 5 &\n");
    expect(out[2]).toBe("[1]+  Done                    sleep 5\n");
    expect(out[3]).toBe("x\n");
  });

  it("ends Terminated by kill, by job or by PID; fg waits for it; wait reaps it", () => {
    const { out } = terminal([
      "sleep 5 & sleep 9 &",
      "kill %1",
      "jobs",
      "a=$(date +%s); fg; echo $? $(( $(date +%s) - a ))",
      "sleep 3 &",
      "kill $!",
      "sleep 2 &",
      "wait; echo w=$?",
      "jobs",
    ]);
    expect(out[1]).toBe("[1]-  Terminated              sleep 5\n");
    expect(out[2]).toBe("[2]+  Running                 sleep 9 &\n");
    expect(out[3]).toBe("sleep 9\n0 9\n");
    expect(out[5]).toBe("[1]+  Terminated              sleep 3\n");
    expect(out[7]).toBe("[1]+  Done                    sleep 2\nw=0\n");
    expect(out[8]).toBe("");
  });
});

describe("any other command put in the background in the terminal", () => {
  it("is announced before what it prints, and reported Done or Exit N as it has run to its end", () => {
    const { out } = terminal(["echo hi &", "false &", "echo a; echo b | tr a-z A-Z & echo c", "jobs"]);
    const pidless = out.map((o) => o.replace(/^\[1\] \d+$/m, "[1] PID"));
    expect(pidless[0]).toBe("[1] PID\nhi\n[1]+  Done                    echo hi\n");
    expect(pidless[1]).toBe("[1] PID\n[1]+  Exit 1                  false\n");
    expect(pidless[2]).toBe("a\n[1] PID\nB\nc\n[1]+  Done                    echo b | tr a-z A-Z\n");
    expect(pidless[3]).toBe("");
  });

  it("says nothing without a terminal (bash -c)", () => {
    expect(terminal(["echo hi &"], { start: QUIET }).out[0]).toBe("hi\n");
  });
});
