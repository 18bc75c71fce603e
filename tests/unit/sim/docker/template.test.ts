import { describe, expect, it } from "vitest";
import { goString, renderTemplate } from "../../../../src/sim/docker/template.ts";

const data = {
  Name: "/web",
  Args: ["-g", "daemon off;"],
  State: { Status: "running", Running: true, Pid: 13302 },
  Config: { Labels: {} as Record<string, string>, Cmd: ["nginx", "-g", "daemon off;"] },
  NetworkSettings: {
    // Built as the engine builds Go maps: keys already sorted.
    Ports: {
      "443/tcp": null,
      "80/tcp": [
        { HostIp: "0.0.0.0", HostPort: "2024" },
        { HostIp: "::", HostPort: "2024" },
      ],
    },
    Networks: { mynet: { IPAddress: "172.18.0.3" }, bridge: { IPAddress: "172.17.0.2" } },
  },
};

const ok = (src: string, d: unknown = data) => {
  const r = renderTemplate(src, d);
  return r.ok ? r.text : `ERR ${r.error}`;
};

describe("Go templates as docker --format runs them", () => {
  it("prints fields as Go's fmt does", () => {
    expect(ok("{{.Name}} {{.Args}} {{.State.Running}} {{.State.Pid}} {{.Config.Cmd}}")).toBe(
      "/web [-g daemon off;] true 13302 [nginx -g daemon off;]",
    );
    expect(ok("{{.NetworkSettings.Networks}}")).toBe(
      "map[bridge:map[IPAddress:172.17.0.2] mynet:map[IPAddress:172.18.0.3]]",
    );
    expect(goString(null)).toBe("<nil>");
  });

  it("ranges over maps in key order, with and without variables", () => {
    expect(ok("{{range .NetworkSettings.Networks}}{{.IPAddress}} {{end}}")).toBe("172.17.0.2 172.18.0.3 ");
    expect(ok("{{range $k, $v := .NetworkSettings.Networks}}{{$k}}={{$v.IPAddress}};{{end}}")).toBe(
      "bridge=172.17.0.2;mynet=172.18.0.3;",
    );
    expect(
      ok("{{range $p, $b := .NetworkSettings.Ports}}{{$p}} -> {{(index $b 0).HostPort}}{{end}}", {
        NetworkSettings: { Ports: { "80/tcp": [{ HostPort: "2024" }] } },
      }),
    ).toBe("80/tcp -> 2024");
  });

  it("has json, index, printf, len, join, upper, if/else", () => {
    expect(ok("{{json .NetworkSettings.Ports}}")).toBe(
      '{"443/tcp":null,"80/tcp":[{"HostIp":"0.0.0.0","HostPort":"2024"},{"HostIp":"::","HostPort":"2024"}]}',
    );
    // On raw JSON a missing key is a nil interface{}, which prints as no value (docker inspect's typed maps give "" instead).
    expect(ok('{{index .Config.Labels "x"}}|{{printf "%s-%d" .Name 5}}|{{len .Args}}')).toBe("<no value>|/web-5|2");
    expect(ok('{{join .Args ","}} {{upper .State.Status}}')).toBe("-g,daemon off; RUNNING");
    expect(ok("{{if .State.Running}}up{{else}}down{{end}}")).toBe("up");
    expect(ok("{{json .Name}}")).toBe('"/web"');
  });

  it("fails as Go does: a missing key, an unclosed action", () => {
    expect(renderTemplate("{{.NoSuchField}}", data)).toEqual({
      ok: false,
      parse: false,
      error: 'template: :1:2: executing "" at <.NoSuchField>: map has no entry for key "NoSuchField"',
    });
    expect(renderTemplate("{{.State.Status", data)).toEqual({
      ok: false,
      parse: true,
      error: "template: :1: unclosed action",
    });
  });

  it("has Go's comparisons, slice, else if, comments and Sprint's spacing", () => {
    expect(ok('{{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge 3 3}} {{lt "a" "b"}}')).toBe("true true false true true");
    expect(ok('{{eq .State.Status "exited" "running"}} {{ne .State.Pid 0}}')).toBe("true true");
    expect(ok('{{slice .Name 1}} {{slice "abcdef" 1 3}} {{slice .Args 1}}')).toBe("web bc [daemon off;]");
    expect(ok('{{if eq .State.Status "exited"}}a{{else if .State.Running}}b{{else}}c{{end}}')).toBe("b");
    expect(ok("{{/* why */}}ok")).toBe("ok");
    expect(ok('{{print "a" 1 2 "b" true}}')).toBe("a1 2btrue");
  });

  it("prints printf's verbs and complaints as fmt does", () => {
    expect(ok('{{printf "%-6s|%5s|%05d|%x|%t|%q" "ab" "cd" 42 255 true "x"}}')).toBe('ab    |   cd|00042|ff|true|"x"');
    expect(ok('{{printf "%d" .Name}} {{printf "%s" 3}}')).toBe("%!d(string=/web) %!s(int=3)");
    expect(ok('{{printf "%s %s" "a"}}|{{printf "%s" "a" "b"}}')).toBe("a %!s(MISSING)|a%!(EXTRA string=b)");
  });

  it("reports calls and ranges Go refuses, where Go reports them", () => {
    const err = (src: string, opts = {}) => {
      const r = renderTemplate(src, data, opts);
      return r.ok ? r.text : r.error;
    };
    expect(err("{{len 3}}")).toBe('template: :1:2: executing "" at <len 3>: error calling len: len of type int');
    expect(err("{{eq .Name 1}}")).toBe(
      'template: :1:2: executing "" at <eq .Name 1>: error calling eq: incompatible types for comparison',
    );
    expect(err("{{eq .Name 1}}", { comparisonTypes: true })).toMatch(/comparison: string and int$/);
    expect(err("{{range .Name}}{{.}}{{end}}")).toBe(
      'template: :1:8: executing "" at <.Name>: range can\'t iterate over /web',
    );
    // A chain of fields is reported at its second field, as Go's parser places the chain.
    expect(err("{{.State.Nope}}")).toBe(
      'template: :1:8: executing "" at <.State.Nope>: map has no entry for key "Nope"',
    );
    expect(err("{{.Name.Foo}}", { raw: true })).toBe(
      'template: :1:7: executing "" at <.Name.Foo>: can\'t evaluate field Foo in type interface {}',
    );
  });

  it("checks Docker's typed helpers' arguments, indexes strings, ranges over ints, and breaks out of ranges", () => {
    const err = (src: string, opts = {}) => {
      const r = renderTemplate(src, data, opts);
      return r.ok ? r.text : r.error;
    };
    expect(err("{{split .Name}}")).toBe(
      'template: :1:2: executing "" at <split>: wrong number of args for split: want 2 got 1',
    );
    expect(err("{{upper 1}}")).toBe('template: :1:8: executing "" at <1>: expected string; found 1');
    expect(err('{{join .Name ","}}')).toBe(
      'template: :1:7: executing "" at <.Name>: wrong type for value; expected []string; got string',
    );
    // The raw JSON's arrays are []interface{}, which join does not take.
    expect(err('{{join .Args ","}}', { raw: true })).toMatch(/expected \[\]string; got \[\]interface \{\}$/);
    expect(err("{{index .Name 1}} {{index 3 1}}")).toBe(
      'template: :1:20: executing "" at <index 3 1>: error calling index: can\'t index item of type int',
    );
    expect(err("{{index .Name 1}}")).toBe("119");
    expect(err(`{{index "é" 0}} {{printf "%x" "é"}}`)).toBe("195 c3a9");
    expect(err("{{range 3}}{{.}}{{end}}")).toBe("012");
    expect(err("{{range .Args}}{{.}}{{break}}{{end}}|{{range .Args}}{{continue}}x{{end}}")).toBe("-g|");
    expect(err("{{break}}")).toBe("template: :1: {{break}} outside {{range}}");
    expect(err('{{printf "%q" .Args}}')).toBe('["-g" "daemon off;"]');
  });
});
