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
