/**
 * jq 1.6 on the host: what the u01 fixture cannot hold (bounds, files, options), held to
 * the words jq printed on the oracle's host.
 */
import { describe, expect, it } from "vitest";
import { terminal } from "./terminal.ts";

/** A shell whose output is no terminal, as the oracle's transcripts are. */
const PIPED = { machine: "host", noTty: true } as const;

describe("jq", () => {
  it("pretty-prints with two spaces, -c compacts, -r prints strings raw, -S sorts keys", () => {
    const { out } = terminal([
      `echo '{"b":[1,{"c":null}],"a":"x"}' | jq .`,
      `echo '{"b":[1,{"c":null}],"a":"x"}' | jq -c .`,
      `echo '{"b":2,"a":1}' | jq -S -c .`,
      `echo '{"a":"x"}' | jq -r .a`,
    ]);
    expect(out[0]).toBe('{\n  "b": [\n    1,\n    {\n      "c": null\n    }\n  ],\n  "a": "x"\n}\n');
    expect(out[1]).toBe('{"b":[1,{"c":null}],"a":"x"}\n');
    expect(out[2]).toBe('{"a":1,"b":2}\n');
    expect(out[3]).toBe("x\n");
  });

  it("reads docker inspect's JSON: fields, iteration, select, map, to_entries, interpolation, //", () => {
    const { out } = terminal([
      "docker run -d -p 2024:80 --name web nginx",
      "docker inspect web | jq -r '.[0].NetworkSettings.Networks.bridge.IPAddress'",
      `docker inspect web | jq -c '.[0].NetworkSettings.Networks | to_entries[] | {net: .key, ip: .value.IPAddress}'`,
      `docker inspect web | jq -r '.[0] | "\\(.Name) \\(.State.Status)"'`,
      `docker inspect web | jq '.[0].Nope // "none"'`,
      `docker inspect web | jq -c '[.[] | select(.State.Running) | .Name] | map(ltrimstr("/"))'`,
    ]);
    expect(out[1]).toBe("172.17.0.2\n");
    expect(out[2]).toBe('{"net":"bridge","ip":"172.17.0.2"}\n');
    expect(out[3]).toBe("/web running\n");
    expect(out[4]).toBe('"none"\n');
    expect(out[5]).toBe('["web"]\n');
  });

  it("numbers print as jq 1.6's dtoa does", () => {
    const { out } = terminal([`jq -n -c '[1/3, 1e3, 1e17, 1e-5, 100000000000000000000, 3.0, -0, 0.1+0.2]'`]);
    expect(out[0]).toBe("[0.3333333333333333,1000,1e+17,1e-05,1e+20,3,-0,0.30000000000000004]\n");
  });

  it("reports runtime errors at the input line, with exit 5, and goes on with the next input", () => {
    const line = `printf '{"a":1}\\n[1]\\n' | jq '.a'; echo $?`;
    // On a terminal stdio flushes each line; into a pipe or a transcript (the oracle's), stdout
    // leaves at exit, after what jq said on stderr.
    expect(terminal([line]).out[0]).toBe('1\njq: error (at <stdin>:2): Cannot index array with string "a"\n5\n');
    expect(terminal([line], { start: PIPED }).out[0]).toBe(
      'jq: error (at <stdin>:2): Cannot index array with string "a"\n1\n5\n',
    );
  });

  it("refuses a program it cannot compile with exit 3, pointing where jq points", () => {
    const { out } = terminal(["jq -n '.a.'; echo $?", "jq -n 'nosuch(1)'; echo $?"]);
    expect(out[0]).toBe(
      "jq: error: syntax error, unexpected $end, expecting FORMAT or QQSTRING_START (Unix shell quoting issues?) at <top-level>, line 1:\n.a.  \njq: 1 compile error\n3\n",
    );
    expect(out[1]).toBe(
      "jq: error: nosuch/1 is not defined at <top-level>, line 1:\nnosuch(1)\njq: 1 compile error\n3\n",
    );
  });

  it("stops at bad JSON with exit 4, after the values before it", () => {
    const { out } = terminal([`echo '{"a":1} xx' | jq -c .; echo $?`], { start: PIPED });
    expect(out[0]).toBe('parse error: Invalid numeric literal at line 2, column 0\n{"a":1}\n4\n');
  });

  it("reads files and says which one it cannot open (exit 2)", () => {
    const { out } = terminal([`echo '{"x":[1,2]}' > /root/j.json`, "jq -c '.x | add' /root/j.json /nosuch; echo $?"]);
    expect(out[1]).toBe("jq: error: Could not open file /nosuch: No such file or directory\n3\n2\n");
  });

  it("assigns and deletes by path: |=, =, +=, del", () => {
    const { out } = terminal([
      `jq -n -c '{"a":{"x":1},"b":[1,2,3]} | .a.x |= . + 1 | .b[0] = 9 | .c += 5 | del(.b[1])'`,
    ]);
    expect(out[0]).toBe('{"a":{"x":2},"b":[9,3],"c":5}\n');
  });

  it("bounds every program: endless recursion, endless generators and huge ranges end with an error", () => {
    const { out } = terminal([
      "jq -n 'def f: f; f'; echo $?",
      "jq -n '[range(1e9)] | length'; echo $?",
      "jq -n -c '[limit(3; repeat(1))]'",
    ]);
    expect(out[0]).toMatch(/^jq: error: \[lab: .*\]\n5\n$/);
    expect(out[1]).toMatch(/^jq: error: \[lab: .*\]\n5\n$/);
    // repeat(f) emits its input first, as builtin.jq defines it.
    expect(out[2]).toBe("[null,1,1]\n");
  });

  it("is on the Debian machines only: the nginx image has no jq", () => {
    const { out } = terminal(["docker run -d --name web nginx", "web$ jq .", "internet$ command -v jq"]);
    expect(out[1]).toBe("bash: jq: command not found\n");
    expect(out[2]).toBe("/usr/bin/jq\n");
  });
});
