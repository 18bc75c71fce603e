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
