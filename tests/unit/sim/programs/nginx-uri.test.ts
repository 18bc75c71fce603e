/** curl's --path-as-is and what nginx 1.22.1 makes of `.` and `..` in a request line (oracle recording cn18). */
import { describe, expect, it } from "vitest";
import { terminal } from "../shell/terminal.ts";
import { nginxUriPath } from "../../../../src/sim/programs/nginx-uri.ts";

const RUN = "docker run -d --name web -p 2024:80 nginx >/dev/null";
const LOG = "docker logs web 2>/dev/null | awk '{print $1, $6, $7, $9}'";

describe("nginx's reading of a request path", () => {
  it("resolves dot segments and refuses a `..` that climbs out of the root", () => {
    expect(nginxUriPath("/a/../index.html?x=/..")).toBe("/index.html");
    expect(nginxUriPath("/a/./b/..")).toBe("/a/");
    expect(nginxUriPath("/%2e%2e/etc/passwd")).toBeUndefined();
    expect(nginxUriPath("/../etc/passwd")).toBeUndefined();
    expect(nginxUriPath("/..")).toBeUndefined();
    expect(nginxUriPath("/plain/path")).toBe("/plain/path");
  });
});

describe("curl --path-as-is", () => {
  it("sends `..` as written, and nginx answers 400 and logs the line as sent", () => {
    const { out } = terminal([
      RUN,
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' --path-as-is 'http://127.0.0.1:2024/../etc/passwd'",
      "curl -si -m 3 --path-as-is http://127.0.0.1:2024/../x | grep -e '^HTTP' -e '^Connection'",
      LOG,
    ]);
    expect(out[1]).toBe("400\n");
    expect(out[2]).toBe("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n");
    expect(out[3]).toBe('172.17.0.1 "GET /../etc/passwd 400\n172.17.0.1 "GET /../x 400\n');
  });

  it("is known to curl, and without it curl resolves the path itself", () => {
    const { out } = terminal([
      RUN,
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' 'http://127.0.0.1:2024/../etc/passwd'",
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' --path-as-is 'http://127.0.0.1:2024/a/../index.html'",
      "curl -sv -m 3 -o /dev/null --path-as-is 'http://127.0.0.1:2024/./' 2>&1 | grep '^> GET'",
      LOG,
    ]);
    expect(out[1]).toBe("404\n");
    expect(out[2]).toBe("200\n");
    expect(out[3]).toBe("> GET /./ HTTP/1.1\r\n");
    expect(out[4]).toBe(
      '172.17.0.1 "GET /etc/passwd 404\n172.17.0.1 "GET /a/../index.html 200\n172.17.0.1 "GET /./ 200\n',
    );
  });
});

describe("what a learner asks the published nginx with curl's other options (oracle recording cn19)", () => {
  it("merges runs of slashes, as merge_slashes does, so //index.html is the page", () => {
    expect(nginxUriPath("//index.html")).toBe("/index.html");
    const { out } = terminal([
      RUN,
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' 'http://127.0.0.1:2024//index.html'",
    ]);
    expect(out[1]).toBe("200\n");
  });

  it("refuses an HTTP/1.1 request without a Host (curl -H 'Host:') with 400", () => {
    const { out } = terminal([RUN, "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' -H 'Host:' http://127.0.0.1:2024/"]);
    expect(out[1]).toBe("400\n");
  });

  it("sends --http1.0's request line, which nginx logs, and answers it in HTTP/1.1", () => {
    const { out } = terminal([
      RUN,
      "curl -s -m 3 -o /dev/null -w '%{http_code} %{http_version}\\n' --http1.0 http://127.0.0.1:2024/",
      "curl -sv -m 3 -o /dev/null -0 http://127.0.0.1:2024/ 2>&1 | grep -e '^> GET' -e '^< Connection'",
      "docker logs web 2>/dev/null | awk '{print $8, $9}'",
    ]);
    expect(out[1]).toBe("200 1.1\n");
    expect(out[2]).toBe("> GET / HTTP/1.0\r\n< Connection: close\r\n");
    expect(out[3]).toBe('HTTP/1.0" 200\nHTTP/1.0" 200\n');
  });

  it("asks for a range with -r: 206 with the bytes and their Content-Range, 416 past the end", () => {
    const { out } = terminal([
      RUN,
      "curl -s -m 3 -r 0-14 http://127.0.0.1:2024/; echo",
      "curl -s -m 3 -o /dev/null -w '%{http_code} %{size_download}\\n' --range 0-14 http://127.0.0.1:2024/",
      "curl -sI -m 3 -r 600- http://127.0.0.1:2024/ | grep -e ^HTTP -e ^Content-Range -e ^Accept-Ranges",
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' -r 700- http://127.0.0.1:2024/",
    ]);
    expect(out[1]).toBe("<!DOCTYPE html>\n");
    expect(out[2]).toBe("206 15\n");
    expect(out[3]).toBe("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 600-614/615\r\n");
    expect(out[4]).toBe("416\n");
  });

  it("offers the encodings with --compressed; nginx, without gzip, sends the page whole", () => {
    const { out } = terminal([
      RUN,
      "curl -s -m 3 -o /dev/null -w '%{http_code} %{size_download}\\n' --compressed http://127.0.0.1:2024/",
      "curl -sv -m 3 -o /dev/null --compressed http://127.0.0.1:2024/ 2>&1 | grep '^> Accept-Encoding'",
    ]);
    expect(out[1]).toBe("200 615\n");
    expect(out[2]).toBe("> Accept-Encoding: deflate, gzip, br, zstd\r\n");
  });
});

describe("escapes in the path (oracle recording cn20)", () => {
  it("refuses a `%` without two hex digits with 400, and looks a byte that is no UTF-8 up as sent", () => {
    expect(nginxUriPath("/%zz")).toBeUndefined();
    expect(nginxUriPath("/a%2Fb")).toBe("/a/b");
    const { out } = terminal([
      RUN,
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' 'http://127.0.0.1:2024/%zz'",
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' 'http://127.0.0.1:2024/%ff'",
      "printf 'GET / HTTP/1.1\\r\\n\\r\\n' | busybox nc 127.0.0.1 2024 | head -1",
    ]);
    expect(out[1]).toBe("400\n");
    expect(out[2]).toBe("404\n");
    expect(out[3]).toBe("HTTP/1.1 400 Bad Request\r\n");
  });
});

describe("a request written to bash's /dev/tcp (oracle recording cn20)", () => {
  it("is answered and logged by nginx as any other, where a bare newline stays unreadable", () => {
    const { out } = terminal([
      RUN,
      "printf 'GET /nope HTTP/1.0\\r\\n\\r\\n' > /dev/tcp/127.0.0.1/2024; echo $?",
      "echo > /dev/tcp/127.0.0.1/2024",
      "docker logs web 2>/dev/null | awk '{print $1, $6, $7, $8, $9}'",
    ]);
    expect(out[1]).toBe("0\n");
    expect(out[3]).toBe('172.17.0.1 "GET /nope HTTP/1.0" 404\n172.17.0.1 "" 400 0 "-"\n');
  });
});

describe("requests nginx refuses or bends (oracle recording cn21)", () => {
  it("refuses %00 in the path and a Content-Length that is no number with 400", () => {
    expect(nginxUriPath("/index.html%00")).toBeUndefined();
    const { out } = terminal([
      RUN,
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' 'http://127.0.0.1:2024/index.html%00'",
      "curl -s -m 3 -o /dev/null -w '%{http_code}\\n' -H 'Content-Length: abc' http://127.0.0.1:2024/",
      "docker logs web 2>&1 >/dev/null | wc -l",
    ]);
    expect(out[1]).toBe("400\n");
    expect(out[2]).toBe("400\n");
    expect(out[3]).toBe("0\n");
  });

  it("answers two ranges in one multipart/byteranges body, and a span that ends before it starts with 416", () => {
    const { out } = terminal([
      RUN,
      "curl -s -m 3 -o /dev/null -w '%{http_code} %{size_download} %{content_type}\\n' -r 0-1,5-6 http://127.0.0.1:2024/",
      "curl -s -m 3 -r 0-1,5-6 http://127.0.0.1:2024/ | grep -c '^Content-Range: bytes'",
      "curl -s -m 3 -o /dev/null -w '%{http_code} %{size_download}\\n' -r 10-5 http://127.0.0.1:2024/",
      "curl -s -m 3 -o /dev/null -w '%{http_code} %{size_download}\\n' -r 0-1,10-5 http://127.0.0.1:2024/",
    ]);
    expect(out[1]).toBe("206 198 multipart/byteranges; boundary=00000000000000000001\n");
    expect(out[2]).toBe("2\n");
    expect(out[3]).toBe("416 197\n");
    expect(out[4]).toBe("416 197\n");
  });
});
