import path from 'node:path';
import { readKeyPairFile } from '../../crypto/index.ts';
import { checkAndSignPackFolder, verifyPack, zipPackFolder } from '../../twins/index.ts';
import { JSON_OPTION, report, stringFlag, WORKSPACE_OPTION, type Command } from '../command.ts';
import { usageError } from '../run.ts';
import { withStudio } from '../workspaceArg.ts';

export const twinPack: Command = {
  words: ['twin', 'pack'],
  summary: "check a twin pack folder as `twin verify` will, sign it with the owner's key, optionally zip it",
  usage: 'twin pack DIR --key OWNER_KEY.json [--zip OUT.twinpack] [--json]',
  options: { ...JSON_OPTION, key: { type: 'string' }, zip: { type: 'string' } },
  async run(ctx) {
    const [dir] = ctx.args;
    const keyFile = stringFlag(ctx, 'key');
    if (!dir || !keyFile) throw usageError('a pack folder and --key OWNER_KEY.json are required');
    const manifest = await checkAndSignPackFolder(dir, readKeyPairFile(keyFile));
    const zip = stringFlag(ctx, 'zip');
    if (zip) zipPackFolder(dir, zip);
    report(
      ctx,
      {
        twinId: manifest.twinId,
        files: Object.keys(manifest.files).length,
        ownerKeyId: manifest.ownerKeyId,
        zip: zip ? path.resolve(zip) : null,
      },
      () => [
        `signed twin pack ${manifest.twinId}: ${Object.keys(manifest.files).length} files, owner key ${manifest.ownerKeyId}${zip ? `, zipped to ${zip}` : ''}`,
      ],
    );
    return 0;
  },
};

export const twinVerify: Command = {
  words: ['twin', 'verify'],
  summary: "verify a twin pack (folder or .twinpack) against the workspace's trusted owner keys",
  usage: 'twin verify PACK [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION },
  async run(ctx) {
    const [pack] = ctx.args;
    if (!pack) throw usageError('a pack path is required');
    return withStudio(ctx, { nearPath: pack }, async ({ ws }) => {
      const verified = await verifyPack(pack, ws.trust.store());
      const { manifest } = verified;
      report(
        ctx,
        {
          ok: true,
          twinId: manifest.twinId,
          displayName: manifest.displayName,
          owner: verified.owner,
          consentId: manifest.consent.consentId,
          consentValidUntil: manifest.consent.validUntil,
          poses: verified.poses.map((p) => p.poseId),
          files: Object.keys(manifest.files).length,
          manifestSha256: verified.manifestSha256,
        },
        () => [
          `twin pack ${manifest.twinId} verified: ${manifest.displayName}, signed by ${verified.owner.name} (${verified.owner.agency}), key ${verified.owner.keyId}`,
          `  consent ${manifest.consent.consentId} valid ${manifest.consent.validFrom} → ${manifest.consent.validUntil}`,
          `  ${verified.poses.length} poses (${verified.poses.map((p) => p.poseId).join(', ')}), ${Object.keys(manifest.files).length} files, every hash checked`,
        ],
      );
      return 0;
    });
  },
};

export const twinImport: Command = {
  words: ['twin', 'import'],
  summary: 'verify a twin pack and add it to the workspace',
  usage: 'twin import PACK [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION },
  async run(ctx) {
    const [pack] = ctx.args;
    if (!pack) throw usageError('a pack path is required');
    return withStudio(ctx, {}, async ({ ws }) => {
      const twin = await ws.twins.import(pack);
      report(ctx, twin, () => [`imported twin ${twin.twinId} (${twin.displayName})`]);
      return 0;
    });
  },
};
