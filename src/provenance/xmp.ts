import sharp from 'sharp';
import { DIGITAL_SOURCE_TYPE, TWIN_NAMESPACE, type ModelRef, type UsageFacts } from './types.ts';

/** PLUS "Data Mining" value: the controlled-vocabulary URI for DMI-PROHIBITED-AIMLTRAINING. */
export const DATA_MINING_PROHIBITED = 'http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING';
export const AI_SYSTEM_NAME = 'Twin Studio';

const NS = {
  x: 'adobe:ns:meta/',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  Iptc4xmpExt: 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  xmpMM: 'http://ns.adobe.com/xap/1.0/mm/',
  dc: 'http://purl.org/dc/elements/1.1/',
  xmpRights: 'http://ns.adobe.com/xap/1.0/rights/',
  plus: 'http://ns.useplus.org/ldf/xmp/1.0/',
  twin: TWIN_NAMESPACE,
} as const;

export interface XmpInput {
  usage: UsageFacts;
  /** The disclosure sentence as printed on the badge. */
  disclosure: string;
  appVersion: string;
  createdAt: Date;
  /** Printed form of the invisible watermark payload. */
  watermarkPayload?: string;
  usageTerms?: string;
  /** Where the badge is, whether the proof mark is under it, and the foreground mask it was placed by (foreground.ts). */
  label?: { corner: string; proofMark: boolean; foreground?: string };
}

/** What a file's XMP says, as read back (fields absent from the packet are undefined). */
export interface XmpFields {
  digitalSourceType?: string;
  aiSystemUsed?: string;
  aiSystemVersionUsed?: string;
  creatorTool?: string;
  createDate?: string;
  documentId?: string;
  description?: string;
  marked?: boolean;
  usageTerms?: string;
  licensor?: string;
  modelReleaseId?: string;
  dataMining?: string;
  twinId?: string;
  licenceId?: string;
  usageId?: string;
  usageCode?: string;
  consentId?: string;
  watermarkPayload?: string;
  labelCorner?: string;
  proofMark?: boolean;
  foreground?: string;
  models: ModelRef[];
}

export function escapeXml(value: string): string {
  // Control characters other than tab/newline are not allowed in XML 1.0 at all: drop them.
  return value
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function unescapeXml(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replace(/&amp;/g, '&');
}

function alt(name: string, value: string): string {
  return `   <${name}><rdf:Alt><rdf:li xml:lang="x-default">${escapeXml(value)}</rdf:li></rdf:Alt></${name}>\n`;
}

/** The XMP packet every output carries (IPTC 2023.2 AI fields, PLUS licensing, and the twin: namespace). */
export function buildXmp(input: XmpInput): string {
  const { usage } = input;
  const attr = (name: string, value: string) => `\n    ${name}="${escapeXml(value)}"`;
  const terms =
    input.usageTerms ??
    `Synthetic image of the licensed digital twin of ${usage.displayName}, licence ${usage.licenceId}. Use only within that licence. No AI or machine-learning training.`;
  const models = usage.modelIds
    .map(
      (m) =>
        `     <rdf:li rdf:parseType="Resource"><twin:modelId>${escapeXml(m.id)}</twin:modelId><twin:sha256>${escapeXml(m.sha256)}</twin:sha256></rdf:li>\n`,
    )
    .join('');
  const namespaces = Object.entries(NS)
    .filter(([prefix]) => prefix !== 'x' && prefix !== 'rdf')
    .map(([prefix, uri]) => `\n    xmlns:${prefix}="${uri}"`)
    .join('');
  return (
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n` +
    `<x:xmpmeta xmlns:x="${NS.x}">\n <rdf:RDF xmlns:rdf="${NS.rdf}">\n  <rdf:Description rdf:about=""${namespaces}` +
    attr('Iptc4xmpExt:DigitalSourceType', DIGITAL_SOURCE_TYPE) +
    attr('Iptc4xmpExt:AISystemUsed', AI_SYSTEM_NAME) +
    attr('Iptc4xmpExt:AISystemVersionUsed', input.appVersion) +
    attr('xmp:CreatorTool', `${AI_SYSTEM_NAME} ${input.appVersion}`) +
    attr('xmp:CreateDate', input.createdAt.toISOString()) +
    attr('xmpMM:DocumentID', usage.usageId) +
    attr('xmpRights:Marked', 'True') +
    attr('plus:DataMining', DATA_MINING_PROHIBITED) +
    attr('twin:twinId', usage.twinId) +
    attr('twin:licenceId', usage.licenceId) +
    attr('twin:usageId', usage.usageId) +
    attr('twin:usageCode', usage.code) +
    attr('twin:consentId', usage.consentId) +
    (input.watermarkPayload ? attr('twin:watermarkPayload', input.watermarkPayload) : '') +
    (input.label
      ? attr('twin:labelCorner', input.label.corner) + attr('twin:proofMark', input.label.proofMark ? 'True' : 'False')
      : '') +
    (input.label?.foreground ? attr('twin:foreground', input.label.foreground) : '') +
    `>\n` +
    alt('dc:description', input.disclosure) +
    alt('xmpRights:UsageTerms', terms) +
    `   <plus:Licensor><rdf:Seq><rdf:li rdf:parseType="Resource"><plus:LicensorName>${escapeXml(usage.licensor)}</plus:LicensorName></rdf:li></rdf:Seq></plus:Licensor>\n` +
    `   <plus:ModelReleaseID><rdf:Bag><rdf:li>${escapeXml(usage.consentId)}</rdf:li></rdf:Bag></plus:ModelReleaseID>\n` +
    `   <twin:models><rdf:Bag>\n${models}   </rdf:Bag></twin:models>\n` +
    `  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>`
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Reads one property written either as an attribute or as an element (first rdf:li of an Alt/Seq/Bag). */
function property(xml: string, name: string): string | undefined {
  const n = escapeRegExp(name);
  const asAttribute = new RegExp(`\\s${n}="([^"]*)"`).exec(xml) ?? new RegExp(`\\s${n}='([^']*)'`).exec(xml);
  if (asAttribute?.[1] !== undefined) return unescapeXml(asAttribute[1]);
  const element = new RegExp(`<${n}(?:\\s[^>]*)?>([\\s\\S]*?)</${n}>`).exec(xml);
  if (!element?.[1]) return undefined;
  const inner = element[1];
  const li = /<rdf:li(?:\s[^>]*)?>([\s\S]*?)<\/rdf:li>/.exec(inner);
  const text = (li?.[1] ?? inner).replace(/<[^>]+>/g, '').trim();
  return unescapeXml(text);
}

/**
 * Parses the packet this module writes. It is a reader for our own prefixes, not a general RDF parser:
 * a file whose XMP another tool rewrote with different prefixes reads as missing fields (exiftool is the
 * independent reader the tests use).
 */
export function parseXmp(xml: string): XmpFields {
  const marked = property(xml, 'xmpRights:Marked');
  const proofMark = property(xml, 'twin:proofMark');
  const modelsBlock = /<twin:models>([\s\S]*?)<\/twin:models>/.exec(xml)?.[1] ?? '';
  const models = [
    ...modelsBlock.matchAll(/<twin:modelId>([\s\S]*?)<\/twin:modelId>\s*<twin:sha256>([\s\S]*?)<\/twin:sha256>/g),
  ].map((m) => ({
    id: unescapeXml(m[1] ?? ''),
    sha256: unescapeXml(m[2] ?? ''),
  }));
  return {
    digitalSourceType: property(xml, 'Iptc4xmpExt:DigitalSourceType'),
    aiSystemUsed: property(xml, 'Iptc4xmpExt:AISystemUsed'),
    aiSystemVersionUsed: property(xml, 'Iptc4xmpExt:AISystemVersionUsed'),
    creatorTool: property(xml, 'xmp:CreatorTool'),
    createDate: property(xml, 'xmp:CreateDate'),
    documentId: property(xml, 'xmpMM:DocumentID'),
    description: property(xml, 'dc:description'),
    marked: marked === undefined ? undefined : marked.toLowerCase() === 'true',
    usageTerms: property(xml, 'xmpRights:UsageTerms'),
    licensor: property(xml, 'plus:LicensorName'),
    modelReleaseId: property(xml, 'plus:ModelReleaseID'),
    dataMining: property(xml, 'plus:DataMining'),
    twinId: property(xml, 'twin:twinId'),
    licenceId: property(xml, 'twin:licenceId'),
    usageId: property(xml, 'twin:usageId'),
    usageCode: property(xml, 'twin:usageCode'),
    consentId: property(xml, 'twin:consentId'),
    watermarkPayload: property(xml, 'twin:watermarkPayload'),
    labelCorner: property(xml, 'twin:labelCorner'),
    proofMark: proofMark === undefined ? undefined : proofMark.toLowerCase() === 'true',
    foreground: property(xml, 'twin:foreground'),
    models,
  };
}

/** The XMP of an encoded image, or undefined when it has none. */
export async function readXmp(bytes: Buffer): Promise<XmpFields | undefined> {
  const meta = await sharp(bytes).metadata();
  if (!meta.xmp) return undefined;
  return parseXmp(meta.xmp.toString('utf8'));
}
