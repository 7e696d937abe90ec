/** Line diff for the merchant's preview (live → snapshot), with context lines around each change. */

export interface DiffLine {
  op: " " | "-" | "+";
  text: string;
}

/** A gap of unchanged lines left out of the preview. */
export interface DiffGap {
  op: "…";
  skipped: number;
}

/** Cells of the LCS table beyond which a preview is not computed (memory bound). */
const MAX_CELLS = 4_000_000;

/** Lines removed (`-`, only live) and added (`+`, only snapshot); null when too large to preview. */
export function lineDiff(before: string, after: string, context = 3): (DiffLine | DiffGap)[] | null {
  const a = before.split("\n");
  const b = after.split("\n");
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  if ((n + 1) * (m + 1) > MAX_CELLS) return null;
  // lcs[i][j] = LCS length of a[start+i..endA) and b[start+j..endB), flattened.
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * width + j] = a[start + i] === b[start + j] ? lcs[(i + 1) * width + j + 1] + 1 : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const lines: DiffLine[] = a.slice(0, start).map((text) => ({ op: " ", text }));
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[start + i] === b[start + j]) {
      lines.push({ op: " ", text: a[start + i] });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i * width + j + 1] >= lcs[(i + 1) * width + j])) {
      lines.push({ op: "+", text: b[start + j] });
      j++;
    } else {
      lines.push({ op: "-", text: a[start + i] });
      i++;
    }
  }
  for (const text of a.slice(endA)) lines.push({ op: " ", text });
  return withContext(lines, context);
}

function withContext(lines: DiffLine[], context: number): (DiffLine | DiffGap)[] {
  const keep = new Uint8Array(lines.length);
  lines.forEach((line, index) => {
    if (line.op === " ") return;
    for (let k = Math.max(0, index - context); k <= Math.min(lines.length - 1, index + context); k++) keep[k] = 1;
  });
  const out: (DiffLine | DiffGap)[] = [];
  let skipped = 0;
  lines.forEach((line, index) => {
    if (keep[index]) {
      if (skipped) out.push({ op: "…", skipped });
      skipped = 0;
      out.push(line);
    } else skipped++;
  });
  if (skipped) out.push({ op: "…", skipped });
  return out;
}
