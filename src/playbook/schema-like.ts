// What corectl asks of a zod schema a playbook hands it (a play's vars, a secrets file). Written as
// the two members corectl uses, not as z.ZodType: TypeScript checks a z.object(...) against
// z.ZodType member by member (every method, every generic), which cost a playbook's type check
// half a second for one `vars:` option. `_zod.output` is where zod itself keeps a schema's output
// type (z.output reads it), so the typed vars and secrets are exactly zod's.
import type { z } from 'zod';

export interface SchemaLike<Output = unknown> {
  readonly _zod: { readonly output: Output };
  safeParse(data: unknown): z.ZodSafeParseResult<unknown>;
}
