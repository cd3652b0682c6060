// Lifetimes written the way people say them: '90d', '12h', '1y'.
import { z } from 'zod';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000, y: 365 * 86_400_000 } as const;

export const durationSchema = z
  .string()
  .regex(/^\d+[mhdwy]$/, 'a duration such as 90d, 12h, 30m, 2w or 1y')
  .transform((text) => Number(text.slice(0, -1)) * UNIT_MS[text.at(-1) as keyof typeof UNIT_MS]);

export function formatDuration(ms: number): string {
  const days = ms / UNIT_MS.d;
  if (days >= 1) return `${Math.round(days * 10) / 10} days`;
  return `${Math.round((ms / UNIT_MS.h) * 10) / 10} hours`;
}
