import { describe, expect, it } from "vitest";
import { terminal as typed } from "./terminal.ts";

const terminal = (lines: readonly string[]) => typed(lines).out;

describe("curl's URL globber refuses a bracket or brace it cannot read, before any transfer", () => {
  it("points its caret at the position curl 7.88 names", () => {
    const out = terminal(["curl 'http://[bad'", "curl http://[::1", "curl -s 'http://[bad'", "curl http://h/a]"]);
    expect(out[0]).toBe("curl: (3) bad range in URL position 9:\nhttp://[bad\n        ^\n");
    expect(out[1]).toBe("curl: (3) bad range specification in URL position 9:\nhttp://[::1\n        ^\n");
    expect(out[2]).toBe("");
    expect(out[3]).toBe("curl: (3) unmatched close brace/bracket in URL position 11:\nhttp://h/a]\n          ^\n");
  });

  it("lets IPv6 literals (with a zone) and -g through to the transfer", () => {
    const out = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "curl -s 'http://[::1]:2024' | head -1",
      "curl -sg 'http://[::1]:2024/' -o /dev/null -w '%{http_code}\\n'",
      "curl -s http://[::1]/; echo $?",
    ]);
    expect(out[1]).toBe("<!DOCTYPE html>\n");
    expect(out[2]).toBe("200\n");
    expect(out[3]).toBe("7\n");
  });
});

describe("curl's schemes and globs", () => {
  it("refuses a protocol libcurl lacks, and reads a plain-HTTP answer to https as a TLS error", () => {
    const out = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "curl -m 3 foo://localhost:2024",
      "curl -s foo://localhost:2024; echo $?",
      "curl -sS https://localhost:2024",
    ]);
    expect(out[1]).toBe('curl: (1) Protocol "foo" not supported or disabled in libcurl\n');
    expect(out[2]).toBe("1\n");
    expect(out[3]).toBe("curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number\n");
  });

  it("runs one transfer per URL a set or range stands for, each with -o and -w", () => {
    const out = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "curl -s 'localhost:2024/{a,index.html}' -o /dev/null -w '%{http_code} %{url_effective}\\n'",
      "curl -s 'localhost:2024/[08-10]' -o /dev/null -w '%{url_effective}\\n'",
      "curl 'localhost:2024/{a'",
    ]);
    expect(out[1]).toBe("404 http://localhost:2024/a\n200 http://localhost:2024/index.html\n");
    expect(out[2]).toBe("http://localhost:2024/08\nhttp://localhost:2024/09\nhttp://localhost:2024/10\n");
    expect(out[3]).toBe("curl: (3) unmatched brace in URL position 16:\nlocalhost:2024/{a\n               ^\n");
  });
});

describe("curl's port", () => {
  it("is the scheme's own when empty after a written scheme, and a format error otherwise, without a meter", () => {
    const out = terminal([
      "curl localhost: 2>&1 | cat",
      "curl localhost:99999",
      "curl -s http://localhost:/; echo $?",
      "curl http://localhost:abc/",
    ]);
    const bad = "curl: (3) URL using bad/illegal format or missing URL\n";
    expect(out).toEqual([bad, bad, "7\n", bad]);
  });
});

describe("busybox cat has no -s and no long options", () => {
  it("refuses them with its usage text, exit 1", () => {
    const out = terminal([
      "docker run -d --name web nginx",
      "web$ cat -s /etc/hostname",
      "web$ cat --number /etc/hostname",
    ]);
    expect(out[1]).toMatch(
      /^cat: invalid option -- 's'\nBusyBox v1\.35\.0 .*\n\nUsage: cat \[-nbvteA\] \[FILE\]\.\.\.\n/,
    );
    expect(out[2]).toMatch(/^cat: unrecognized option '--number'\nBusyBox/);
  });
});

describe("ls -R", () => {
  it("lists each directory under a header, then its subdirectories, one name a line into a pipe", () => {
    const out = terminal(["docker run -d --name web nginx", "docker exec web sh -c 'ls -R /etc/nginx | head -7'"]);
    expect(out[1]).toBe("/etc/nginx:\nconf.d\nmime.types\nnginx.conf\n\n/etc/nginx/conf.d:\n");
  });
});
