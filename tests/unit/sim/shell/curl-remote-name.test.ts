/**
 * curl -O's file name and the close a request asks for, held against curl 7.88.1 and
 * nginx 1.22.1 on the oracle (bv01: `-O host/index.html` saves index.html, `-O host/`
 * exits 23; bv03: busybox wget's `Connection: close` gets nginx's `Connection: close`).
 */
import { describe, expect, it } from "vitest";
import { remoteName } from "../../../../src/sim/shell/commands/curl/curl.ts";
import { parseCurlArgs, REMOTE_NAME } from "../../../../src/sim/shell/commands/curl/options.ts";
import { parseRequest, requestText } from "../../../../src/sim/programs/http.ts";

describe("curl -O", () => {
  it("names the file after the URL's last path segment, without query or fragment", () => {
    expect(remoteName("localhost:2024/index.html")).toBe("index.html");
    expect(remoteName("http://h/a/b.txt?x=1#f")).toBe("b.txt");
    expect(remoteName("http://h/dir/")).toBe("");
    expect(remoteName("localhost:2024")).toBe("");
  });

  it("pairs with URLs in order, as -o does, bundled or long", () => {
    const p = parseCurlArgs(["curl", "-sO", "h/a", "-o", "x", "h/b", "--remote-name", "h/c"]);
    expect(p.ok && p.opts.outputs).toEqual([REMOTE_NAME, "x", REMOTE_NAME]);
    expect(p.ok && p.opts.silent).toBe(true);
  });
});

describe("a request's close", () => {
  it("HTTP/1.0 closes unless it asks for keep-alive; 1.1 only when it says close", () => {
    expect(parseRequest("GET / HTTP/1.0\r\n\r\n")?.close).toBe(true);
    expect(parseRequest("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")?.close).toBeUndefined();
    expect(parseRequest("GET / HTTP/1.1\r\nHost: h\r\n\r\n")?.close).toBeUndefined();
    expect(parseRequest("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n")?.close).toBe(true);
  });

  it("survives being written out again (docker-proxy relays the text)", () => {
    const req = { method: "GET", path: "/", host: "h", userAgent: "Wget", close: true };
    expect(parseRequest(requestText(req))?.close).toBe(true);
  });
});
