export const ROOT: string;
export const CLI_ENTRY: string;
export function engineIsFresh(): boolean;
export function buildEngine(): Promise<void>;
export function ensureEngine(): Promise<void>;
