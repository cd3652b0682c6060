// Rolling batches as in Ansible's `serial`: a count, a percentage of the play's hosts, or a list
// whose last size repeats ([1, '25%'] = one host first, then quarters).
export function splitBatches<T>(hosts: T[], serial: number | string | (number | string)[] | undefined): T[][] {
  if (serial === undefined || hosts.length === 0) return [hosts];
  const sizes = (Array.isArray(serial) ? serial : [serial]).map((s) => batchSize(s, hosts.length));
  const batches: T[][] = [];
  let start = 0;
  for (let i = 0; start < hosts.length; i++) {
    const size = sizes[Math.min(i, sizes.length - 1)]!;
    batches.push(hosts.slice(start, start + size));
    start += size;
  }
  return batches;
}

function batchSize(value: number | string, total: number): number {
  if (typeof value === 'number') return Math.max(1, Math.floor(value));
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(value.trim());
  if (!percent) throw new Error(`serial "${value}" must be a number or a percentage like "25%"`);
  return Math.max(1, Math.floor((Number(percent[1]) / 100) * total));
}
