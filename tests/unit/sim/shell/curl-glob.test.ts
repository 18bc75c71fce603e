/**
 * curl's URL globber, held against what curl 7.88.1 printed for the same URLs
 * (`curl -s -o /dev/null -w '%{url}\n' URL` and the `curl: (3)` refusals).
 */
import { describe, expect, it } from "vitest";
import { expandGlobs, globError } from "../../../../src/sim/shell/commands/curl/url.ts";

describe("curl URL globs", () => {
  it("a backslash inside a set keeps the next character, whatever it is", () => {
    expect(expandGlobs("http://h/x{a\\,b,c}")).toEqual(["http://h/xa,b", "http://h/xc"]);
    expect(expandGlobs("http://h/x{a\\}b,c}")).toEqual(["http://h/xa}b", "http://h/xc"]);
    expect(expandGlobs("http://h/x{a\\{b,c}")).toEqual(["http://h/xa{b", "http://h/xc"]);
    expect(expandGlobs("http://h/x{a\\qb,c}")).toEqual(["http://h/xaqb", "http://h/xc"]);
  });

  it("empty alternatives are transfers too, and the first glob turns slowest", () => {
    expect(expandGlobs("http://h/x{a,,b}")).toEqual(["http://h/xa", "http://h/x", "http://h/xb"]);
    expect(expandGlobs("http://h/x[1-3:2]{p,q}")).toEqual([
      "http://h/x1p",
      "http://h/x1q",
      "http://h/x3p",
      "http://h/x3q",
    ]);
  });

  it("refuses as curl does, pointing at the same position", () => {
    expect(globError("file:///tmp/x{a,b\\}")).toEqual({ msg: "unmatched brace", pos: 14 });
    expect(globError("file:///tmp/x\\{a,b}")).toEqual({ msg: "unmatched close brace/bracket", pos: 19 });
    expect(globError("file:///tmp/x{}")).toEqual({ msg: "empty string within braces", pos: 15 });
    expect(globError("file:///tmp/x{a,b}}")).toEqual({ msg: "unmatched close brace/bracket", pos: 18 });
    expect(globError("file:///tmp/x[1-2\\]")).toEqual({ msg: "bad range", pos: 17 });
    expect(globError("file:///tmp/x{a\\}b,c}")).toBeUndefined();
    // Each set before the fault moves curl's caret one to the left; ranges do not.
    expect(globError("file:///tmp/x{a}{b}}")).toEqual({ msg: "unmatched close brace/bracket", pos: 18 });
    expect(globError("file:///tmp/x[1-2]}")).toEqual({ msg: "unmatched close brace/bracket", pos: 19 });
    expect(globError("file:///tmp/x{a}{")).toEqual({ msg: "unmatched brace", pos: 16 });
    expect(globError("file:///tmp/x{a}[1-2]{}")).toEqual({ msg: "empty string within braces", pos: 22 });
    expect(globError("file:///tmp/x[1-2][3-x]")).toEqual({ msg: "bad range", pos: 22 });
    expect(globError("file:///tmp/x{a}{b,[}")).toEqual({ msg: "nested brace", pos: 19 });
  });
});
