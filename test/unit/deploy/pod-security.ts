// Pod Security Standards, "restricted" profile (with "baseline", which it includes), as the
// Kubernetes documentation lists its controls: what a namespace labelled
// pod-security.kubernetes.io/enforce=restricted admits. Only the controls a CronJob's pod can break.
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';

const ALLOWED_VOLUMES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];
const SECCOMP = ['RuntimeDefault', 'Localhost'];

export function restrictedViolations(pod: IPodSpec): string[] {
  const problems: string[] = [];
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) problems.push('host namespaces are not allowed');
  const containers = [...(pod.initContainers ?? []), ...pod.containers];
  for (const container of containers) {
    const context = container.securityContext ?? {};
    const name = `container ${container.name}`;
    if (context.privileged) problems.push(`${name}: privileged is not allowed`);
    if (context.allowPrivilegeEscalation !== false) problems.push(`${name}: allowPrivilegeEscalation must be false`);
    if (!context.capabilities?.drop?.includes('ALL')) problems.push(`${name}: capabilities.drop must include ALL`);
    const added = (context.capabilities?.add ?? []).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) problems.push(`${name}: capabilities.add may only hold NET_BIND_SERVICE`);
    if ((context.runAsNonRoot ?? pod.securityContext?.runAsNonRoot) !== true) problems.push(`${name}: runAsNonRoot must be true`);
    if ((context.runAsUser ?? pod.securityContext?.runAsUser) === 0) problems.push(`${name}: runAsUser must not be 0`);
    const seccomp = context.seccompProfile?.type ?? pod.securityContext?.seccompProfile?.type;
    if (!seccomp || !SECCOMP.includes(seccomp)) problems.push(`seccompProfile RuntimeDefault or Localhost must be set on the pod or ${name}`);
    if ((container.ports ?? []).some((port) => port.hostPort)) problems.push(`${name}: hostPort is not allowed`);
  }
  for (const volume of pod.volumes ?? []) {
    const kinds = Object.keys(volume).filter((key) => key !== 'name');
    for (const kind of kinds) if (!ALLOWED_VOLUMES.includes(kind)) problems.push(`volume ${volume.name}: ${kind} volumes are not allowed`);
  }
  return problems;
}
