// corectl's built-in modules (`corectl/modules`). Each is written only against `corectl/module`,
// exactly as a user's own module would be.
export { absent } from './absent.ts';
export { command, shell } from './command.ts';
export { directory } from './directory.ts';
export { file } from './file.ts';
export { hardlink } from './hardlink.ts';
export { touch } from './touch.ts';
export { symlink } from './symlink.ts';
export { stat } from './stat.ts';
export { slurp } from './slurp.ts';
export { fetch } from './fetch.ts';
export { waitFor } from './wait-for.ts';
export { assert } from './assert.ts';
export { debug } from './debug.ts';
export { sysctl } from './sysctl.ts';
export { systemd } from './systemd.ts';
export { template } from './template.ts';
export { user } from './user.ts';
export { authorizedKeys } from './authorized-keys.ts';
export { group } from './group.ts';
export { hostname } from './hostname.ts';
export { blockInFile } from './block-in-file.ts';
export { lineInFile } from './line-in-file.ts';
export { rpmOstree } from './rpm-ostree/index.ts';
export { reboot } from './reboot.ts';
export { zincati } from './zincati.ts';
export { podman } from './podman/index.ts';
export { x509 } from './x509/index.ts';
