/**
 * daemon.json read as dockerd reads it, and `dockerd --validate` (oracle: am05 on both
 * engines): Go's JSON scanner's words, the keys 26 does not know, each field's type.
 */
import { describe, expect, it } from "vitest";
import { goJsonSyntaxError } from "../../../../src/sim/docker/daemon-json.ts";
import { createWorld, type EngineVersion, type World } from "../../../../src/sim/index.ts";
import { out, run } from "../lab.ts";

function validate(engine: EngineVersion, json: string): string {
  const w: World = run(createWorld(1, { engine }), `echo '${json}' > /etc/docker/daemon.json`);
  return out(w, "dockerd --validate --config-file /etc/docker/daemon.json").text;
}

const PREFIX = "unable to configure the Docker daemon with file /etc/docker/daemon.json: ";

describe("Go's JSON scanner", () => {
  it("names the first bad character and what it looked for", () => {
    expect(goJsonSyntaxError('{"a": true}')).toBeUndefined();
    expect(goJsonSyntaxError('{"a": true,}')).toBe("invalid character '}' looking for beginning of object key string");
    expect(goJsonSyntaxError('{"a": true "b": 1}')).toBe("invalid character '\"' after object key:value pair");
    expect(goJsonSyntaxError("{'a': 1}")).toBe("invalid character '\\'' looking for beginning of object key string");
    expect(goJsonSyntaxError('{"a": False}')).toBe("invalid character 'F' looking for beginning of value");
    expect(goJsonSyntaxError('{"a": tru}')).toBe("invalid character '}' in literal true (expecting 'e')");
    expect(goJsonSyntaxError('{"a" 1}')).toBe("invalid character '1' after object key");
    expect(goJsonSyntaxError('{"a": [1,]}')).toBe("invalid character ']' looking for beginning of value");
    expect(goJsonSyntaxError('{"a": 1.}')).toBe("invalid character '}' after decimal point in numeric literal");
    expect(goJsonSyntaxError('{"a": 1} x')).toBe("invalid character 'x' after top-level value");
    expect(goJsonSyntaxError('{"a": false')).toBe("unexpected end of JSON input");
  });
});

describe("dockerd --validate", () => {
  it("says configuration OK to what the engine knows, and why not to the rest, in each engine's words", () => {
    expect(validate("28", '{"allow-direct-routing": true}')).toBe("configuration OK\n");
    expect(validate("26", '{"allow-direct-routing": true}')).toBe(
      `${PREFIX}the following directives don't match any configuration option: allow-direct-routing\n`,
    );
    expect(validate("26", '{"userland-proxy": "no"}')).toBe(
      `${PREFIX}json: cannot unmarshal string into Go struct field Config.CommonConfig.BridgeConfig.userland-proxy of type bool\n`,
    );
    expect(validate("28", '{"iptables": "yes"}')).toBe(
      `${PREFIX}invalid JSON: json: cannot unmarshal string into Go struct field Config.iptables of type bool\n`,
    );
    expect(validate("28", '{"iptables": true,}')).toBe(
      `${PREFIX}invalid JSON: invalid character '}' looking for beginning of object key string\n`,
    );
    const w = createWorld(1);
    expect(out(w, "dockerd --validate --config-file /etc/docker/nope.json").text).toBe(
      "unable to configure the Docker daemon with file /etc/docker/nope.json: open /etc/docker/nope.json: no such file or directory\n",
    );
    expect(out(w, "dockerd --version").text).toBe("Docker version 26.1.5+dfsg1, build 411e817\n");
  });

  it("keeps a restarted daemon from starting when the file is not valid", () => {
    const w = run(createWorld(1, { engine: "28" }), `echo '{"iptables": false,}' > /etc/docker/daemon.json`);
    const r = out(w, "systemctl restart docker");
    expect(r.code).toBe(1);
    expect(out(r.world, "docker ps").code).toBe(1);
  });
});

describe("daemon.json's keys and types (oracle: cz08)", () => {
  it("refuses any key that is no dockerd flag, on both engines, and checks nested objects' keys", () => {
    for (const engine of ["26", "28"] as const) {
      expect(validate(engine, '{"bridge-ip": "192.168.100.1/24"}')).toBe(
        `${PREFIX}the following directives don't match any configuration option: bridge-ip\n`,
      );
      expect(validate(engine, '{"proxies": {"http-proxy": "http://p:3128"}, "log-opts": {"max-size": "1m"}}')).toBe(
        "configuration OK\n",
      );
      expect(validate(engine, '{"proxies": {"http-prox": "x"}}')).toContain("configuration option: http-prox\n");
      expect(validate(engine, '{"bip": "192.168.100.1", "dns": ["203.0.113.53"], "labels": ["a=b"]}')).toBe(
        "configuration OK\n",
      );
    }
  });

  it("wants a number for mtu, naming DefaultBridgeConfig's field on 26", () => {
    expect(validate("26", '{"mtu": "1400"}')).toBe(
      `${PREFIX}json: cannot unmarshal string into Go struct field Config.CommonConfig.BridgeConfig.DefaultBridgeConfig.mtu of type int\n`,
    );
    expect(validate("28", '{"mtu": "1400"}')).toBe(
      `${PREFIX}invalid JSON: json: cannot unmarshal string into Go struct field Config.mtu of type int\n`,
    );
    expect(validate("26", '{"mtu": 1400}')).toBe("configuration OK\n");
  });
});
