/** The edit script between two lists of lines: the longest common subsequence, as runs of deletions and insertions. */

/** A change: lines a[a0..a1) replaced by b[b0..b1) (either range may be empty). */
export interface Hunk {
  readonly a0: number;
  readonly a1: number;
  readonly b0: number;
  readonly b1: number;
}

/** Lines each side may have for the lab's diff (a dynamic-programming table of their product). */
export const MAX_LINES = 3000;

export function changes(a: readonly string[], b: readonly string[]): Hunk[] {
  // strip the common head and tail first: most diffs change little
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const A = a.slice(head, a.length - tail);
  const B = b.slice(head, b.length - tail);
  const n = A.length;
  const m = B.length;
  const L: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      L[i]![j] = A[i] === B[j] ? L[i + 1]![j + 1]! + 1 : Math.max(L[i + 1]![j]!, L[i]![j + 1]!);
  const out: Hunk[] = [];
  let i = 0;
  let j = 0;
  let start: [number, number] | undefined;
  const close = () => {
    if (start) out.push({ a0: start[0] + head, a1: i + head, b0: start[1] + head, b1: j + head });
    start = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && A[i] === B[j]) {
      close();
      i++;
      j++;
    } else {
      start ??= [i, j];
      if (j < m && (i >= n || L[i]![j + 1]! >= L[i + 1]![j]!)) j++;
      else i++;
    }
  }
  close();
  return out;
}
