import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  buildXmp,
  DATA_MINING_PROHIBITED,
  DIGITAL_SOURCE_TYPE,
  readXmp,
  type StampFormat,
} from '../../src/provenance/index.ts';
import { usageFacts } from '../helpers/provenanceFixtures.ts';

const usage = usageFacts({ displayName: 'Ana <Silva> & "Co"', licensor: "O'Brien & Partners <Agency>" });
const createdAt = new Date('2026-11-23T09:30:00.000Z');
const xmp = buildXmp({
  usage,
  disclosure: `AI-generated · digital twin of ${usage.displayName}`,
  appVersion: '0.1.0',
  createdAt,
  watermarkPayload: 'e5f6a1b2c3d4',
});

function exiftool(file: string): Record<string, unknown> {
  // exiftool is the independent reader (Debian: libimage-exiftool-perl); -n keeps raw values, not print conversions.
  const out = execFileSync('exiftool', ['-j', '-G1', '-struct', '-n', file], { encoding: 'utf8' });
  return (JSON.parse(out) as Record<string, unknown>[])[0] ?? {};
}

describe('XMP provenance', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xmp-'));

  for (const format of ['jpeg', 'png', 'webp'] as StampFormat[]) {
    it(`is written into ${format} by sharp and read back by exiftool and by readXmp`, async () => {
      const bytes = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#807060' } })
        [format]()
        .withXmp(xmp)
        .toBuffer();
      const file = join(dir, `out.${format}`);
      writeFileSync(file, bytes);
      const tags = exiftool(file);
      expect(tags['XMP-iptcExt:DigitalSourceType']).toBe(
        'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
      );
      expect(tags['XMP-iptcExt:AISystemUsed']).toBe('Twin Studio');
      expect(String(tags['XMP-iptcExt:AISystemVersionUsed'])).toBe('0.1.0');
      expect(tags['XMP-xmp:CreatorTool']).toBe('Twin Studio 0.1.0');
      expect(String(tags['XMP-xmp:CreateDate'])).toMatch(/^2026:11:23 09:30:00/);
      expect(tags['XMP-xmpMM:DocumentID']).toBe(usage.usageId);
      expect(tags['XMP-dc:Description']).toBe('AI-generated · digital twin of Ana <Silva> & "Co"');
      expect(tags['XMP-xmpRights:Marked']).toBe(true);
      expect(String(tags['XMP-xmpRights:UsageTerms'])).toContain(usage.licenceId);
      expect(tags['XMP-plus:Licensor']).toEqual([{ LicensorName: "O'Brien & Partners <Agency>" }]);
      expect(tags['XMP-plus:ModelReleaseID']).toEqual([usage.consentId]);
      expect(tags['XMP-plus:DataMining']).toBe('http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING');
      expect(tags['XMP-twin:TwinId']).toBe(usage.twinId);
      expect(tags['XMP-twin:LicenceId']).toBe(usage.licenceId);
      expect(tags['XMP-twin:UsageId']).toBe(usage.usageId);
      expect(tags['XMP-twin:UsageCode']).toBe(usage.code);
      expect(tags['XMP-twin:Models']).toEqual(usage.modelIds.map((m) => ({ ModelId: m.id, Sha256: m.sha256 })));

      const ours = await readXmp(bytes);
      expect(ours).toMatchObject({
        digitalSourceType: DIGITAL_SOURCE_TYPE,
        documentId: usage.usageId,
        usageId: usage.usageId,
        usageCode: usage.code,
        twinId: usage.twinId,
        licenceId: usage.licenceId,
        consentId: usage.consentId,
        modelReleaseId: usage.consentId,
        licensor: "O'Brien & Partners <Agency>",
        dataMining: DATA_MINING_PROHIBITED,
        marked: true,
        createDate: createdAt.toISOString(),
        watermarkPayload: 'e5f6a1b2c3d4',
        models: usage.modelIds,
      });
      expect(ours?.description).toBe('AI-generated · digital twin of Ana <Silva> & "Co"');
    });
  }

  it('escapes markup so a hostile value cannot add or close elements', () => {
    const hostile = buildXmp({
      usage: usageFacts({ twinId: '"/><evil x="1', displayName: '</rdf:li>' }),
      disclosure: '</rdf:Alt><x>',
      appVersion: '0.1.0',
      createdAt,
    });
    expect(hostile).not.toContain('<evil');
    expect(hostile).not.toContain('</rdf:Alt><x>');
    expect(hostile).toContain('&quot;/&gt;&lt;evil x=&quot;1');
  });

  it('reads nothing from an image without XMP', async () => {
    const plain = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    expect(await readXmp(plain)).toBeUndefined();
  });
});
