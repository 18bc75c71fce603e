/**
 * The everyday tools on the Debian hosts and their busybox twins in the containers:
 * what the u02-u04 fixtures cannot hold (the oracle's shared /tmp and /root, file dates,
 * bounds), held to what the oracle printed.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

describe("type -P, type -a, which -a", () => {
  it("searches PATH even for a builtin, and lists every way a name runs", () => {
    const { out } = terminal(["type -P kill true false ls", "type -a kill", "type -p kill; echo $?", "which -a ls"]);
    expect(out[0]).toBe("/usr/bin/kill\n/usr/bin/true\n/usr/bin/false\n/usr/bin/ls\n");
    expect(out[1]).toBe("kill is a shell builtin\nkill is /usr/bin/kill\nkill is /bin/kill\n");
    expect(out[2]).toBe("0\n");
    expect(out[3]).toBe("/usr/bin/ls\n/bin/ls\n");
  });

  it("busybox's type: any option makes it command -v; command -v describes only the first name", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "docker exec web sh -c 'type -P ls; type find'",
      "docker exec web sh -c 'command -v find xargs; echo $?'",
    ]);
    expect(out[1]).toBe("ls\nfind is find\n");
    expect(out[2]).toBe("find\n0\n");
  });
});

describe("xargs", () => {
  it("runs docker once per -n group, with -I per line, and traces with -t", () => {
    const { out } = terminal([
      "docker run -d --name web nginx",
      "docker run -d --name web2 nginx",
      "docker ps -q | xargs docker inspect -f '{{.Name}}'",
      "docker ps --format '{{.Names}}' | xargs -I{} echo name={}",
      "echo a b c | xargs -t -n2 echo",
    ]);
    expect(out[2]).toBe("/web2\n/web\n");
    expect(out[3]).toBe("name=web2\nname=web\n");
    expect(out[4]).toBe("echo a b\na b\necho c\nc\n");
  });

  it("exits 127 for a missing program, 123 when a run failed, and reports an open quote after the runs before it", () => {
    const { out } = terminal([
      "echo a | xargs nosuch; echo $?",
      "echo a | xargs false; echo $?",
      `echo 'a "b' | xargs; echo $?`,
    ]);
    expect(out[0]).toBe("xargs: nosuch: No such file or directory\n127\n");
    expect(out[1]).toBe("123\n");
    expect(out[2]).toBe(
      "a\nxargs: unmatched double quote; by default quotes are special to xargs unless you use the -0 option\n1\n",
    );
  });
});

describe("find", () => {
  it("walks /proc/sys by name, type and depth; errors first, as stdio buffers the pipe", () => {
    const { out } = terminal([
      "find /proc/sys/net/ipv4/conf -maxdepth 1 -type d | head -3",
      "find /proc/sys/net/ipv4 -maxdepth 1 -name 'ip_forward*'",
      "find /nosuch /proc/sys/net/ipv4/conf/lo -name forwarding; echo $?",
      "find /etc -maxdepth 1 -bogus",
    ]);
    expect(out[0]).toBe("/proc/sys/net/ipv4/conf\n/proc/sys/net/ipv4/conf/all\n/proc/sys/net/ipv4/conf/default\n");
    expect(out[1]).toBe(
      "/proc/sys/net/ipv4/ip_forward\n/proc/sys/net/ipv4/ip_forward_update_priority\n/proc/sys/net/ipv4/ip_forward_use_pmtu\n",
    );
    expect(out[2]).toBe("find: ‘/nosuch’: No such file or directory\n/proc/sys/net/ipv4/conf/lo/forwarding\n1\n");
    expect(out[3]).toBe("find: unknown predicate `-bogus'\n");
  });

  it("runs -exec per file", () => {
    const { out } = terminal(["find /proc/sys/net/ipv4 -maxdepth 1 -name ip_forward -exec cat {} \\;"]);
    expect(out[0]).toBe("1\n");
  });
});

describe("text and byte tools", () => {
  it("column -t pads every column but the table's last", () => {
    const { out } = terminal([`printf 'web2 80/tcp\\nweb 0.0.0.0:2024->80/tcp, :::2024->80/tcp\\n' | column -t`]);
    expect(out[0]).toBe("web2  80/tcp                 \nweb   0.0.0.0:2024->80/tcp,  :::2024->80/tcp\n");
  });

  it("base64 both ways, and GNU's error after what it decoded", () => {
    const { out } = terminal(["echo hello | base64", "echo aGVsbG8K | base64 -d", "echo aGVsbG8 | base64 -d; echo $?"]);
    expect(out).toEqual(["aGVsbG8K\n", "hello\n", "hellobase64: invalid input\n1\n"]);
  });

  it("digests match coreutils'", () => {
    const { out } = terminal([
      "echo hello | md5sum",
      "echo hello | sha1sum",
      "echo hello | sha256sum",
      "echo x | sha512sum | cut -c1-20",
    ]);
    expect(out).toEqual([
      "b1946ac92492d2347c6235b4d2611184  -\n",
      "f572d396fae9206628714fb2ce00f72e94f2258f  -\n",
      "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  -\n",
      "45843648ecf9da8e5132\n",
    ]);
  });

  it("od, xxd and hexdump -C lay bytes out as the real ones, with * for a repeated line", () => {
    const { out } = terminal(["echo hi | od -c", "printf 'ab\\n' | xxd", "printf '%040d' 0 | hexdump -C"]);
    expect(out[0]).toBe("0000000   h   i  \\n\n0000003\n");
    expect(out[1]).toBe(`00000000: 6162 0a${" ".repeat(34)}ab.\n`);
    expect(out[2]).toBe(
      "00000000  30 30 30 30 30 30 30 30  30 30 30 30 30 30 30 30  |0000000000000000|\n*\n00000020  30 30 30 30 30 30 30 30                           |00000000|\n00000028\n",
    );
  });

  it("diff in GNU's normal format on the host and busybox's unified one in a container", () => {
    const { out } = terminal([
      "printf 'one\\ntwo\\nthree\\n' > /root/a; printf 'one\\n2\\nthree\\nfour\\n' > /root/b",
      "diff /root/a /root/b; echo $?",
      "docker run -d --name web nginx",
      "docker exec web sh -c \"printf 'one\\ntwo\\n' > /tmp/a; printf 'one\\n2\\n' > /tmp/b; diff /tmp/a /tmp/b\"",
      "diff /root/a /nosuch; echo $?",
    ]);
    expect(out[1]).toBe("2c2\n< two\n---\n> 2\n3a4\n> four\n1\n");
    expect(out[3]).toBe("--- /tmp/a\n+++ /tmp/b\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n");
    expect(out[4]).toBe("diff: /nosuch: No such file or directory\n2\n");
  });

  it("diff -y and sdiff: GNU's columns, padded with tabs to the gutter at 62 and the right column at 64", () => {
    const { out } = terminal([
      "printf 'one\\ntwo\\nthree\\n' > /root/a; printf 'one\\n2\\nthree\\nfour\\n' > /root/b",
      "diff -y /root/a /root/b; echo $?",
      "sdiff -s /root/a /root/b",
      "diff -y -W 40 /root/a /root/a",
    ]);
    const gutter = (mark: string) => "\t".repeat(7) + "      " + mark + "\t";
    const same = (l: string) => l + "\t".repeat(8) + l + "\n";
    const changed = "two" + gutter("|") + "2\n";
    const added = gutter(">") + "four\n";
    expect(out[1]).toBe(same("one") + changed + same("three") + added + "1\n");
    expect(out[2]).toBe(changed + added);
    // 40 columns: halves of 16, the right one at 24.
    expect(out[3]).toBe(["one", "two", "three"].map((l) => l + "\t".repeat(l.length < 8 ? 3 : 2) + l + "\n").join(""));
  });

  it("bc keeps bc's scales and words", () => {
    const { out } = terminal([
      "echo 'scale=3; 1/3' | bc",
      "echo '2^100' | bc",
      "echo '1/0' | bc",
      "echo 'obase=16; 255' | bc",
      "echo '1 +' | bc",
    ]);
    expect(out).toEqual([
      ".333\n",
      "1267650600228229401496703205376\n",
      "Runtime error (func=(main), adr=3): Divide by zero\n",
      "FF\n",
      "(standard_in) 2: syntax error\n",
    ]);
  });

  it("rev, less and more copy through a pipe; nohup and setsid run the command", () => {
    const { out } = terminal([
      "echo 'a:b c:d' | rev",
      "echo hi | less | more",
      "nohup echo x; setsid echo y; echo $?",
      "nohup; echo $?",
    ]);
    expect(out).toEqual([
      "d:c b:a\n",
      "hi\n",
      "x\ny\n0\n",
      "nohup: missing operand\nTry 'nohup --help' for more information.\n125\n",
    ]);
  });
});

describe("GNU wget on the host", () => {
  it("fetches quietly to stdout, fails refused with 4 and an HTTP error with 8", () => {
    const { out } = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "wget -qO- localhost:2024 | head -4",
      "wget -q http://10.88.0.4:9/; echo $?",
      "wget -q http://localhost:2024/nope; echo $?",
      "wget -q --spider http://localhost:2024/; echo $?",
    ]);
    expect(out[1]).toBe("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n");
    expect(out[2]).toBe("4\n");
    expect(out[3]).toBe("8\n");
    expect(out[4]).toBe("0\n");
  });
});
