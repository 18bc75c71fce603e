/**
 * `conntrack -E` as a background job of the terminal (shell/jobs.ts, commands/conntrack/watch.ts):
 * the events of a connection as the oracle's conntrack 1.4.7 prints them, its filters and
 * mask, deletions from userspace, only entries made while someone listens, and its summary.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

const WEB = "docker run -d -p 2024:80 --name web nginx";
const CURL = "docker exec web curl -s -o /dev/null http://203.0.113.10/";

describe("conntrack -E in the background", () => {
  it("prints a connection's life, NEW to TIME_WAIT, and how many events it showed", () => {
    const { out } = terminal([WEB, "conntrack -E &", CURL, "kill %1"]);
    expect(out[1]).toMatch(/^\[1\] \d+\n$/);
    const lines = out[2]!.split("\n").filter(Boolean);
    expect(lines.map((l) => l.slice(0, 9) + " " + /\d+ (\S+) src/.exec(l)?.[1])).toEqual([
      "    [NEW] SYN_SENT",
      " [UPDATE] SYN_RECV",
      " [UPDATE] ESTABLISHED",
      " [UPDATE] FIN_WAIT",
      " [UPDATE] LAST_ACK",
      " [UPDATE] TIME_WAIT",
    ]);
    expect(lines[0]).toMatch(
      /^ {4}\[NEW\] tcp {6}6 120 SYN_SENT src=172\.17\.0\.2 dst=203\.0\.113\.10 sport=\d+ dport=80 \[UNREPLIED\] src=203\.0\.113\.10 dst=10\.88\.0\.4 sport=80 dport=\d+$/,
    );
    expect(lines[2]).toMatch(/ 432000 ESTABLISHED .* \[ASSURED\]$/);
    expect(out[3]).toContain("conntrack v1.4.7 (conntrack-tools): 6 flow events have been shown.\n");
  });

  it("filters by protocol and port and by the event mask", () => {
    const { out } = terminal([
      WEB,
      "conntrack -E -p udp &",
      CURL,
      "kill %1",
      "conntrack -E -e NEW -p tcp --dport 80 &",
      CURL,
      "kill %1",
    ]);
    expect(out[2]).toBe("");
    expect(out[3]).toContain(": 0 flow events have been shown.");
    expect(out[5]!.split("\n").filter(Boolean)).toHaveLength(1);
    expect(out[5]).toContain("[NEW]");
  });

  it("reports what a delete takes, naming the process, but not entries made while no one listened", () => {
    const { out } = terminal([WEB, CURL, "conntrack -E -e DESTROY &", CURL, "conntrack -F"]);
    const lines = out[4]!.split("\n").filter((l) => l.startsWith("[DESTROY]"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/ \d+ TIME_WAIT .* \[ASSURED\] \[USERSPACE\] portid=\d+ progname=conntrack$/);
    expect(out[4]).toContain("connection tracking table has been emptied.");
  });

  it("ends a refused connection's entry at once, CLOSE and unreplied, and an expired one without a timeout", () => {
    const { out } = terminal([
      WEB,
      "conntrack -E -p tcp &",
      "curl -s -m 2 http://10.88.0.4:9999/",
      "kill %1",
      "conntrack -E -p udp -e DESTROY &",
      "docker exec web curl -s -o /dev/null http://baidu.com/",
      "sleep 45",
    ]);
    const refused = out[2]!.split("\n").filter((l) => l.includes("["));
    expect(refused.map((l) => l.slice(0, 9))).toEqual(["    [NEW]", "[DESTROY]"]);
    expect(refused[1]).toMatch(/^\[DESTROY\] tcp {6}6 120 CLOSE src=10\.88\.0\.4 .* \[UNREPLIED\] src=/);
    expect(out[6]).toMatch(/^\[DESTROY\] udp {6}17 src=172\.17\.0\.2 dst=203\.0\.113\.53 sport=\d+ dport=53 src=/);
  });

  it("stops at once in the foreground, and after its time under timeout (status 124)", () => {
    const { out } = terminal(["timeout 3 conntrack -E; echo rc=$?", "conntrack -E -e BOGUS"]);
    expect(out[0]).toBe("conntrack v1.4.7 (conntrack-tools): 0 flow events have been shown.\nrc=124\n");
    expect(out[1]).toContain("Bad parameter `BOGUS'");
  });

  it("shows in jobs and ps while it runs", () => {
    const { out } = terminal(["conntrack -E -p tcp &", "jobs", "ps -o args= -C conntrack"]);
    expect(out[1]).toBe("[1]+  Running                 conntrack -E -p tcp &\n");
    expect(out[2]).toBe("conntrack -E -p tcp\n");
  });
});

describe("conntrack's listing options", () => {
  const traffic = [WEB, "internet$ curl -s -o /dev/null http://10.88.0.4:2024/", CURL];
  it("selects by a NAT's address, a prefix and status bits; refuses -z with filters", () => {
    const { out } = terminal([
      ...traffic,
      "conntrack -L --src-nat 10.88.0.4 2>&1 >/dev/null",
      "conntrack -L --any-nat 10.88.0.99",
      "conntrack -L -s 172.17.0.0/16 -p tcp 2>/dev/null | wc -l",
      "conntrack -L -u ASSURED 2>&1 >/dev/null",
      "conntrack -L -z -p tcp",
    ]);
    expect(out[3]).toBe("conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n");
    expect(out[4]).toBe("conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n");
    expect(out[5]).toBe("1\n");
    expect(out[6]).toBe("conntrack v1.4.7 (conntrack-tools): 2 flow entries have been shown.\n");
    expect(out[7]).toContain("Can't use -z with filtering parameters");
  });

  it("names its other tables, and prints save and xml forms", () => {
    const { out } = terminal([
      ...traffic,
      "conntrack -L expect",
      "conntrack -C expect",
      "conntrack -L nosuch",
      "conntrack -L -o save -p tcp --dport 2024 2>/dev/null",
      "conntrack -L -o xml -p tcp --dport 2024 2>/dev/null | head -2",
      "conntrack -G",
      "conntrack -G -p tcp -s 10.88.0.1 -d 10.88.0.4 --sport 1 --dport 2024",
    ]);
    expect(out[3]).toBe("conntrack v1.4.7 (conntrack-tools): 0 expectations have been shown.\n");
    expect(out[4]).toBe("0\n");
    expect(out[5]).toContain("unknown type `nosuch'");
    expect(out[6]).toMatch(
      /^-A -t 119 -u SEEN_REPLY,ASSURED -s 10\.88\.0\.1 -d 10\.88\.0\.4 -g 172\.17\.0\.2 -q 10\.88\.0\.1 -p tcp --sport \d+ --dport 2024 --reply-port-src 80 --reply-port-dst \d+ --state TIME_WAIT\n$/,
    );
    expect(out[7]).toBe('<?xml version="1.0" encoding="utf-8"?>\n<conntrack>\n');
    expect(out[8]).toContain("You need to supply the `--protonum' option for this command");
    expect(out[9]).toBe("conntrack v1.4.7 (conntrack-tools): Operation failed: such conntrack doesn't exist\n");
  });
});
