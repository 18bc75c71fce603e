import { describe, expect, it } from "vitest";
import { parseLine } from "../../../src/sim/shell/parse.ts";

describe("parseLine", () => {
  it("splits words and honours quotes", () => {
    expect(parseLine(`docker inspect web --format '{{.Name}} x' "a b"`)).toEqual({
      ok: true,
      pipeline: [{ argv: ["docker", "inspect", "web", "--format", "{{.Name}} x", "a b"] }],
    });
  });

  it("builds pipelines and redirections", () => {
    expect(parseLine("iptables -S | grep DOCKER > /dev/null")).toEqual({
      ok: true,
      pipeline: [
        { argv: ["iptables", "-S"] },
        { argv: ["grep", "DOCKER"], redirect: { path: "/dev/null", append: false } },
      ],
    });
  });

  it("reports bash's syntax errors as values", () => {
    expect(parseLine("| grep x")).toEqual({
      ok: false,
      stderr: "bash: syntax error near unexpected token `|'\n",
      exitCode: 2,
    });
    expect(parseLine("echo >")).toMatchObject({
      ok: false,
      stderr: "bash: syntax error near unexpected token `newline'\n",
    });
    expect(parseLine("echo 'open")).toMatchObject({
      ok: false,
      stderr: "bash: unexpected EOF while looking for matching `''\n",
    });
  });

  it("drops comments", () => {
    expect(parseLine("echo hi # a comment")).toEqual({ ok: true, pipeline: [{ argv: ["echo", "hi"] }] });
  });
});
