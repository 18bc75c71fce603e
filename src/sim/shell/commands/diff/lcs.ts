/**
 * The edit script between two lists of lines, found as GNU diff finds it, since among
 * the many shortest scripts the one it prints is what a learner compares against:
 * lines the other file lacks set aside first, Myers' search from both ends for the
 * middle of a shortest script, then every run of changes slid down as far as equal
 * lines allow (or merged with its neighbour).
 */

/** A change: lines a[a0..a1) replaced by b[b0..b1) (either range may be empty). */
export interface Hunk {
  readonly a0: number;
  readonly a1: number;
  readonly b0: number;
  readonly b1: number;
}

/** Lines each side may have for the lab's diff. */
export const MAX_LINES = 3000;

/** Changed flags with a zero on either side of the lines, as the slide reads one past each end. */
class Flags {
  private readonly bits: Uint8Array;
  constructor(readonly length: number) {
    this.bits = new Uint8Array(length + 2);
  }
  get(i: number): boolean {
    return this.bits[i + 1] === 1;
  }
  set(i: number, on: boolean): void {
    this.bits[i + 1] = on ? 1 : 0;
  }
}

/** The search over the kept lines: x and y are their class numbers, real maps back to the file's lines. */
interface Search {
  readonly xv: Int32Array;
  readonly yv: Int32Array;
  readonly xreal: Int32Array;
  readonly yreal: Int32Array;
  readonly xflags: Flags;
  readonly yflags: Flags;
  /** Furthest x reached on each diagonal, forward and backward, indexed from `off`. */
  readonly fd: Int32Array;
  readonly bd: Int32Array;
  readonly off: number;
}

/** The point where a forward and a backward shortest path meet in [xoff,xlim)×[yoff,ylim). */
function middle(s: Search, xoff: number, xlim: number, yoff: number, ylim: number): [number, number] {
  const { xv, yv, fd, bd, off } = s;
  const dmin = xoff - ylim;
  const dmax = xlim - yoff;
  const fmid = xoff - yoff;
  const bmid = xlim - ylim;
  let fmin = fmid;
  let fmax = fmid;
  let bmin = bmid;
  let bmax = bmid;
  // Which search can meet the other first depends on the parity of the corner's diagonal.
  const odd = ((fmid - bmid) & 1) !== 0;
  const far = 0x7fffffff;
  fd[off + fmid] = xoff;
  bd[off + bmid] = xlim;
  // Each round widens both searches by one edit; they meet within (n+m)/2 rounds.
  for (let c = 1; c <= xlim - xoff + ylim - yoff + 1; c++) {
    if (fmin > dmin) fd[off + --fmin - 1] = -1;
    else fmin++;
    if (fmax < dmax) fd[off + ++fmax + 1] = -1;
    else fmax--;
    for (let d = fmax; d >= fmin; d -= 2) {
      const lo = fd[off + d - 1]!;
      const hi = fd[off + d + 1]!;
      let x = lo >= hi ? lo + 1 : hi;
      let y = x - d;
      while (x < xlim && y < ylim && xv[x] === yv[y]) {
        x++;
        y++;
      }
      fd[off + d] = x;
      if (odd && bmin <= d && d <= bmax && bd[off + d]! <= x) return [x, y];
    }
    if (bmin > dmin) bd[off + --bmin - 1] = far;
    else bmin++;
    if (bmax < dmax) bd[off + ++bmax + 1] = far;
    else bmax--;
    for (let d = bmax; d >= bmin; d -= 2) {
      const lo = bd[off + d - 1]!;
      const hi = bd[off + d + 1]!;
      let x = lo < hi ? lo : hi - 1;
      let y = x - d;
      while (x > xoff && y > yoff && xv[x - 1] === yv[y - 1]) {
        x--;
        y--;
      }
      bd[off + d] = x;
      if (!odd && fmin <= d && d <= fmax && x <= fd[off + d]!) return [x, y];
    }
  }
  return [xoff, yoff];
}

/** Marks the lines of a shortest script between the two ranges, halving at the middle point. */
function compare(s: Search, xoff: number, xlim: number, yoff: number, ylim: number, depth: number): void {
  while (xoff < xlim && yoff < ylim && s.xv[xoff] === s.yv[yoff]) {
    xoff++;
    yoff++;
  }
  while (xlim > xoff && ylim > yoff && s.xv[xlim - 1] === s.yv[ylim - 1]) {
    xlim--;
    ylim--;
  }
  if (xoff === xlim) for (let y = yoff; y < ylim; y++) s.yflags.set(s.yreal[y]!, true);
  else if (yoff === ylim) for (let x = xoff; x < xlim; x++) s.xflags.set(s.xreal[x]!, true);
  else if (depth > 64) {
    // Not reached on the lab's sizes (each halving at least splits off one edit); a bound all the same.
    for (let x = xoff; x < xlim; x++) s.xflags.set(s.xreal[x]!, true);
    for (let y = yoff; y < ylim; y++) s.yflags.set(s.yreal[y]!, true);
  } else {
    const [xm, ym] = middle(s, xoff, xlim, yoff, ylim);
    compare(s, xoff, xm, yoff, ym, depth + 1);
    compare(s, xm, xlim, ym, ylim, depth + 1);
  }
}

/**
 * Slides each run of changed lines in one file: up while the line above equals its last
 * line (joining runs above), then down while its first equals the line below (joining
 * runs below); a run that joined nothing ends as low as it can go, one that did settles
 * at the lowest point where it still faces a change in the other file.
 */
function slide(changed: Flags, other: Flags, eq: Int32Array): void {
  const end = changed.length;
  let i = 0;
  let j = 0;
  for (let guard = 0; guard <= end; guard++) {
    while (i < end && !changed.get(i)) {
      while (other.get(j++));
      i++;
    }
    if (i === end) return;
    let start = i;
    while (changed.get(++i));
    while (other.get(j)) j++;
    let corresponding = end;
    for (let runlength = -1; runlength !== i - start;) {
      runlength = i - start;
      while (start > 0 && eq[start - 1] === eq[i - 1]) {
        changed.set(--start, true);
        changed.set(--i, false);
        while (changed.get(start - 1)) start--;
        while (other.get(--j));
      }
      corresponding = other.get(j - 1) ? i : end;
      while (i !== end && eq[start] === eq[i]) {
        changed.set(start++, false);
        changed.set(i++, true);
        while (changed.get(i)) i++;
        while (other.get(++j)) corresponding = i;
      }
    }
    while (corresponding < i) {
      changed.set(--start, true);
      changed.set(--i, false);
      while (other.get(--j));
    }
  }
}

export function changes(a: readonly string[], b: readonly string[]): Hunk[] {
  // Equal heads and tails are set aside before anything else, as diff's reading of the files does.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const A = a.slice(head, a.length - tail);
  const B = b.slice(head, b.length - tail);
  const classes = new Map<string, number>();
  const classOf = (line: string) => {
    let c = classes.get(line);
    if (c === undefined) classes.set(line, (c = classes.size));
    return c;
  };
  const ea = Int32Array.from(A, classOf);
  const eb = Int32Array.from(B, classOf);
  const count = (e: Int32Array) => {
    const n = new Int32Array(classes.size);
    for (const c of e) n[c]!++;
    return n;
  };
  const inA = count(ea);
  const inB = count(eb);
  const xflags = new Flags(A.length);
  const yflags = new Flags(B.length);
  // A line the other file lacks can only be a change: it is marked now and kept out of the search.
  const keep = (e: Int32Array, other: Int32Array, flags: Flags): [Int32Array, Int32Array] => {
    const vals: number[] = [];
    const real: number[] = [];
    e.forEach((c, i) => {
      if (other[c] === 0) flags.set(i, true);
      else {
        vals.push(c);
        real.push(i);
      }
    });
    return [Int32Array.from(vals), Int32Array.from(real)];
  };
  const [xv, xreal] = keep(ea, inB, xflags);
  const [yv, yreal] = keep(eb, inA, yflags);
  const size = xv.length + yv.length + 3;
  const search: Search = {
    xv,
    yv,
    xreal,
    yreal,
    xflags,
    yflags,
    fd: new Int32Array(size),
    bd: new Int32Array(size),
    off: yv.length + 1,
  };
  compare(search, 0, xv.length, 0, yv.length, 0);
  slide(xflags, yflags, ea);
  slide(yflags, xflags, eb);
  const out: Hunk[] = [];
  let i = 0;
  let j = 0;
  while (i < A.length || j < B.length) {
    if (xflags.get(i) || yflags.get(j)) {
      const i0 = i;
      const j0 = j;
      while (xflags.get(i)) i++;
      while (yflags.get(j)) j++;
      out.push({ a0: i0 + head, a1: i + head, b0: j0 + head, b1: j + head });
    } else {
      i++;
      j++;
    }
  }
  return out;
}
