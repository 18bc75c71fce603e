/**
 * `column`: columnate lists (util-linux 2.38's, from bsdextrautils): -t makes a table of
 * whitespace- (or -s) separated cells, every column but the table's last padded and
 * followed by two blanks (-o); without -t, the entries fill columns 80 wide with tabs.
 */
import type { Command, CommandResult } from "../../command.ts";
import { type CommandModule, flag, FREE, valued } from "../../spec.ts";
import { openEach } from "../../lib/files.ts";

const column: Command = (argv, ctx): CommandResult => {
  let table = false;
  let seps = " \t";
  let outSep = "  ";
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-t" || a === "--table") table = true;
    else if (a === "-s" || a === "--separator") seps = argv[++i] ?? seps;
    else if (a.startsWith("-s") && a.length > 2) seps = a.slice(2);
    else if (a === "-o" || a === "--output-separator") outSep = argv[++i] ?? outSep;
    else if (a.startsWith("-o") && a.length > 2) outSep = a.slice(2);
    else if (/^-[ts]+$/.test(a)) table = true;
    else files.push(a);
  }
  let stderr = "";
  let text = "";
  for (const f of openEach(ctx, files)) {
    if (f.text === undefined) stderr += `column: ${f.name}: ${f.why}\n`;
    else text += f.text;
  }
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  let stdout = "";
  if (table) {
    const esc = seps.replace(/[\\\]^-]/g, "\\$&");
    const rows = lines.map((l) =>
      l.split(new RegExp(`[${esc}]+`)).filter((c, i, a) => c !== "" || (i > 0 && i < a.length - 1)),
    );
    const n = Math.max(0, ...rows.map((r) => r.length));
    const widths = Array.from({ length: n }, (_, j) => Math.max(0, ...rows.map((r) => [...(r[j] ?? "")].length)));
    for (const r of rows)
      stdout +=
        r.map((c, j) => (j === n - 1 ? c : c + " ".repeat(widths[j]! - [...c].length) + outSep)).join("") + "\n";
  } else if (lines.length > 0) {
    const TAB = 8;
    const maxlen = (Math.max(...lines.map((l) => [...l].length)) + TAB) & ~(TAB - 1);
    const numcols = Math.max(1, Math.floor(80 / maxlen));
    const numrows = Math.ceil(lines.length / numcols);
    for (let row = 0; row < numrows; row++) {
      let endcol = maxlen;
      let chcnt = 0;
      for (let base = row, col = 0; col < numcols; col++) {
        stdout += lines[base];
        chcnt += [...lines[base]!].length;
        if ((base += numrows) >= lines.length) break;
        for (let cnt = (chcnt + TAB) & ~(TAB - 1); cnt <= endcol; cnt = (chcnt + TAB) & ~(TAB - 1)) {
          stdout += "\t";
          chcnt = cnt;
        }
        endcol += maxlen;
      }
      stdout += "\n";
    }
  }
  return { world: ctx.world, stdout, stderr, exitCode: stderr ? 1 : 0 };
};

export const COMMAND: CommandModule = {
  spec: {
    name: "column",
    summary: "columnate lists",
    options: [flag(["-t", "--table"]), valued(["-s", "--separator"]), valued(["-o", "--output-separator"])],
    args: [FREE],
  },
  run: column,
};
