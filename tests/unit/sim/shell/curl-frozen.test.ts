import { describe, expect, it } from "vitest";
import { terminal as typed } from "./terminal.ts";

const terminal = (lines: readonly string[]) => typed(lines).out;

describe("curl -v to a paused container (oracle, session ah02)", () => {
  it("says Connected and shows the request it sent: the frozen server's kernel took both", () => {
    const out = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "docker pause web",
      "curl -sv -m 2 http://10.88.0.4:2024/ 2>&1 | cat",
    ]);
    expect(out[2]).toBe(
      "*   Trying 10.88.0.4:2024...\n" +
        "* Connected to 10.88.0.4 (10.88.0.4) port 2024 (#0)\n" +
        "> GET / HTTP/1.1\r\n" +
        "> Host: 10.88.0.4:2024\r\n" +
        "> User-Agent: curl/7.88.1\r\n" +
        "> Accept: */*\r\n" +
        "> \r\n" +
        "* Operation timed out after 2001 milliseconds with 0 bytes received\n" +
        "* Closing connection 0\n",
    );
  });
});
