/**
 * ngx_http_autoindex_module's HTML listing of a directory: `../` first, then the
 * subdirectories and then the files, each group by name in byte order, hidden names left
 * out; each name padded to 50 columns, its time, and its size right-aligned in 19 (`-` for a
 * directory). The listing goes out chunked, so without a Content-Length.
 */
import type { KernelWorld } from "../kernel/types.ts";
import { byteLength } from "../kernel/stack/packet.ts";
import { EPOCH_MS } from "../kernel/clock.ts";
import { listDir } from "../docker/nginx-conf.ts";
import { netnsOfContainer } from "../docker/shared-netns.ts";
import type { Container } from "../docker/types.ts";
import { containerImage } from "../machines/images/index.ts";
import { httpDate, type HttpResponse } from "./http.ts";
import { openFile } from "./nginx-site.ts";

const NAME_LEN = 50;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function listingDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function autoindexResponse(
  world: KernelWorld,
  c: Container,
  now: number,
  uri: string,
  dir: string,
  method: string,
): HttpResponse {
  const entries = listDir(
    world,
    netnsOfContainer(c),
    dir.replace(/\/$/, "") || "/",
    containerImage(c)?.machine.disk?.entries,
  )
    .filter((n) => !n.startsWith("."))
    .map((name) => {
      const got = openFile(world, c, dir + name);
      return { name, dir: got === "dir", size: typeof got === "object" ? byteLength(got.text) : 0 };
    })
    .sort((a, b) => (a.dir !== b.dir ? (a.dir ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const rows = entries.map((e) => {
    const shown = e.name + (e.dir ? "/" : "");
    const cut = shown.length > NAME_LEN ? shown.slice(0, NAME_LEN - 3) + "..>" : shown;
    const href = encodeURI(e.name).replace(/\?/g, "%3F") + (e.dir ? "/" : "");
    const size = e.dir ? "-".padStart(19) : String(e.size).padStart(19);
    return `<a href="${href}">${escapeHtml(cut)}</a>${" ".repeat(Math.max(0, NAME_LEN - cut.length))} ${listingDate(EPOCH_MS)} ${size}\r\n`;
  });
  const title = escapeHtml(uri);
  const body =
    `<html>\r\n<head><title>Index of ${title}</title></head>\r\n<body>\r\n<h1>Index of ${title}</h1>` +
    `<hr><pre><a href="../">../</a>\r\n${rows.join("")}</pre><hr></body>\r\n</html>\r\n`;
  const headers = [
    "Server: nginx/1.22.1",
    `Date: ${httpDate(now)}`,
    "Content-Type: text/html",
    ...(method === "HEAD" ? [] : ["Transfer-Encoding: chunked"]),
    "Connection: keep-alive",
  ];
  return { version: "HTTP/1.1", status: 200, reason: "OK", headers, body };
}
