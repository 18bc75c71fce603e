/**
 * curl as tutorials show it, held against curl 7.88.1 and nginx 1.22.1 on the oracle
 * (dg02–dg05): -e and -u and what nginx logs of them, -o into a missing directory and
 * --create-dirs, -O of a URL ending in `/`, -f's meter, a POST to a missing page.
 */
import { describe, expect, it } from "vitest";
import { terminal as typed } from "./terminal.ts";

const terminal = (lines: readonly string[]) => typed(lines).out;
const RUN = "docker run -d -p 2024:80 --name web nginx";

describe("curl's request headers from -e and -u", () => {
  it("sends Authorization after Host and Referer after Accept, and nginx logs the user and referer", () => {
    const out = terminal([
      RUN,
      "curl -sv -o /dev/null -u user:pass -e http://r/ localhost:2024 2>&1 | grep '^> '",
      "docker logs web 2>/dev/null | cut -d' ' -f2,3,11",
    ]);
    expect(out[1]).toBe(
      "> GET / HTTP/1.1\r\n> Host: localhost:2024\r\n> Authorization: Basic dXNlcjpwYXNz\r\n" +
        "> User-Agent: curl/7.88.1\r\n> Accept: */*\r\n> Referer: http://r/\r\n> \r\n",
    );
    expect(out[2]).toBe('- user "http://r/"\n');
  });

  it("accepts --retry, which a refused connection does not trigger", () => {
    const out = terminal(["curl -sS --retry 1 localhost:2025"]);
    expect(out[0]).toBe("curl: (7) Failed to connect to localhost port 2025 after 0 ms: Couldn't connect to server\n");
  });
});

describe("curl's output files", () => {
  it("writes -o relative to the working directory, fails 23 into a missing one, and --create-dirs makes it", () => {
    const out = terminal([
      RUN,
      "mkdir /tmp/d && cd /tmp/d",
      "curl -s -o page.html localhost:2024; wc -c /tmp/d/page.html",
      "curl -sS -o out/deep/p.html localhost:2024; echo $?",
      "curl -s --create-dirs -o out/deep/p.html localhost:2024; ls out/deep",
      "curl -sS -O http://localhost:2024/; echo $?",
    ]);
    expect(out[2]).toBe("615 /tmp/d/page.html\n");
    expect(out[3]).toBe("curl: (23) Failure writing output to destination\n23\n");
    expect(out[4]).toBe("p.html\n");
    expect(out[5]).toBe("curl: (23) Failed writing received data to disk/application\n23\n");
  });

  it("-f on an error status draws the meter's last line once, with the announced size", () => {
    const out = terminal([RUN, "curl -f localhost:2024/missing 2>&1 | cat"]);
    const zero = "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0";
    expect(out[1]).not.toContain(zero + zero);
    expect(out[1]).toContain(
      "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0" +
        "\r  0   153    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n",
    );
  });
});

describe("nginx's static page and methods", () => {
  it("refuses DELETE at once but a POST only where the page exists", () => {
    const out = terminal([
      RUN,
      "curl -s -o /dev/null -w '%{http_code}\\n' -d a=1 localhost:2024/",
      "curl -s -o /dev/null -w '%{http_code}\\n' -d a=1 localhost:2024/nope",
      "curl -s -o /dev/null -w '%{http_code}\\n' -X DELETE localhost:2024/nope",
    ]);
    expect(out.slice(1)).toEqual(["405\n", "404\n", "405\n"]);
  });
});
