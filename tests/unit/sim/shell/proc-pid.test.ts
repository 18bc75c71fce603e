import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

const RUN = "docker run -d -p 2024:80 --name web nginx";
const PID = "$(docker inspect -f '{{.State.Pid}}' web)";

describe("/proc/PID of a container's process, seen from the host", () => {
  it("shows the container's namespace under net/, its own ns links, and its program as exe", () => {
    const { out } = terminal([
      RUN,
      `cat /proc/${PID}/net/dev | awk 'NR > 2 {print $1}'`,
      `awk 'NR > 1 {print $1, $2}' /proc/${PID}/net/route`,
      `readlink /proc/${PID}/ns/net`,
      "readlink /proc/self/ns/net /proc/1/ns/net",
      `readlink -f /proc/${PID}/exe`,
      "docker exec web sh -c 'readlink /proc/1/exe'",
      `nsenter -t ${PID} -n cat /proc/self/net/dev | awk 'NR > 2 {print $1}'`,
    ]);
    expect(out[1]).toBe("lo:\neth0:\n");
    expect(out[2]).toBe("eth0 00000000\neth0 000011AC\n");
    expect(out[3]).toMatch(/^net:\[40265322\d\d\]\n$/);
    expect(out[4]).toBe("net:[4026531840]\nnet:[4026531840]\n");
    expect(out[3]).not.toBe("net:[4026531840]\n");
    expect(out[5]).toBe("/usr/sbin/nginx\n");
    expect(out[6]).toBe("/usr/sbin/nginx\n");
    expect(out[7]).toBe("lo:\neth0:\n");
  });
});

describe("readlink", () => {
  it("prints a link's target, fails silently on anything else, and canonicalises with -f", () => {
    const { out } = terminal([
      "readlink /nosuch; echo rc=$?",
      "readlink /etc/hostname; echo rc=$?",
      "readlink; echo rc=$?",
      "readlink -f /etc/../etc/./hostname",
      "readlink -f /nosuch/a; echo rc=$?",
      "readlink -m /nosuch/a",
      "readlink -v /etc/hostname; echo rc=$?",
    ]);
    expect(out[0]).toBe("rc=1\n");
    expect(out[1]).toBe("rc=1\n");
    expect(out[2]).toBe("readlink: missing operand\nTry 'readlink --help' for more information.\nrc=1\n");
    expect(out[3]).toBe("/etc/hostname\n");
    expect(out[4]).toBe("rc=1\n");
    expect(out[5]).toBe("/nosuch/a\n");
    expect(out[6]).toBe("readlink: /etc/hostname: Invalid argument\nrc=1\n");
  });
});

describe("docker top with ps options", () => {
  it("takes a dashed x as BSD's x, and refuses an unknown long option as procps does", () => {
    const { out } = terminal([
      RUN,
      "docker top web -x | awk '{print $2, $3, $4, $5, $6}'",
      "docker top web --bogus; echo rc=$?",
    ]);
    expect(out[1]).toBe("TTY STAT TIME COMMAND \n? Ss 0:00 nginx: master\n? S 0:00 nginx: worker\n");
    expect(out[2]).toBe("Error response from daemon: ps: error: unknown gnu long option\nrc=1\n");
  });
});
