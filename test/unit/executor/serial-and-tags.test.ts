import { describe, expect, it } from 'vitest';
import { splitBatches } from '../../../src/executor/serial-batches.ts';
import { selectedByTags } from '../../../src/executor/tag-filter.ts';

const hosts = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8', 'h9', 'h10'];

describe('serial batches', () => {
  it.each([
    [undefined, [10]],
    [1, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]],
    [4, [4, 4, 2]],
    ['30%', [3, 3, 3, 1]],
    ['5%', [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]],
    [[1, '50%'], [1, 5, 4]],
  ] as const)('serial %j gives batch sizes %j', (serial, sizes) => {
    const batches = splitBatches(hosts, serial as never);
    expect(batches.map((b) => b.length)).toEqual(sizes);
    expect(batches.flat()).toEqual(hosts);
  });

  it('refuses a serial it cannot read', () => {
    expect(() => splitBatches(hosts, 'half')).toThrow(/percentage/);
  });
});

describe('tags', () => {
  it('selects by --tags and --skip-tags as Ansible does', () => {
    expect(selectedByTags(['ntp'], {})).toBe(true);
    expect(selectedByTags(['ntp'], { tags: ['ntp'] })).toBe(true);
    expect(selectedByTags([], { tags: ['ntp'] })).toBe(false);
    expect(selectedByTags(['always'], { tags: ['ntp'] })).toBe(true);
    expect(selectedByTags(['always'], { tags: ['ntp'], skipTags: ['always'] })).toBe(false);
    expect(selectedByTags(['ntp', 'slow'], { skipTags: ['slow'] })).toBe(false);
    expect(selectedByTags(['never'], {})).toBe(false);
    expect(selectedByTags(['never', 'debug'], { tags: ['debug'] })).toBe(true);
  });
});
