// The options uri and getUrl share: the URL, the headers and basic-auth credentials, checked the
// same way, and when they make a task sensitive.
import { z } from 'zod';

export const httpUrlSchema = z.string().regex(/^https?:\/\/[^\s]+$/i, 'must be an http:// or https:// URL without whitespace');

/** Request headers: names as HTTP has them, values on one line (no header can be smuggled in). */
export const headersSchema = z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a header name'), z.string().refine((v) => !/[\r\n\0]/.test(v), 'must be one line')).default({});

export const urlUsernameSchema = z.string().refine((u) => !/[:\0\n]/.test(u), 'must not contain ":" or a newline');
export const urlPasswordSchema = z.string().refine((p) => !p.includes('\0'), 'must not contain NUL');

/** Header names that carry credentials. */
const SECRET_HEADER = /authorization|cookie|token|secret|api-?key|password/i;

/** A password, or a header that carries credentials, makes the task sensitive (no output shown). */
export const carriesSecrets = (o: { urlPassword?: string; headers: Record<string, string> }) => o.urlPassword !== undefined || Object.keys(o.headers).some((name) => SECRET_HEADER.test(name));

/** The URL without the user:password@ a URL may hold, for what is shown or kept. */
export const withoutCredentials = (url: string) => url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
