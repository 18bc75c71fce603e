/**
 * chmod's MODE: octal (`640`) or symbolic clauses (`u+x`, `go-r,a=rw`, `+x`),
 * applied to the current permission bits. undefined for a mode chmod refuses.
 */
const WHO: Readonly<Record<string, number>> = { u: 0o4700, g: 0o2070, o: 0o1007, a: 0o7777 };

export function parseMode(text: string, current: number, umask = 0o022): number | undefined {
  if (/^[0-7]{1,4}$/.test(text)) return parseInt(text, 8);
  if (text === "") return undefined;
  let mode = current & 0o7777;
  for (const clause of text.split(",")) {
    const m = /^([ugoa]*)((?:[-+=][rwxXst]*)+)$/.exec(clause);
    if (!m) return undefined;
    const who = m[1]!;
    const mask = who === "" ? 0o7777 : [...who].reduce((acc, c) => acc | WHO[c]!, 0);
    for (const op of m[2]!.match(/[-+=][rwxXst]*/g) ?? []) {
      let bits = 0;
      for (const p of op.slice(1)) {
        if (p === "r") bits |= 0o444;
        if (p === "w") bits |= 0o222;
        if (p === "x" || (p === "X" && (current & 0o40000 || mode & 0o111))) bits |= 0o111;
        if (p === "s") bits |= 0o6000;
        if (p === "t") bits |= 0o1000;
      }
      // With no "who", the umask keeps its bits out of + and =, as chmod(1) says.
      const eff = who === "" ? bits & ~umask : bits & mask;
      if (op[0] === "+") mode |= eff;
      else if (op[0] === "-") mode &= ~(who === "" ? bits : bits & mask);
      else mode = (mode & ~mask) | eff;
    }
  }
  return mode & 0o7777;
}

/** `rw-r-----` for 0o640 (setuid, setgid and sticky shown in the x places). */
export function modeString(mode: number): string {
  const rwx = (v: number, special: boolean, ch: string) =>
    (v & 4 ? "r" : "-") + (v & 2 ? "w" : "-") + (special ? (v & 1 ? ch : ch.toUpperCase()) : v & 1 ? "x" : "-");
  return (
    rwx((mode >> 6) & 7, !!(mode & 0o4000), "s") +
    rwx((mode >> 3) & 7, !!(mode & 0o2000), "s") +
    rwx(mode & 7, !!(mode & 0o1000), "t")
  );
}
