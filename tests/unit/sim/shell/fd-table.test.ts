/**
 * Descriptors a shell keeps and reads back (oracle ld10): `exec 3</file` then `<&3` or
 * `read -u 3` going on where the last read stopped, and `exec 3<>/dev/tcp/…` as a
 * connection that outlives the command: a request written on it is answered, the answer
 * read back, and the socket closed by `exec 3>&-` or when the shell ends.
 */
import { describe, expect, it } from "vitest";
import { runLine } from "../../../../src/sim/shell/run.ts";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { parseScript } from "../../../../src/sim/shell/parse.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";

const HOST: Session = { machine: "host", noTty: true, shell: "bash-c" };
const TERMINAL: Session = { machine: "host" };

function published(): World {
  const w = runLine(createWorld(1), HOST, "docker run -d -p 2024:80 --name web nginx").world;
  return runLine(w, HOST, "printf 'one\\ntwo\\nthree\\n' > /tmp/f").world;
}

const sentBy = (r: { events?: readonly { type: string }[] }, who: string) =>
  (r.events ?? []).flatMap((e) =>
    e.type === "packet" && (e as { sender?: string }).sender === who ? [(e as unknown as { label: string }).label] : [],
  );

describe("<&N", () => {
  it("is a redirection, not a syntax error: stdin from the descriptor, or closed with <&-", () => {
    const p = parseScript("cat <&3 4<&0 <&-");
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.list[0]!.pipeline[0]!.redirects).toEqual([
      { fd: 0, op: "dupfd", to: 3 },
      { fd: 4, op: "dupfd", to: 0 },
      { fd: 0, op: "close" },
    ]);
  });

  it("reads a kept file on from where the last reader stopped", () => {
    const w = published();
    const r = runLine(w, HOST, 'exec 3</tmp/f; read a <&3; read -u 3 b; echo "$a|$b"; cat <&3');
    expect(r.stdout).toBe("one|two\nthree\n");
  });

  it("leaves GNU head's offset just past the lines it printed, as its seek back does", () => {
    const r = runLine(published(), HOST, "exec 3</tmp/f; head -1 <&3; echo next; head -1 <&3");
    expect(r.stdout).toBe("one\nnext\ntwo\n");
  });

  it("keeps the offset in the terminal's shell from one line to the next", () => {
    const w = published();
    const a = runLine(w, TERMINAL, "exec 3</tmp/f");
    const b = runLine(a.world, a.session!, "read -u 3 x; echo $x");
    const c = runLine(b.world, b.session!, "cat <&3");
    expect([b.stdout, c.stdout]).toEqual(["one\n", "two\nthree\n"]);
  });

  it("scopes a loop's own `3< file` to the loop", () => {
    const r = runLine(published(), HOST, 'while read -r -u 3 l; do echo "[$l]"; done 3< /tmp/f; cat <&3; echo rc=$?');
    expect(r.stdout).toBe("[one]\n[two]\n[three]\nrc=1\n");
    expect(r.stderr).toBe("bash: line 1: 3: Bad file descriptor\n");
  });

  it("words what is not open as bash does", () => {
    const w = published();
    expect(runLine(w, HOST, "cat <&5; echo rc=$?").stderr).toBe("bash: line 1: 5: Bad file descriptor\n");
    expect(runLine(w, HOST, "read -u 7 x").stderr).toBe(
      "bash: line 1: read: 7: invalid file descriptor: Bad file descriptor\n",
    );
    expect(runLine(w, HOST, "read -u x y").stderr).toBe(
      "bash: line 1: read: x: invalid file descriptor specification\n",
    );
    const ro = runLine(w, HOST, "exec 3</tmp/f; echo hi >&3; echo rc=$?");
    expect([ro.stdout, ro.stderr]).toEqual(["rc=1\n", "bash: line 1: echo: write error: Bad file descriptor\n"]);
  });
});

describe("exec 3<>/dev/tcp/HOST/PORT", () => {
  it("answers a request written on it, to be read back, and nginx logs it", () => {
    const w = published();
    const r = runLine(w, HOST, "exec 3<>/dev/tcp/172.17.0.2/80; printf 'GET / HTTP/1.0\\r\\n\\r\\n' >&3; head -1 <&3");
    expect([r.stdout, r.stderr, r.exitCode]).toEqual(["HTTP/1.1 200 OK\r\n", "", 0]);
    expect(sentBy(r, "bash")).toEqual(expect.arrayContaining(["SYN", "HTTP GET /"]));
    const log = runLine(r.world, HOST, "docker logs web").stdout;
    expect(log).toMatch(/^172\.17\.0\.1 - - \[[^\]]+\] "GET \/ HTTP\/1\.0" 200 615 "-" "-" "-"\n$/);
  });

  it("goes through docker-proxy on a published loopback port", () => {
    const r = runLine(
      published(),
      HOST,
      "exec 3<>/dev/tcp/127.0.0.1/2024; printf 'GET /nope HTTP/1.0\\r\\n\\r\\n' >&3; head -1 <&3; exec 3>&-; echo closed",
    );
    expect(r.stdout).toBe("HTTP/1.1 404 Not Found\r\nclosed\n");
    // The request asked to close, so nginx closed first towards the proxy: that TIME_WAIT is the
    // container's; the host keeps only the proxy's own, towards bash over lo.
    const waits = runLine(r.world, HOST, "ss -tan state time-wait").stdout;
    expect(waits).toContain("127.0.0.1:2024");
    expect(waits).not.toContain("172.17.0.2:80");
  });

  it("opened and closed with nothing written, sends nothing nginx would log", () => {
    const r = runLine(published(), HOST, 'exec 3<>/dev/tcp/172.17.0.2/80; echo "rc=$?"; exec 3>&-; echo "rc=$?"');
    expect(r.stdout).toBe("rc=0\nrc=0\n");
    expect(sentBy(r, "bash")).toContain("FIN");
    expect(runLine(r.world, HOST, "docker logs web").stdout).toBe("");
  });

  it("is closed by the kernel when a `bash -c` shell exits with it still open", () => {
    const r = runLine(
      published(),
      HOST,
      "exec 3<>/dev/tcp/172.17.0.2/80; printf 'GET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' >&3; head -1 <&3",
    );
    expect(r.stdout).toBe("HTTP/1.1 200 OK\r\n");
    // nginx keeps an HTTP/1.1 connection open: the client's FIN comes as its shell ends.
    expect(sentBy(r, "bash")).toContain("FIN");
    expect(runLine(r.world, HOST, "conntrack -L -p tcp --dport 80 2>/dev/null").stdout).toContain("TIME_WAIT");
  });

  it("stays open in the terminal's shell until exec closes it", () => {
    const a = runLine(published(), TERMINAL, "exec 3<>/dev/tcp/172.17.0.2/80");
    expect(runLine(a.world, HOST, "conntrack -L -p tcp --dport 80 2>/dev/null").stdout).toContain("ESTABLISHED");
    const b = runLine(a.world, a.session!, "exec 3>&-");
    expect(runLine(b.world, HOST, "conntrack -L -p tcp --dport 80 2>/dev/null").stdout).not.toContain("ESTABLISHED");
  });

  it("fails as connect() does, and exec reports it", () => {
    const r = runLine(published(), HOST, "exec 3<>/dev/tcp/172.17.0.2/81; echo rc=$?");
    expect([r.stdout, r.stderr]).toEqual([
      "rc=1\n",
      "bash: connect: Connection refused\nbash: line 1: /dev/tcp/172.17.0.2/81: Connection refused\n",
    ]);
  });
});
