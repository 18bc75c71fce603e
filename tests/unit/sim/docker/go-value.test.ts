import { describe, expect, it } from "vitest";
import { GO_POINTER, goPrint, typed, type GoType } from "../../../../src/sim/docker/go-value.ts";
import { renderTemplate } from "../../../../src/sim/docker/template.ts";
import type { Session } from "../../../../src/sim/shell/command.ts";
import { runLine } from "../../../../src/sim/shell/run.ts";
import { createWorld, type World } from "../../../../src/sim/world.ts";
import type { EngineVersion } from "../../../../src/sim/docker/types.ts";

const binding: GoType = {
  struct: [
    ["HostIp", "s"],
    ["HostPort", "s"],
  ],
};
const tpl = (src: string, data: unknown) => {
  const r = renderTemplate(src, data);
  return r.ok ? r.text : `ERR ${r.error}`;
};

describe("fmt's %v of typed values", () => {
  it("prints a struct's fields in Go order, an empty string as nothing", () => {
    const ipam: GoType = {
      struct: [
        ["Subnet", "s"],
        ["IPRange", "s"],
        ["Gateway", "s"],
        ["AuxiliaryAddresses", { map: "s" }],
      ],
    };
    // IPRange and AuxiliaryAddresses are omitempty: absent from JSON, present in the struct.
    expect(goPrint(typed({ Subnet: "172.17.0.0/16", Gateway: "172.17.0.1" }, ipam))).toBe(
      "{172.17.0.0/16  172.17.0.1 map[]}",
    );
    expect(
      goPrint(
        typed(
          { Type: "json-file", Config: {} },
          {
            struct: [
              ["Type", "s"],
              ["Config", { map: "s" }],
            ],
          },
        ),
      ),
    ).toBe("{json-file map[]}");
  });

  it("prints a map with sorted keys, struct{} as {} and nil maps as map[]", () => {
    expect(goPrint(typed({ "80/tcp": {}, "443/tcp": {} }, { map: "empty" }))).toBe("map[443/tcp:{} 80/tcp:{}]");
    expect(goPrint(typed(null, { map: "s" }))).toBe("map[]");
    expect(goPrint(typed({}, { map: "s" }))).toBe("map[]");
  });

  it("prints slices, nil slices as [] and a slice of structs", () => {
    expect(goPrint(typed(null, { slice: "s" }))).toBe("[]");
    expect(goPrint(typed(["nginx", "-g", "daemon off;"], { slice: "s" }))).toBe("[nginx -g daemon off;]");
    const ports = typed(
      {
        "80/tcp": [
          { HostIp: "0.0.0.0", HostPort: "2024" },
          { HostIp: "::", HostPort: "2024" },
        ],
      },
      {
        map: { slice: binding },
      },
    );
    expect(goPrint(ports)).toBe("map[80/tcp:[{0.0.0.0 2024} {:: 2024}]]");
    expect(goPrint(typed({ "80/tcp": null }, { map: { slice: binding } }))).toBe("map[80/tcp:[]]");
  });

  it("follows a pointer it prints, shows one inside a value as an address, a nil one as <nil>", () => {
    const ep: GoType = {
      ptr: {
        struct: [
          ["IPAMConfig", { ptr: { struct: [["IPv4Address", "s"]] } }],
          ["IPAddress", "s"],
        ],
      },
    };
    const nets = typed({ bridge: { IPAMConfig: null, IPAddress: "172.17.0.2" } }, { map: ep });
    expect(goPrint(nets)).toBe(`map[bridge:${GO_POINTER}]`);
    expect(goPrint((nets as Record<string, unknown>)["bridge"])).toBe("{<nil> 172.17.0.2}");
    expect(goPrint(typed(null, ep))).toBe("<nil>");
  });

  it("prints a time.Time with its String method", () => {
    expect(goPrint(typed("2026-12-03T16:56:07.123456789Z", "time"))).toBe("2026-12-03 16:56:07.123456789 +0000 UTC");
  });

  it("keeps {{json}} the daemon's JSON, and nils empty and false in templates", () => {
    const v = typed(
      { Env: null, Ports: { "80/tcp": null }, State: { Status: "running" } },
      {
        struct: [
          ["Env", { slice: "s" }],
          ["Ports", { map: { slice: binding } }],
          [
            "State",
            {
              ptr: {
                struct: [
                  ["Status", "s"],
                  ["Health", { ptr: { struct: [["Status", "s"]] } }],
                ],
              },
            },
          ],
        ],
      },
    );
    expect(tpl("{{json .Env}} {{json .Ports}} {{json .State}}", v)).toBe('null {"80/tcp":null} {"Status":"running"}');
    expect(tpl("{{.Env}} {{len .Env}} {{if .Env}}y{{else}}n{{end}} {{range .Env}}x{{end}}|{{.State.Health}}", v)).toBe(
      "[] 0 n |<nil>",
    );
    expect(tpl("{{.State}}", v)).toBe("{running <nil>}");
  });
});

function world(engine: EngineVersion, ...lines: string[]): World {
  let w = createWorld(1, { engine });
  for (const l of lines) w = runLine(w, { machine: "host" }, l).world;
  return w;
}
const out = (w: World, line: string, session: Session = { machine: "host" }) => runLine(w, session, line).stdout;

describe("docker inspect -f prints the CLI's typed structs", () => {
  for (const engine of ["26", "28"] as const) {
    it(`shows ports, state and IPAM as Go values on ${engine}`, () => {
      const w = world(engine, "docker run -d -p 2024:80 --name web nginx");
      expect(out(w, "docker inspect web -f '{{.Config.ExposedPorts}}'")).toBe("map[80/tcp:{}]\n");
      expect(out(w, "docker inspect web -f '{{.HostConfig.PortBindings}}'")).toBe("map[80/tcp:[{ 2024}]]\n");
      expect(out(w, "docker inspect web -f '{{.HostConfig.RestartPolicy}} {{.Config.Env}} {{.Mounts}}'")).toBe(
        "{no 0} [] []\n",
      );
      expect(out(w, "docker inspect web -f '{{.State}}'")).toMatch(
        /^\{running true false false false false \d+ 0 {2}\S+Z 0001-01-01T00:00:00Z <nil>\}\n$/,
      );
      expect(out(w, "docker network inspect bridge -f '{{.IPAM.Config}}'")).toBe(
        "[{172.17.0.0/16  172.17.0.1 map[]}]\n",
      );
      expect(out(w, "docker inspect web -f '{{json .Config.Env}}'")).toBe("null\n");
      // index with a string on a nat.Port map fails on the typed struct: the CLI falls back to the raw JSON.
      expect(out(w, `docker inspect web -f '{{.Config.ExposedPorts}} {{index .NetworkSettings.Ports "80/tcp"}}'`)).toBe(
        "map[80/tcp:map[]] [map[HostIp:0.0.0.0 HostPort:2024] map[HostIp::: HostPort:2024]]\n",
      );
      expect(out(w, "docker inspect web -f '{{.NetworkSettings.Networks}}'")).toBe(`map[bridge:${GO_POINTER}]\n`);
      // A key a typed map lacks is Go's zero Value, not the raw map's error.
      expect(out(w, "docker inspect web -f '{{.NetworkSettings.Networks.nosuch.IPAddress}}'")).toBe("<no value>\n");
      expect(
        out(w, "docker image inspect nginx -f '{{.Config.ExposedPorts}} {{.Config.Entrypoint}} {{.RepoTags}}'"),
      ).toBe("map[80/tcp:{}] [] [nginx:latest]\n");
    });
  }
});
