/**
 * iproute2's `-o` (`-oneline`): each record on one line, its line breaks printed as
 * `\`. `ip -o addr` prints one record per address, led by the link's index and bare
 * name (no `@ifN`), and no `link/ether` lines; `ip -o link` joins each link's lines.
 * Done over the multi-line text, as iproute2 does over its own output
 * (print_addrinfo/print_linkinfo with `_SL_` set to `\`).
 */

/** The per-link blocks of `ip addr`/`ip link` output: a header line and the lines under it. */
function blocks(text: string): { head: string; body: string[] }[] {
  const out: { head: string; body: string[] }[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (/^\d+: /.test(line)) out.push({ head: line, body: [] });
    else out.at(-1)?.body.push(line);
  }
  return out;
}

export function onelineLinks(text: string): string {
  return blocks(text)
    .map((b) => [b.head, ...b.body].join("\\") + "\n")
    .join("");
}

export function onelineAddrs(text: string): string {
  let out = "";
  for (const b of blocks(text)) {
    const m = /^(\d+): ([^:@]+)/.exec(b.head);
    if (!m) continue;
    let rec: string[] | undefined;
    const flush = () => {
      if (rec) out += `${m[1]}: ${m[2]}${rec.join("\\")}\n`;
    };
    for (const line of b.body) {
      if (/^ {4}inet6? /.test(line)) {
        flush();
        rec = [line];
      } else if (/^ {5,}/.test(line) && rec) rec.push(line);
      else {
        flush();
        rec = undefined;
      }
    }
    flush();
  }
  return out;
}
