/**
 * conntrack -u as conntrack-tools 1.4.7 reads it, and -F's refusal of filters (fixture cm04;
 * probes on the oracle): SRC_NAT/DST_NAT only warned about, an empty dump filter refused by the kernel.
 */
import { describe, expect, it } from "vitest";
import { parseStatus } from "../../../../src/sim/shell/commands/conntrack/status.ts";
import { terminal } from "../shell/terminal.ts";

const TRY = "Try `conntrack -h' or 'conntrack --help' for more information.\n";
const traffic = [
  "docker run -d -p 2024:80 --name web nginx",
  "internet$ curl -s -m 3 -o /dev/null http://10.88.0.4:2024/",
  "docker exec web curl -s -m 3 -o /dev/null http://203.0.113.10/",
];

describe("conntrack -u", () => {
  it("reads words as case-insensitive prefixes, ! as a bit wanted clear, UNREPLIED as SEEN_REPLY clear", () => {
    expect(parseStatus("ass")).toEqual({ value: 4, mask: 4, warnings: "" });
    expect(parseStatus("!SEEN_REPLY")).toEqual({ value: 0, mask: 2, warnings: "" });
    expect(parseStatus("UNREPLIED")).toEqual({ value: 0, mask: 2, warnings: "" });
    expect(parseStatus("FOO,ASSURED")).toEqual({ error: "Bad parameter `FOO,ASSURED'", warnings: "" });
    expect(parseStatus("DYING")).toEqual({ error: "Bad parameter `DYING'", warnings: "" });
  });

  it("warns of SRC_NAT and lists with what is left; with nothing left the kernel refuses the dump", () => {
    const t = terminal([
      ...traffic,
      "conntrack -L -u ASSURED 2>/dev/null | wc -l",
      "conntrack -L -u SRC_NAT; echo rc=$?",
      "conntrack -L -u ASSURED,DST_NAT 2>&1 >/dev/null",
      "conntrack -L -u UNSET; echo rc=$?",
    ]);
    expect(t.out[3]).toBe("2\n");
    expect(t.out[4]).toBe(
      "WARNING: ignoring SRC_NAT, use --src-nat instead\n" +
        "conntrack v1.4.7 (conntrack-tools): Operation failed: invalid parameters\nrc=1\n",
    );
    expect(t.out[5]).toBe(
      "WARNING: ignoring DST_NAT, use --dst-nat instead\n" +
        "conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.\n",
    );
    expect(t.out[6]).toBe("conntrack v1.4.7 (conntrack-tools): Operation failed: invalid parameters\nrc=1\n");
  });
});

describe("conntrack -F", () => {
  it("takes no filter, only a family, and names the first refused in conntrack's own order", () => {
    const t = terminal([
      ...traffic,
      "conntrack -F -p tcp -s 1.2.3.4",
      "conntrack -F -o extended",
      "conntrack -C",
      "conntrack -F -f ipv4; echo rc=$?",
    ]);
    expect(t.out[3]).toBe("conntrack v1.4.7 (conntrack-tools): Illegal option `--src' with this command\n" + TRY);
    expect(t.out[4]).toBe("conntrack v1.4.7 (conntrack-tools): Illegal option `--output' with this command\n" + TRY);
    expect(t.out[5]).toBe("3\n");
    expect(t.out[6]).toBe("conntrack v1.4.7 (conntrack-tools): connection tracking table has been emptied.\nrc=0\n");
  });
});
