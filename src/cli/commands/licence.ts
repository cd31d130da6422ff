import { readKeyPairFile } from '../../crypto/index.ts';
import { StudioError } from '../../errors/index.ts';
import {
  DEFAULT_PROOF_TERMS,
  licenceSchema,
  proofFee,
  proofTermsOf,
  signAsRegistry,
  verifyLicence,
  type Licence,
} from '../../licences/index.ts';
import { verifyPack, type PackManifest } from '../../twins/index.ts';
import { parseWith } from '../../validation.ts';
import { writeJsonAtomic } from '../../workspace/index.ts';
import {
  JSON_OPTION,
  listFlag,
  report,
  stringFlag,
  WORKSPACE_OPTION,
  type Command,
  type CommandContext,
  type OptionSpec,
} from '../command.ts';
import { readJsonArg } from '../jsonFile.ts';
import { flagError, usageError } from '../run.ts';
import { withStudio } from '../workspaceArg.ts';

function intFlag(ctx: CommandContext, name: string): number | undefined {
  const value = stringFlag(ctx, name);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw flagError(`--${name}`, 'a whole number', value);
  return n;
}

/** The licence-term flags `licence issue` and `registry licence issue` share. */
export const LICENCE_TERM_OPTIONS = {
  pack: { type: 'string' },
  id: { type: 'string' },
  org: { type: 'string' },
  'org-name': { type: 'string' },
  brand: { type: 'string' },
  'product-lines': { type: 'string' },
  channels: { type: 'string' },
  territories: { type: 'string' },
  categories: { type: 'string' },
  from: { type: 'string' },
  until: { type: 'string' },
  'lease-hours': { type: 'string' },
  'max-images': { type: 'string' },
  fee: { type: 'string' },
  currency: { type: 'string' },
  label: { type: 'string' },
  'proofs-per-day': { type: 'string' },
  'proofs-billed': { type: 'boolean' },
  'proof-fee': { type: 'string' },
  out: { type: 'string' },
} as const satisfies OptionSpec;

/** Proof terms from --proofs-per-day, --proofs-billed and --proof-fee; none given: the licence names none (default). */
function proofTermsFromFlags(ctx: CommandContext) {
  const perDay = intFlag(ctx, 'proofs-per-day');
  const billed = ctx.flags['proofs-billed'] === true;
  const perProof = intFlag(ctx, 'proof-fee');
  if (perDay === undefined && !billed && perProof === undefined) return {};
  return {
    proofs: {
      perDay: perDay ?? DEFAULT_PROOF_TERMS.perDay,
      billed: billed || perProof !== undefined,
      ...(perProof !== undefined ? { perProof } : {}),
    },
  };
}

/** An unsigned licence from the term flags; the schema check happens after signing. */
export function licenceDraftFromFlags(ctx: CommandContext, manifest: PackManifest) {
  const categories = listFlag(ctx, 'categories');
  return {
    format: 'licence/1',
    licenceId: stringFlag(ctx, 'id'),
    twinId: manifest.twinId,
    consentId: manifest.consent.consentId,
    licensee: {
      orgId: stringFlag(ctx, 'org'),
      name: stringFlag(ctx, 'org-name'),
      brand: stringFlag(ctx, 'brand'),
      productLines: listFlag(ctx, 'product-lines'),
    },
    channels: listFlag(ctx, 'channels'),
    territories: listFlag(ctx, 'territories'),
    ...(categories ? { garmentCategories: categories } : {}),
    validFrom: stringFlag(ctx, 'from'),
    validUntil: stringFlag(ctx, 'until'),
    leaseHours: intFlag(ctx, 'lease-hours') ?? 72,
    maxImages: intFlag(ctx, 'max-images'),
    fee: { perImage: intFlag(ctx, 'fee'), currency: stringFlag(ctx, 'currency') },
    ...proofTermsFromFlags(ctx),
    label: {
      text: stringFlag(ctx, 'label') ?? `AI-generated · digital twin of ${manifest.displayName}`,
      requiredProvenance: ['visible-label', 'xmp', 'c2pa', 'watermark'],
    },
    issuedAt: ctx.io.now().toISOString(),
  };
}

export function describeLicence(l: Licence): string[] {
  return [
    `licence ${l.licenceId} for twin ${l.twinId} (consent ${l.consentId}), licensee ${l.licensee.name}`,
    `  ${l.channels.join(', ')} in ${l.territories.join(', ')}, ${l.validFrom} → ${l.validUntil}, up to ${l.maxImages} images at ${l.fee.perImage} ${l.fee.currency} minor units each`,
    `  proofs: ${proofTermsOf(l).perDay} a day, ${proofTermsOf(l).billed ? `billed ${proofFee(l).amount} ${l.fee.currency} minor units each` : 'unbilled'}${l.proofs ? '' : ' (default)'}`,
  ];
}

export const licenceIssue: Command = {
  words: ['licence', 'issue'],
  summary: "issue a licence signed with the registry key (refused when it would widen the pack's consent)",
  usage:
    'licence issue --key REGISTRY_KEY.json --pack PACK --id ID --org ORG --org-name NAME --brand BRAND --product-lines L,… --channels C,… --territories T,… --from ISO --until ISO --max-images N --fee N --currency CUR [--lease-hours 72] [--categories G,…] [--label TEXT] [--proofs-per-day N] [--proofs-billed] [--proof-fee N] --out FILE [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION, ...LICENCE_TERM_OPTIONS, key: { type: 'string' } },
  async run(ctx) {
    const keyFile = stringFlag(ctx, 'key');
    const packPath = stringFlag(ctx, 'pack');
    const out = stringFlag(ctx, 'out');
    if (!keyFile || !packPath || !out) throw usageError('--key, --pack and --out are required');
    const registryKey = readKeyPairFile(keyFile);
    return withStudio(ctx, { nearPath: packPath }, async ({ ws }) => {
      const trust = ws.trust.store();
      const pack = await verifyPack(packPath, trust);
      const { manifest } = pack;
      const draft = licenceDraftFromFlags(ctx, manifest);
      const signed = signAsRegistry(draft, registryKey);
      parseWith(licenceSchema, signed, 'LICENCE_INVALID', 'The licence to issue');
      if (!trust.registryKey(registryKey.keyId)) {
        throw new StudioError(
          'LICENCE_SIGNER_UNKNOWN',
          `Registry key ${registryKey.keyId} is not pinned in workspace ${ws.dir}; a licence it signs would be refused`,
          { registryKeyId: registryKey.keyId },
        );
      }
      const licence = verifyLicence(signed, manifest, trust);
      writeJsonAtomic(out, licence);
      report(ctx, { licenceId: licence.licenceId, file: out, licence }, () => [
        ...describeLicence(licence),
        `  written to ${out}`,
      ]);
      return 0;
    });
  },
};

export const licenceVerify: Command = {
  words: ['licence', 'verify'],
  summary: "verify a licence's registry signature and that it stays inside the pack's consent",
  usage: 'licence verify LICENCE --pack PACK [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION, pack: { type: 'string' } },
  async run(ctx) {
    const [file] = ctx.args;
    const packPath = stringFlag(ctx, 'pack');
    if (!file || !packPath) throw usageError('a licence file and --pack PACK are required');
    return withStudio(ctx, { nearPath: packPath }, async ({ ws }) => {
      const trust = ws.trust.store();
      const pack = await verifyPack(packPath, trust);
      const licence = verifyLicence(readJsonArg(file, 'LICENCE_INVALID', 'licence'), pack.manifest, trust);
      report(ctx, { ok: true, licence }, () => [
        ...describeLicence(licence),
        '  signature verified; inside its consent',
      ]);
      return 0;
    });
  },
};

export const licenceImport: Command = {
  words: ['licence', 'import'],
  summary: 'verify a licence and add it to the workspace',
  usage: 'licence import LICENCE [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION },
  async run(ctx) {
    const [file] = ctx.args;
    if (!file) throw usageError('a licence file is required');
    return withStudio(ctx, {}, async ({ ws }) => {
      const licence = await ws.licences.import(readJsonArg(file, 'LICENCE_INVALID', 'licence'));
      report(ctx, licence, () => describeLicence(licence));
      return 0;
    });
  },
};

export const revocationImport: Command = {
  words: ['licence', 'revocation', 'import'],
  summary: 'add a registry-signed revocation to the workspace (sync does this for you)',
  usage: 'licence revocation import FILE [--workspace DIR] [--json]',
  options: { ...JSON_OPTION, ...WORKSPACE_OPTION },
  async run(ctx) {
    const [file] = ctx.args;
    if (!file) throw usageError('a revocation file is required');
    return withStudio(ctx, {}, async ({ ws }) => {
      const revocation = ws.licences.addRevocation(readJsonArg(file, 'REVOCATION_INVALID', 'revocation'));
      report(ctx, revocation, () => [
        `licence ${revocation.licenceId} revoked on ${revocation.revokedAt}: ${revocation.reason}`,
      ]);
      return 0;
    });
  },
};
