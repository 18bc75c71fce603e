import { describe, expect, it } from "vitest";
import { renderTemplate } from "../../../../src/sim/docker/template.ts";
import { createWorld } from "../../../../src/sim/world.ts";
import { out, run } from "../lab.ts";

const raw = { NetworkSettings: { Ports: { "80/tcp": null }, Networks: { bridge: { IPAddress: "172.17.0.2" } } } };

const text = (src: string, d: unknown = raw, opts = { raw: true }) => {
  const r = renderTemplate(src, d, opts);
  return r.ok ? r.text : `ERR ${r.error}`;
};

describe("text/template details a learner's blog-post formats meet", () => {
  it("names a parenthesised pipeline in full in an error, as Go's parse tree prints it back", () => {
    expect(text('{{(index (index .NetworkSettings.Ports "81/tcp") 0).HostPort}}')).toBe(
      'ERR template: :1:3: executing "" at <index (index .NetworkSettings.Ports "81/tcp") 0>: error calling index: index of untyped nil',
    );
  });

  it("tells a nil met after an index step (a nil pointer) from a nil handed to index (untyped)", () => {
    expect(text('{{index .NetworkSettings.Ports "81/tcp" 0}}')).toMatch(/error calling index: index of nil pointer$/);
    expect(text('{{index .NetworkSettings.Ports "80/tcp" 0}}')).toMatch(/error calling index: index of nil pointer$/);
    expect(text('{{index (index .NetworkSettings.Ports "80/tcp") 0}}')).toMatch(/index of untyped nil$/);
  });

  it("reads a field of a nil pipeline result as missing data, at the call's last argument", () => {
    expect(text('{{(index .NetworkSettings.Networks "nosuch").IPAddress}}')).toBe(
      'ERR template: :1:35: executing "" at <"nosuch">: nil data; no entry for key "IPAddress"',
    );
  });

  it("refuses nil as a command when it runs, not when it parses", () => {
    const r = renderTemplate("{{nil}}", raw);
    expect(r).toMatchObject({ ok: false, parse: false });
    expect(r.ok ? "" : r.error).toBe('template: :1:2: executing "" at <nil>: nil is not a command');
  });

  it("has html, js and urlquery", () => {
    expect(text(`{{html "<a href='x'>&\\""}} {{js "a<b='c'\\\\"}} {{urlquery "a b/c?d=é"}}`)).toBe(
      "&lt;a href=&#39;x&#39;&gt;&amp;&#34; a\\u003Cb\\u003D\\'c\\'\\\\ a+b%2Fc%3Fd%3D%C3%A9",
    );
    expect(text("{{html 1 2}}")).toBe("1 2");
  });

  it("ends a double-quoted string at a raw newline, as Go's lexer does", () => {
    expect(text('{{"a\nb"}}')).toBe("ERR template: :1: unterminated quoted string");
    expect(text('{{"a\\nb"}}')).toBe("a\nb");
    expect(text("{{`a\nb`}}")).toBe("a\nb");
  });
});

describe("docker inspect, ps and network ls formats", () => {
  const w = run(
    createWorld(),
    "docker run -d --name web -p 2024:80 --label tier=front nginx",
    "docker run -d --name api --label com.example.run-tier=back nginx",
  );

  it("inspect parses the format as typed: \\n outside a string stays, inside one is a newline", () => {
    expect(out(w, `docker inspect -f '{{.Name}}\\n{{"\\n"}}' web`).stdout).toBe("/web\\n\n\n");
  });

  it("ps turns \\n into a newline before parsing, which breaks a quoted one (template parsing error)", () => {
    const r = out(w, `docker ps --format '{{range split .Ports ", "}}{{.}}{{"\\n"}}{{end}}'`);
    expect(r.stderr).toBe("template parsing error: template: :1: unterminated quoted string\n");
    expect(r.code).toBe(1);
    expect(out(w, "docker ps --format '{{.Names'").stderr).toMatch(/^failed to parse template: /);
  });

  it("names a Label column by the key's last dotted part, - and _ as spaces", () => {
    expect(out(w, `docker ps --format 'table {{.Names}}\\t{{.Label "tier"}}'`).stdout).toBe(
      "NAMES     tier\napi       \nweb       front\n",
    );
    expect(out(w, `docker ps --format 'table {{.Label "com.example.run-tier"}}'`).stdout.split("\n")[0]).toBe(
      "run tier",
    );
    const n = run(w, "docker network create --label env=dev appnet");
    expect(out(n, `docker network ls -f name=appnet --format 'table {{.Name}}\\t{{.Label "env"}}'`).stdout).toBe(
      "NAME      env\nappnet    dev\n",
    );
  });

  it("ps's name filter matches the name with its slash and without it", () => {
    expect(out(w, "docker ps --filter name=^web$ --format '{{.Names}}'").stdout).toBe("web\n");
    expect(out(w, "docker ps --filter name=^/web$ --format '{{.Names}}'").stdout).toBe("web\n");
  });
});
