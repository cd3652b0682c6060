// How Butane (Go's yaml.v3) reads plain scalars: YAML 1.2's null and booleans (so `yes` stays a
// string), and integers as Go's strconv.ParseInt with base 0 reads them — `0644` is the octal 420,
// as every Butane example's `mode: 0644` means, where YAML 1.2 alone would read 644.
import type { ParseOptions, ScalarTag, SchemaOptions } from 'yaml';

const INT = /^[-+]?(?:0[bB][01_]+|0[oO][0-7_]+|0[xX][0-9a-fA-F_]+|0[0-7_]*|[1-9][0-9_]*)$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$/;

function goInt(text: string): number {
  const plain = text.replaceAll('_', '');
  const negative = plain.startsWith('-');
  const digits = plain.replace(/^[-+]/, '');
  const prefix = digits.slice(0, 2).toLowerCase();
  const value = prefix === '0b' ? parseInt(digits.slice(2), 2)
    : prefix === '0o' ? parseInt(digits.slice(2), 8)
    : prefix === '0x' ? parseInt(digits.slice(2), 16)
    : digits.length > 1 && digits.startsWith('0') ? parseInt(digits.slice(1), 8)
    : Number(digits);
  return negative ? -value : value;
}

const tags: ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:null', default: true, test: /^(?:~|null|Null|NULL|)$/, resolve: () => null },
  { tag: 'tag:yaml.org,2002:bool', default: true, test: /^(?:true|True|TRUE|false|False|FALSE)$/, resolve: (text) => /^true$/i.test(text) },
  { tag: 'tag:yaml.org,2002:int', default: true, test: INT, resolve: goInt },
  {
    tag: 'tag:yaml.org,2002:float', default: true, test: FLOAT,
    resolve: (text) => (/inf$/i.test(text) ? (text.startsWith('-') ? -Infinity : Infinity) : /nan$/i.test(text) ? NaN : Number(text)),
  },
];

export const butaneYamlOptions: ParseOptions & SchemaOptions = { schema: 'failsafe', customTags: tags };
