// Counts in words, so no line reads "1 hosts".

/** "1 host", "3 hosts". */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
