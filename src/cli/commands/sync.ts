import { createStudioSync, enrolWorkspace, ledgerReceipts } from '../../app/sync.ts';
import { JSON_OPTION, report, stringFlag, WORKSPACE_OPTION, type Command } from '../command.ts';
import { usageError } from '../run.ts';
import { applyCaFlag, CA_OPTION } from '../tlsFiles.ts';
import { withStudio } from '../workspaceArg.ts';

export const enrol: Command = {
  words: ['enrol'],
  summary:
    "enrol this workspace's workstation with a rights registry using a one-time token; pins the registry key the token names",
  usage: 'enrol --registry URL --token T [--org ORG] [--ca FILE] [--workspace DIR] [--json]',
  options: {
    ...JSON_OPTION,
    ...CA_OPTION,
    ...WORKSPACE_OPTION,
    registry: { type: 'string' },
    token: { type: 'string' },
    org: { type: 'string' },
  },
  async run(ctx) {
    const registryUrl = stringFlag(ctx, 'registry');
    const token = stringFlag(ctx, 'token');
    if (!registryUrl || !token) throw usageError('--registry URL and --token T are required');
    const org = stringFlag(ctx, 'org');
    applyCaFlag(ctx);
    return withStudio(ctx, {}, async ({ ws, ledger }) => {
      const enrolment = await enrolWorkspace(ws, {
        registryUrl,
        token,
        receipts: ledgerReceipts(ledger),
        ...(org ? { orgId: org } : {}),
      });
      report(ctx, enrolment, () => [
        `enrolled workstation ${enrolment.workstationId} (org ${enrolment.orgId}) with ${enrolment.registryUrl}`,
        `  registry key ${enrolment.registryKeyId} pinned; run \`twin-studio sync --workspace ${ws.dir}\` to sync`,
      ]);
      return 0;
    });
  },
};

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export const sync: Command = {
  words: ['sync'],
  summary: 'sync once with the registry: pull licence changes and revocations, push usage records, check in',
  usage: 'sync [--ca FILE] [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION, ...CA_OPTION },
  async run(ctx) {
    applyCaFlag(ctx);
    return withStudio(ctx, {}, async (studio) => {
      const client = createStudioSync(studio);
      const result = await client.syncOnce();
      const status = client.status();
      report(
        ctx,
        {
          pushed: result.pushed,
          ackedSeq: result.ackedSeq,
          changes: result.changes,
          pending: status.pendingRecords,
          lastCheckInAt: status.lastCheckInAt,
          lease: result.lease,
        },
        () => [
          `synced with ${status.registryUrl}: ${plural(result.changes, 'change')} applied, ${plural(result.pushed, 'record')} pushed (acked through seq ${result.ackedSeq}), ${status.pendingRecords} pending`,
          `  checked in at ${result.lease.serverTime} (registry time)`,
        ],
      );
      return 0;
    });
  },
};
