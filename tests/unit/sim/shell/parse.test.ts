import { describe, expect, it } from "vitest";
import { LAST_STATUS, needsMoreInput, parseScript } from "../../../../src/sim/shell/parse.ts";

describe("parseScript", () => {
  it("splits words and honours quotes", () => {
    expect(parseScript(`docker inspect web --format '{{.Name}} x' "a b"`)).toEqual({
      ok: true,
      list: [{ op: ";", pipeline: [{ argv: ["docker", "inspect", "web", "--format", "{{.Name}} x", "a b"] }] }],
    });
  });

  it("builds pipelines and redirections", () => {
    expect(parseScript("iptables -S | grep DOCKER > /dev/null")).toEqual({
      ok: true,
      list: [
        {
          op: ";",
          pipeline: [
            { argv: ["iptables", "-S"] },
            { argv: ["grep", "DOCKER"], redirects: [{ fd: 1, op: ">", path: "/dev/null" }] },
          ],
        },
      ],
    });
  });

  it("reads file-descriptor redirections as bash does", () => {
    expect(parseScript("curl x 2>&1 >>log 2>/dev/null &>all <in")).toEqual({
      ok: true,
      list: [
        {
          op: ";",
          pipeline: [
            {
              argv: ["curl", "x"],
              redirects: [
                { fd: 2, op: "dup", to: 1 },
                { fd: 1, op: ">>", path: "log" },
                { fd: 2, op: ">", path: "/dev/null" },
                { fd: 1, op: ">", path: "all" },
                { fd: 2, op: "dup", to: 1 },
                { fd: 0, op: "<", path: "in" },
              ],
            },
          ],
        },
      ],
    });
  });

  it("joins pipelines with ; && || and newlines", () => {
    const r = parseScript("a && b || c; d\ne");
    expect(r.ok && r.list.map((i) => `${i.op} ${i.pipeline[0]!.argv[0]}`)).toEqual([
      "; a",
      "&& b",
      "|| c",
      "; d",
      "; e",
    ]);
  });

  it("takes here-documents from the following lines", () => {
    expect(parseScript("iptables-restore <<EOF\n*filter\nCOMMIT\nEOF\necho done")).toEqual({
      ok: true,
      list: [
        {
          op: ";",
          pipeline: [{ argv: ["iptables-restore"], redirects: [{ fd: 0, op: "<<", text: "*filter\nCOMMIT\n" }] }],
        },
        { op: ";", pipeline: [{ argv: ["echo", "done"] }] },
      ],
    });
    expect(parseScript("cat <<< 'hi there'")).toMatchObject({
      list: [{ pipeline: [{ redirects: [{ fd: 0, op: "<<", text: "hi there\n" }] }] }],
    });
  });

  it("marks $? outside single quotes", () => {
    expect(parseScript(`echo $? "$?" '$?'`)).toMatchObject({
      list: [{ pipeline: [{ argv: ["echo", LAST_STATUS, LAST_STATUS, "$?"] }] }],
    });
  });

  it("reports bash's syntax errors as values", () => {
    expect(parseScript("| grep x")).toEqual({
      ok: false,
      stderr: "bash: syntax error near unexpected token `|'\n",
      exitCode: 2,
    });
    expect(parseScript("echo >")).toMatchObject({
      ok: false,
      stderr: "bash: syntax error near unexpected token `newline'\n",
    });
    expect(parseScript("echo 'open")).toMatchObject({
      ok: false,
      stderr: "bash: unexpected EOF while looking for matching `''\n",
    });
    expect(parseScript("a && && b")).toMatchObject({
      ok: false,
      stderr: "bash: syntax error near unexpected token `&&'\n",
    });
    expect(parseScript("; a")).toMatchObject({ ok: false, stderr: "bash: syntax error near unexpected token `;'\n" });
    expect(parseScript("a |")).toMatchObject({ ok: false, exitCode: 2 });
  });

  it("drops comments", () => {
    expect(parseScript("echo hi # a comment")).toEqual({
      ok: true,
      list: [{ op: ";", pipeline: [{ argv: ["echo", "hi"] }] }],
    });
  });
});

describe("needsMoreInput", () => {
  it("waits, as bash shows its > prompt, until the command is whole", () => {
    expect(needsMoreInput("iptables-restore <<EOF")).toBe(true);
    expect(needsMoreInput("iptables-restore <<EOF\n*filter")).toBe(true);
    expect(needsMoreInput("iptables-restore <<EOF\n*filter\nCOMMIT\nEOF")).toBe(false);
    expect(needsMoreInput("echo 'open")).toBe(true);
    expect(needsMoreInput("ip a |")).toBe(true);
    expect(needsMoreInput("true &&")).toBe(true);
    expect(needsMoreInput("echo a \\")).toBe(true);
    expect(needsMoreInput("ip a | grep inet")).toBe(false);
    expect(needsMoreInput("| grep x")).toBe(false);
    expect(needsMoreInput("")).toBe(false);
  });
});
