/**
 * tcpdump past the basics, as the oracle's 4.99.3 prints it: a file written with -w and
 * read back with -r (with the reader's options and filter), `ip proto`, a one-port
 * `portrange`, the packets counted past -c, and -v's offloaded TCP checksums.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

const WEB = "docker run -d -p 2024:80 --name web nginx";
const PING = "docker exec web ping -c 1 -W 2 203.0.113.10 >/dev/null";
const CURL = "docker exec web curl -s -o /dev/null http://203.0.113.10/";

describe("tcpdump -w and -r", () => {
  it("writes the packets to the file, not the screen, and reads them back with the reader's options", () => {
    const { out } = terminal([
      WEB,
      "tcpdump -w /tmp/cap.pcap -i eth0 -c 2 icmp &",
      PING,
      "tcpdump -n -t -r /tmp/cap.pcap",
      "tcpdump -n -t -r /tmp/cap.pcap dst host 10.88.0.4",
      "tcpdump -n -r /tmp/nosuch.pcap",
    ]);
    expect(out[1]).toContain("tcpdump: listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n");
    expect(out[1]).not.toContain("verbose output suppressed");
    expect(out[2]).not.toContain("ICMP");
    expect(out[2]).toContain("2 packets captured");
    expect(out[3]).toMatch(
      /^reading from file \/tmp\/cap\.pcap, link-type EN10MB \(Ethernet\), snapshot length 262144\nIP 10\.88\.0\.4 > 203\.0\.113\.10: ICMP echo request, id \d+, seq 0, length 64\nIP 203\.0\.113\.10 > 10\.88\.0\.4: ICMP echo reply/,
    );
    expect(out[4]!.split("\n").filter(Boolean)).toHaveLength(2);
    expect(out[5]).toBe("tcpdump: /tmp/nosuch.pcap: No such file or directory\n");
  });
});

describe("tcpdump's filters and counts", () => {
  it("takes `ip proto` by number or name, and one port as a portrange", () => {
    const { out } = terminal([
      WEB,
      "tcpdump -n -t -i eth0 -c 1 'ip proto 1' &",
      PING,
      "timeout 2 tcpdump -n -i eth0 'ip proto nosuch'",
      "timeout 2 tcpdump -n -i eth0 'portrange 100' 2>&1 | tail -3 | head -1",
    ]);
    expect(out[2]).toMatch(/^IP 10\.88\.0\.4 > 203\.0\.113\.10: ICMP echo request/);
    // The reply came before it closed: the filter received it, but -c 1 printed one.
    expect(out[2]).toContain("1 packet captured\n2 packets received by filter\n");
    expect(out[3]).toBe("tcpdump: unknown ip proto 'nosuch'\n");
    expect(out[4]).toBe("0 packets captured\n");
  });

  it("shows a socket's offloaded TCP checksum as incorrect, holding the pseudo-header's sum", () => {
    const { out } = terminal([WEB, "tcpdump -n -vv -t -i eth0 -c 1 'tcp[tcpflags] & tcp-syn != 0' &", CURL]);
    expect(out[2]).toMatch(/Flags \[S\], cksum 0x4695 \(incorrect -> 0x[0-9a-f]{4}\), seq \d+, win 64240/);
  });
});

describe("tcpdump piped into other commands, in the background", () => {
  it("is the job the terminal keeps; the rest of the pipeline prints what it wrote when tcpdump ends", () => {
    const { out } = terminal([
      WEB,
      "tcpdump -n -t -i eth0 icmp 2>/dev/null | cut -d, -f1 &",
      "jobs",
      PING,
      "kill $(pgrep -x tcpdump)",
    ]);
    expect(out[1]).toMatch(/^\[1\] \d+\n$/);
    expect(out[2]).toBe("[1]+  Running                 tcpdump -n -t -i eth0 icmp 2> /dev/null | cut -d, -f1 &\n");
    // Into a pipe tcpdump's lines wait in the pipe: nothing shows while it runs. Its stop
    // leaves the blank line it writes on stdout (the oracle's transcripts end so too).
    expect(out[3]).toBe("");
    expect(out[4]).toMatch(
      /^IP 10\.88\.0\.4 > 203\.0\.113\.10: ICMP echo request\nIP 203\.0\.113\.10 > 10\.88\.0\.4: ICMP echo reply\n\n\[1\]\+ {2}Done/,
    );
  });

  it("dies whole by `kill %1`: the pipe's contents are lost with the commands after it", () => {
    const { out } = terminal([WEB, "tcpdump -n -t -i eth0 icmp 2>/dev/null | cut -d, -f1 &", PING, "kill %1"]);
    expect(out[3]).toBe("[1]+  Terminated              tcpdump -n -t -i eth0 icmp 2> /dev/null | cut -d, -f1\n");
  });

  it("sends its header down the pipe with 2>&1, and a refused filter's error too", () => {
    const { out } = terminal([
      WEB,
      "timeout 2 tcpdump -n -i eth0 'host 1.2.3.400' 2>&1 | tr a-z A-Z & wait",
      "timeout 3 tcpdump -n -i eth0 -c 1 icmp 2>&1 | wc -l & sleep 1; " + PING + "; wait",
    ]);
    expect(out[1]).toMatch(/TCPDUMP: INVALID IPV4 ADDRESS '1\.2\.3\.400'\n/);
    expect(out[2]).toMatch(/^\[1\] \d+\n6\n/);
  });
});
