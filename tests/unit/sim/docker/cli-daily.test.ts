/**
 * The docker CLI a learner types daily (bb-* scenarios), held to what the oracle showed:
 * logs --since, inspect -s and the object kinds inspect looks through.
 */
import { describe, expect, it } from "vitest";
import { createWorld } from "../../../../src/sim/world.ts";
import { out, run } from "../lab.ts";

const web = () =>
  run(createWorld(7), "docker run -d -p 2024:80 --name web nginx", "curl -s -o /dev/null localhost:2024");

describe("docker logs --since", () => {
  it("keeps the lines written at or after it: a duration back from now, a date, Unix seconds", () => {
    const w = web();
    expect(out(w, "docker logs --since 1h web").stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(out(w, "docker logs --since 2000-01-01T00:00:00Z web").stdout).toContain("GET / ");
    expect(out(w, "docker logs --since 1000000000 web").stdout).toContain("GET / ");
    expect(out(w, "docker logs --since 2099-01-01 web").stdout).toBe("");
  });

  it("refuses what is neither time nor duration", () => {
    const r = out(web(), "docker logs --since bogus web");
    expect(r.stderr).toBe('invalid value for "since": failed to parse value as time or duration: "bogus"\n');
    expect(r.code).toBe(1);
  });
});

describe("docker inspect", () => {
  it("adds SizeRw and SizeRootFs only with -s; without it the pointers are nil", () => {
    const w = web();
    expect(out(w, "docker inspect -s -f '{{.SizeRw}} {{if .SizeRootFs}}sized{{end}}' web").stdout).toBe("2 sized\n");
    expect(out(w, "docker inspect -f '{{.SizeRw}}' web").stdout).toBe("<nil>\n");
    const json = out(w, "docker inspect --size web").stdout;
    expect(json.indexOf('"SizeRw": 2')).toBeGreaterThan(json.indexOf('"GraphDriver"'));
    expect(json.indexOf('"SizeRootFs"')).toBeLessThan(json.indexOf('"Mounts"'));
    expect(out(w, "docker inspect web").stdout).not.toContain("SizeRw");
  });

  it("finds volumes last, and answers --type volume and plugin as the daemon does", () => {
    const w = run(web(), "docker volume create v1");
    expect(out(w, "docker inspect -f '{{.Name}} {{.Driver}}' v1").stdout).toBe("v1 local\n");
    const vol = out(w, "docker inspect --type volume web");
    expect([vol.stdout, vol.stderr, vol.code]).toEqual([
      "[]\n",
      "Error response from daemon: get web: no such volume\n",
      1,
    ]);
    const plugin = out(w, "docker inspect --type plugin web");
    expect(plugin.stderr).toBe('Error response from daemon: plugin "web" not found\n');
    expect(out(w, "docker inspect --type bogus web").stderr).toBe('"bogus" is not a valid value for --type\n');
  });
});
