import { createPrivateKey, sign as signWithNode, type KeyObject } from 'node:crypto';
import { X509Certificate } from '@peculiar/x509';
import { JPEG, PNG, type Asset } from '@trustnxt/c2pa-ts/asset';
import { CoseAlgorithmIdentifier, type Signer } from '@trustnxt/c2pa-ts/cose';
import { CBORBox, type IBox } from '@trustnxt/c2pa-ts/jumbf';
import {
  ActionAssertion,
  ActionType,
  Assertion,
  ClaimVersion,
  DataHashAssertion,
  DigitalSourceType,
  ManifestStore,
} from '@trustnxt/c2pa-ts/manifest';
import { BugError, StudioError } from '../errors/index.ts';
import { checkSigningCertificate, type SigningIdentity } from './certificates.ts';
import { installNodeDigests } from './c2paCrypto.ts';
import { DIGITAL_SOURCE_TYPE, USAGE_ASSERTION_LABEL, WATERMARK_ALGORITHM, type StampFormat } from './types.ts';

/** What the manifest states about one output. */
export interface ManifestFacts {
  usageId: string;
  twinId: string;
  licenceId: string;
  usageCode: string;
  /** The watermark payload in its printed form (formatPayload). */
  watermarkPayload: string;
  title: string;
}

export interface C2paSigner {
  /** Embeds a signed manifest into an encoded JPEG or PNG; every byte-changing step must come before this. */
  sign(bytes: Buffer, format: StampFormat, facts: ManifestFacts): Promise<Buffer>;
  readonly claimGenerator: string;
}

const C2PA_FORMATS = { jpeg: 'image/jpeg', png: 'image/png' } as const;
/** JUMBF content-type UUID of a CBOR assertion box ("cbor" + the ISO suffix). */
const CBOR_ASSERTION_UUID = Uint8Array.from(Buffer.from('63626f7200110010800000aa00389b71', 'hex'));

/** Formats c2pa-ts can embed a manifest into. WebP is not among them (c2pa-ts 0.9.4 has no WebP asset). */
export function c2paSupports(format: StampFormat): format is keyof typeof C2PA_FORMATS {
  return format in C2PA_FORMATS;
}

/** A plain CBOR assertion (c2pa-ts has classes only for the standard ones it reads). */
class CborAssertion extends Assertion {
  private readonly content: Record<string, unknown>;

  constructor(label: string, content: Record<string, unknown>) {
    super();
    this.label = label;
    this.uuid = CBOR_ASSERTION_UUID;
    this.content = content;
  }

  readContentFromJUMBF(): void {
    throw new StudioError('C2PA_UNSUPPORTED', 'CborAssertion is write-only');
  }

  generateJUMBFBoxForContent(): IBox {
    const box = new CBORBox();
    box.content = this.content;
    return box;
  }
}

/**
 * ES256 signer that returns the raw r‖s (IEEE P1363) signature COSE requires; c2pa-ts' own LocalSigner path
 * yields DER, which c2pa-rs rejects. Node signs on this thread (WebCrypto would hop to the thread pool).
 */
function createP1363Signer(identity: SigningIdentity): Signer {
  let key: KeyObject;
  try {
    key = createPrivateKey(identity.privateKeyPem);
  } catch (cause) {
    throw new StudioError(
      'SIGNING_KEY_INVALID',
      'Expected a PEM private key for the C2PA signing certificate but it could not be read',
      {},
      { cause },
    );
  }
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== 'ec' || curve !== 'prime256v1') {
    throw new StudioError(
      'SIGNING_KEY_INVALID',
      `Expected an ECDSA P-256 key for ES256 signing, got ${key.asymmetricKeyType ?? 'an unknown key type'}${curve ? ` on ${curve}` : ''}`,
      { keyType: key.asymmetricKeyType, curve },
    );
  }
  return {
    algorithm: CoseAlgorithmIdentifier.ES256,
    certificate: new X509Certificate(identity.certificatePem),
    chainCertificates: identity.chainPem.map((certPem) => new X509Certificate(certPem)),
    async sign(payload: Uint8Array): Promise<Uint8Array> {
      const signature = new Uint8Array(signWithNode('sha256', payload, { key, dsaEncoding: 'ieee-p1363' }));
      if (signature.length !== 64)
        throw new StudioError(
          'C2PA_SIGN_FAILED',
          `Expected a 64-byte P1363 ES256 signature, got ${signature.length} bytes`,
        );
      return signature;
    },
  };
}

function openAsset(bytes: Buffer, format: keyof typeof C2PA_FORMATS): Asset {
  const data = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'jpeg' && JPEG.canRead(data)) return new JPEG(data);
  if (format === 'png' && PNG.canRead(data)) return new PNG(data);
  throw new StudioError('C2PA_FORMAT_MISMATCH', `Expected ${format} bytes to sign but the data is not ${format}`, {
    format,
  });
}

export async function createC2paSigner(options: {
  identity: SigningIdentity;
  appVersion: string;
}): Promise<C2paSigner> {
  checkSigningCertificate(options.identity);
  installNodeDigests();
  const signer = createP1363Signer(options.identity);
  const claimGenerator = `Twin Studio/${options.appVersion}`;

  async function sign(bytes: Buffer, format: StampFormat, facts: ManifestFacts): Promise<Buffer> {
    if (!c2paSupports(format)) {
      throw new StudioError('C2PA_FORMAT_UNSUPPORTED', `Expected jpeg or png for a C2PA manifest, got ${format}`, {
        format,
      });
    }
    const asset = openAsset(bytes, format);
    const store = new ManifestStore();
    const manifest = store.createManifest({
      claimVersion: ClaimVersion.V2,
      assetFormat: C2PA_FORMATS[format],
      instanceID: `xmp:iid:${facts.usageId}`,
      defaultHashAlgorithm: 'SHA-256',
      signer,
    });
    if (!manifest.claim) throw new StudioError('C2PA_SIGN_FAILED', 'c2pa-ts created a manifest without a claim');
    manifest.claim.claimGeneratorName = 'Twin Studio';
    manifest.claim.claimGeneratorVersion = options.appVersion;
    manifest.claim.title = facts.title;

    const actions = new ActionAssertion();
    actions.actions = [
      {
        action: ActionType.C2paCreated,
        digitalSourceType: DigitalSourceType.CompositeWithTrainedAlgorithmicMedia,
        softwareAgent: { name: 'Twin Studio', version: options.appVersion },
      },
      {
        action: ActionType.C2paWatermarked,
        softwareAgent: { name: 'Twin Studio', version: options.appVersion },
        parameters: {
          description: `Invisible watermark ${WATERMARK_ALGORITHM} carrying usage code ${facts.usageCode}`,
        },
      },
    ];
    if (actions.actions[0]?.digitalSourceType !== DIGITAL_SOURCE_TYPE)
      throw new BugError('c2pa-ts and our digital source type constants disagree');
    manifest.addAssertion(actions);

    manifest.addAssertion(
      new CborAssertion('c2pa.soft-binding', {
        alg: WATERMARK_ALGORITHM,
        blocks: [{ scope: {}, value: facts.watermarkPayload }],
        pad: new Uint8Array(0),
        name: 'Twin Studio invisible watermark (usage id short form)',
      }),
    );
    manifest.addAssertion(
      new CborAssertion(USAGE_ASSERTION_LABEL, {
        usageId: facts.usageId,
        usageCode: facts.usageCode,
        twinId: facts.twinId,
        licenceId: facts.licenceId,
      }),
    );

    const dataHash = DataHashAssertion.create('SHA-256');
    manifest.addAssertion(dataHash);

    try {
      await asset.ensureManifestSpace(store.measureSize());
      await dataHash.updateWithAsset(asset);
      await manifest.sign(signer);
      await asset.writeManifestJUMBF(store.getBytes());
      // The signed file is the asset's own array (assembled when it made room for the manifest; the encoded bytes
      // are not used again): wrap it rather than copy it, a 5 MB copy per output.
      const signed = await asset.getDataRange();
      return Buffer.from(signed.buffer, signed.byteOffset, signed.byteLength);
    } catch (cause) {
      if (cause instanceof StudioError) throw cause;
      throw new StudioError(
        'C2PA_SIGN_FAILED',
        `Signing the ${format} C2PA manifest failed: ${(cause as Error).message}`,
        { format, usageId: facts.usageId },
        { cause },
      );
    }
  }

  return { sign, claimGenerator };
}
