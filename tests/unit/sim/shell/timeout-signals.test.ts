import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

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
    expect(out[5]).toBe("timeout: NOPE: invalid signal\nTry 'timeout --help' for more information.\n125\n");
  });
});

describe("a background sleep", () => {
  it("sleeps while the list goes on: kill ends it early (143), wait lets the clock reach its end", () => {
    const { out } = terminal([
      "sleep 5 & pid=$!; kill $pid; wait $pid; echo $?",
      "a=$(date +%s); sleep 3 & wait; b=$(date +%s); echo $((b-a))",
      "a=$(date +%s); sleep 3 & kill $!; wait; b=$(date +%s); echo $((b-a))",
      "sleep 1 & sleep 2; kill $! 2>/dev/null; echo $?",
      "sleep 1 & wait; echo $?",
    ]);
    expect(out[0]).toBe("143\n");
    expect(out[1]).toBe("3\n");
    expect(out[2]).toBe("0\n");
    expect(out[3]).toBe("1\n");
    expect(out[4]).toBe("0\n");
  });
});
