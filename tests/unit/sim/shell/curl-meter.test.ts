import { describe, expect, it } from "vitest";
import { terminal as typed } from "./terminal.ts";

const terminal = (lines: readonly string[]) => typed(lines).out;
const HEAD =
  "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
  "                                 Dload  Upload   Total   Spent    Left  Speed\n";
const ZERO = "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0";

describe("curl's progress meter, as curl 7.88 draws it on stderr", () => {
  it("is not drawn when the body goes to the terminal, and is when it goes into a pipe", () => {
    const out = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "curl -m 2 http://172.17.0.2:81/",
      "curl -m 2 http://172.17.0.2:81/ 2>&1 | cat",
    ]);
    const err = "curl: (7) Failed to connect to 172.17.0.2 port 81 after 0 ms: Couldn't connect to server\n";
    expect(out[1]).toBe(err);
    expect(out[2]).toBe(HEAD + ZERO + ZERO + "\n" + err);
  });

  it("redraws once a second while a connection waits, and -v's lines fall between the redraws", () => {
    const out = terminal(["curl -v -o /dev/null -m 2 http://10.88.0.99/ 2>&1 | cat"]);
    expect(out[0]).toBe(
      HEAD +
        ZERO +
        "*   Trying 10.88.0.99:80...\n" +
        "\r  0     0    0     0    0     0      0      0 --:--:--  0:00:01 --:--:--     0" +
        "* Connection timed out after 2001 milliseconds\n" +
        "\r  0     0    0     0    0     0      0      0 --:--:--  0:00:02 --:--:--     0\n" +
        "* Closing connection 0\n" +
        "curl: (28) Connection timed out after 2001 milliseconds\n",
    );
  });

  it("leaves the line open when the name never resolved, and counts the announced size on HEAD", () => {
    const out = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "curl http://nope.example/ 2>&1 | cat",
      "curl -I localhost:2024 2>&1 | head -4",
    ]);
    expect(out[1]).toBe(HEAD + ZERO + "curl: (6) Could not resolve host: nope.example\n");
    expect(out[2]).toBe(
      HEAD +
        ZERO +
        "\r  0   615    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\nHTTP/1.1 200 OK\r\n",
    );
  });

  it("into a pipe, the body and -w come after everything curl said on stderr", () => {
    const out = terminal(["curl -sv -o /dev/null -w 'code %{http_code}\\n' http://baidu.com 2>&1 | tail -2"]);
    expect(out[0]).toBe("* Closing connection 0\ncode 200\n");
    const page = terminal(["curl -sv http://baidu.com 2>&1 | tail -1"]);
    expect(page[0]).toContain("www.baidu.com");
  });
});

describe("cat's options", () => {
  it("-A shows line ends, tabs and carriage returns; -s squeezes blank lines; -b numbers the rest", () => {
    const out = terminal([
      "printf 'a\\tb\\r\\n\\n\\n\\nc\\n' > /tmp/f",
      "cat -A /tmp/f",
      "cat -s /tmp/f",
      "cat -b /tmp/f",
      "cat -z /tmp/f",
    ]);
    expect(out[1]).toBe("a^Ib^M$\n$\n$\n$\nc$\n");
    expect(out[2]).toBe("a\tb\r\n\nc\n");
    expect(out[3]).toBe("     1\ta\tb\r\n\n\n\n     2\tc\n");
    expect(out[4]).toBe("cat: invalid option -- 'z'\nTry 'cat --help' for more information.\n");
  });
});
