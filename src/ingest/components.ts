/** 4-connected components of the set pixels of a w × h mask: a label per pixel (0 = unset) and each label's size. */
export function labelComponents(mask: Uint8Array, w: number, h: number): { label: Int32Array; sizes: number[] } {
  const n = w * h;
  const label = new Int32Array(n);
  const sizes = [0];
  const queue = new Int32Array(n);
  for (let seed = 0; seed < n; seed++) {
    if (!mask[seed] || label[seed]) continue;
    const id = sizes.length;
    let head = 0;
    let tail = 0;
    queue[tail++] = seed;
    label[seed] = id;
    while (head < tail) {
      const p = queue[head++]!;
      const x = p % w;
      if (x > 0 && mask[p - 1] && !label[p - 1]) ((label[p - 1] = id), (queue[tail++] = p - 1));
      if (x < w - 1 && mask[p + 1] && !label[p + 1]) ((label[p + 1] = id), (queue[tail++] = p + 1));
      if (p >= w && mask[p - w] && !label[p - w]) ((label[p - w] = id), (queue[tail++] = p - w));
      if (p + w < n && mask[p + w] && !label[p + w]) ((label[p + w] = id), (queue[tail++] = p + w));
    }
    sizes.push(tail);
  }
  return { label, sizes };
}
