// Every container and network the harness creates carries these labels, so the
// project's own reaper can find what a run left behind (Ryuk cannot be pulled here).
export const LABEL_HARNESS = 'accept-harness';
export const LABEL_RUN = 'accept-harness.run';
export const LABEL_PID = 'accept-harness.pid';
export const LABEL_ROLE = 'accept-harness.role';

export function runLabels(runId: string, role: string): Record<string, string> {
  return { [LABEL_HARNESS]: 'true', [LABEL_RUN]: runId, [LABEL_PID]: String(process.pid), [LABEL_ROLE]: role };
}
