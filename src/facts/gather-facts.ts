// Gathers one host's facts: the probe script in one round trip, parsed into typed Facts.
import type { HostConnection } from '../connection/host-connection.ts';
import type { Facts } from './facts-schema.ts';
import { parseFacts } from './parse-facts.ts';
import { PROBE_SCRIPT } from './probe-script.ts';

export async function gatherFacts(connection: HostConnection, timeoutMs?: number): Promise<Facts> {
  return parseFacts((await connection.exec(PROBE_SCRIPT, { timeoutMs })).stdout);
}
