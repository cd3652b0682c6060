// copyTree: a directory tree from the controller, as Ansible's copy with a directory as src: `src`
// with a trailing slash copies what the directory holds into `path`, without one the directory
// itself (path/NAME). Files are compared by hash and written atomically one by one (corectl_file);
// `mode` is the files', `directoryMode` the directories' (those of the source, and every one made).
// Nothing under `path` that the source lacks is touched unless `delete` is given.
import { readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import {
  absolutePathSchema, contentHash, defineModule, ignitionFile, ignitionMode, ignitionOwner, modeSchema, moduleOptions, ownerSchema, shellScript,
  type IgnitionRendering,
} from 'corectl/module';
import script from './copy-tree.sh';

const schema = moduleOptions(
  'copyTree',
  {
    /** The directory on the host the tree goes in. @example '/etc/app' */
    path: absolutePathSchema,
    /** A directory on the controller: with a trailing slash what it holds goes in `path`, without one the directory itself. @example 'files/app/' */
    src: z.string().min(1),
    /** The files' mode; a new file gets 0644 unless given. @example '0640' */
    mode: modeSchema.optional(),
    /** The mode of the source's directories and of every directory made for them (Ansible's directory_mode). @example '0750' */
    directoryMode: modeSchema.optional(),
    owner: ownerSchema.optional(),
    group: ownerSchema.optional(),
    /** Keep a copy of each replaced file as PATH.PID.DATE@TIME~. */
    backup: z.boolean().default(false),
    /** Remove what is under the tree's top on the host and not in the source (Ansible's copy never does; synchronize's delete). */
    delete: z.boolean().default(false),
    /** The files are secrets: never shown in a diff. */
    sensitive: z.boolean().optional(),
  },
  {
    dest: '`path`', directory_mode: '`directoryMode`', local_follow: 'nothing: links in src are always followed',
    remote_src: 'file with remoteSrc, for one file (a directory on the host is not copied yet)', content: 'file, for one file',
    force: 'nothing: content is always replaced', validate: 'file, for one file to validate', follow: 'nothing: links on the host are replaced by files, as copy does',
  },
);

type Options = z.output<typeof schema>;

interface Tree {
  /** The tree's top on the host. */
  top: string;
  directories: string[];
  files: { rel: string; content: Buffer }[];
  /** Links that cannot be followed (to nothing, or to a directory they are in): copied as links. */
  links: { rel: string; target: string }[];
}

/**
 * The source as copy walks it: directories and files in name order, parents first, links followed;
 * a link that cannot be (it points to nothing, or to a directory it is in) is copied as a link.
 */
export function readTree(src: string, path: string): Tree {
  const root = resolve(src);
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`could not find src=${src}: copyTree copies a directory on the controller (file copies one file)`);
  const prefix = src.endsWith('/') ? '' : basename(root);
  const tree: Tree = { top: prefix ? join(path, prefix) : path, directories: [], files: [], links: [] };
  // A link is followed as Ansible's local_follow does; one it cannot follow stays a link.
  const walk = (dir: string, rel: string, ancestors: Set<string>) => {
    for (const name of readdirSync(dir).sort()) {
      const entryRel = rel ? `${rel}/${name}` : name;
      if (/[\n\t]/.test(name)) throw new Error(`src ${src}: ${JSON.stringify(entryRel)} has a newline or tab in its name, which copyTree does not copy`);
      const full = join(dir, name);
      const stats = followed(full);
      const real = stats?.isDirectory() ? realpathSync(full) : undefined;
      if (!stats || (real && ancestors.has(real))) {
        const target = readlinkSync(full);
        if (/[\n\t]/.test(target)) throw new Error(`src ${src}: the link ${entryRel} points to a name with a newline or tab, which copyTree does not copy`);
        tree.links.push({ rel: entryRel, target });
      } else if (real) {
        tree.directories.push(entryRel);
        walk(full, entryRel, new Set([...ancestors, real]));
      } else if (stats.isFile()) tree.files.push({ rel: entryRel, content: readFileSync(full) });
      else throw new Error(`src ${src}: ${entryRel} is neither a file nor a directory`);
    }
  };
  walk(root, '', new Set([realpathSync(root)]));
  return tree;
}

/** What a source entry is, links followed; undefined for a link that leads nowhere (or in a loop). */
function followed(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') return undefined;
    throw error;
  }
}

function manifest(tree: Tree): string {
  const entries = [...tree.directories.map((d) => `d ${d}`), ...tree.files.map((f) => `f ${contentHash(f.content)} ${f.content.length} ${f.rel}`), ...tree.links.map((l) => `l ${l.rel}\t${l.target}`)];
  // The top is made only for something to go in it (an empty source changes nothing, as in Ansible);
  // directories come parents first, then the files in the order their contents follow, then links.
  return (entries.length ? ['t', ...entries] : []).join('\n');
}

function ignitionTree(o: Options): IgnitionRendering {
  if (o.delete) return { leftToRun: 'delete removes what the host has and the source lacks, which Ignition cannot know' };
  const tree = readTree(o.src, o.path);
  if (!tree.directories.length && !tree.files.length && !tree.links.length) return {};
  const user = ignitionOwner(o.owner);
  const group = ignitionOwner(o.group);
  const owned = { ...(user && { user }), ...(group && { group }) };
  const directories = [tree.top, ...tree.directories.map((d) => join(tree.top, d))].map((path) => ({ path, mode: ignitionMode(o.directoryMode, 0o755), ...owned }));
  const files = tree.files.flatMap((f) => ignitionFile(join(tree.top, f.rel), f.content, o).storage?.files ?? []);
  const links = tree.links.map((l) => ({ path: join(tree.top, l.rel), target: l.target, overwrite: true }));
  return { storage: { directories, files, links } };
}

/**
 * A directory tree from the controller.
 *
 * @example copyTree({ path: '/etc/app', src: 'files/app/', mode: '0640', directoryMode: '0750' })
 * @example copyTree({ path: '/etc/containers/systemd', src: 'files/quadlets/', delete: true })
 */
export const copyTree = defineModule({
  name: 'copyTree',
  ansible: 'ansible.builtin.copy (src a directory)',
  schema,
  describe: (o) => `${o.path} from ${o.src}`,
  remote: (o, env) => {
    const tree = readTree(o.src, o.path);
    if (o.delete && tree.top === '/') throw new Error('delete under / is refused: give a path of its own');
    return {
      script: shellScript(script, tree.top, manifest(tree), o.mode ?? '', o.directoryMode ?? '', o.owner ?? '', o.group ?? '', env.diff && !o.sensitive, o.backup, o.delete),
      stdin: Buffer.concat(tree.files.map((f) => f.content)),
      lazyStdin: true,
    };
  },
  sensitive: (o) => !!o.sensitive,
  ignition: ignitionTree,
});
