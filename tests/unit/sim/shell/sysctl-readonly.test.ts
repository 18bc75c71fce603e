import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

// As the oracle printed it (fixture cm12): procps' sysctl stats a key before it opens it, and
// one whose file its owner may not write (0444 outside the first namespace) is only warned about.
describe("sysctl -w of a read-only key", () => {
  it("warns `setting key` with Invalid argument, changes nothing and exits 0", () => {
    const t = terminal([
      "sysctl -w net.netfilter.nf_conntrack_max=1000; echo rc=$?",
      "sysctl net.netfilter.nf_conntrack_max",
      "sysctl -w net.netfilter.nf_conntrack_count=5; echo rc=$?",
    ]);
    expect(t.out[0]).toBe('sysctl: setting key "net.netfilter.nf_conntrack_max": Invalid argument\nrc=0\n');
    expect(t.out[1]).toBe("net.netfilter.nf_conntrack_max = 262144\n");
    expect(t.out[2]).toBe('sysctl: setting key "net.netfilter.nf_conntrack_count": Invalid argument\nrc=0\n');
  });

  it("still fails a writable key's bad value with exit 1", () => {
    const t = terminal(["sysctl -w net.netfilter.nf_conntrack_udp_timeout=abc; echo rc=$?"]);
    expect(t.out[0]).toBe('sysctl: setting key "net.netfilter.nf_conntrack_udp_timeout": Invalid argument\nrc=1\n');
  });

  // As the oracle answered by hand (not a fixture): a directory is stat'ed as the file is, and
  // -e and -q change nothing about the warning.
  it("treats a directory key and -e/-q the same way", () => {
    const t = terminal([
      "sysctl -w net.ipv4=1; echo rc=$?",
      "sysctl -e -q -w net.netfilter.nf_conntrack_buckets=1; echo rc=$?",
    ]);
    expect(t.out[0]).toBe('sysctl: setting key "net.ipv4": Invalid argument\nrc=0\n');
    expect(t.out[1]).toBe('sysctl: setting key "net.netfilter.nf_conntrack_buckets": Invalid argument\nrc=0\n');
  });
});
