// How Ansible's YAML loader (PyYAML, YAML 1.1) reads plain scalars in inventories and vars files:
// `yes`/`no`/`on`/`off` are booleans (but not `y`/`n`), `0755` is the octal 493, `1:30` is 90,
// `1e3` is a string (a float needs a dot, and an exponent needs its sign), `012345678` a string.
// The `yaml` package's own 1.1 schema differs in exactly those places, so these are PyYAML's
// resolver rules, written as the package's tags.
import type { ParseOptions, SchemaOptions, ScalarTag } from 'yaml';
import { decryptVault, VaultError, type VaultSecret } from '../secrets/ansible-vault.ts';

const NULL = /^(?:~|null|Null|NULL|)$/;
const BOOL = /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/;
const INT = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT = /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;

/** Base-60 digits (`1:30:05`) as PyYAML adds them up. */
function sexagesimal(text: string): number {
  return text.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
}

function signed(text: string, read: (unsigned: string) => number): number {
  const negative = text.startsWith('-');
  const value = read(text.replace(/^[-+]/, ''));
  return negative ? -value : value;
}

const tags: ScalarTag[] = [
  { tag: 'tag:yaml.org,2002:null', default: true, test: NULL, resolve: () => null },
  { tag: 'tag:yaml.org,2002:bool', default: true, test: BOOL, resolve: (text) => /^(?:yes|true|on)$/i.test(text) },
  {
    tag: 'tag:yaml.org,2002:int', default: true, test: INT,
    resolve: (text) => signed(text.replaceAll('_', ''), (digits) => {
      if (digits === '0') return 0;
      if (digits.startsWith('0b')) return parseInt(digits.slice(2), 2);
      if (digits.startsWith('0x')) return parseInt(digits.slice(2), 16);
      if (digits.includes(':')) return sexagesimal(digits);
      if (digits.startsWith('0')) return parseInt(digits, 8);
      return Number(digits);
    }),
  },
  {
    tag: 'tag:yaml.org,2002:float', default: true, test: FLOAT,
    resolve: (text) => signed(text.replaceAll('_', '').toLowerCase(), (digits) => {
      if (digits === '.inf') return Infinity;
      if (digits === '.nan') return NaN;
      if (digits.includes(':')) return sexagesimal(digits);
      return Number(digits);
    }),
  },
];

/**
 * Options for `parseDocument` that read scalars as Ansible does, with its two tags: `!unsafe` (a
 * string never templated) and `!vault` (an inline Ansible Vault value, opened with `vault`).
 */
export function ansibleYamlOptions(vault: { secrets: readonly VaultSecret[]; file: string }): ParseOptions & SchemaOptions {
  const vaultTag: ScalarTag = {
    tag: '!vault',
    resolve: (text, onError) => {
      try {
        return decryptVault(text, vault.secrets, vault.file);
      } catch (error) {
        if (!(error instanceof VaultError)) throw error;
        onError(error.message);
        return '';
      }
    },
  };
  const unsafeTag: ScalarTag = { tag: '!unsafe', resolve: (text) => text };
  return { schema: 'failsafe', customTags: [...tags, vaultTag, unsafeTag], merge: true };
}
