import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCommand } from '../../src/cli/commands/export.ts';
import { ledgerVerify } from '../../src/cli/commands/ledger.ts';
import { outputsList } from '../../src/cli/commands/outputs.ts';
import { reviewApprove, reviewReject } from '../../src/cli/commands/review.ts';
import { saveRecipe, type ExportReport } from '../../src/export/index.ts';
import type { OutputEntry } from '../../src/outputs/index.ts';
import { inspectFile } from '../../src/provenance/index.ts';
import { cli } from '../helpers/cli.ts';
import { makeOutputsFixture, type OutputsFixture } from '../helpers/outputsFixture.ts';

const COMMANDS = [outputsList, reviewApprove, reviewReject, exportCommand, ledgerVerify];

describe('CLI: outputs, review, export', () => {
  let fx: OutputsFixture;
  let outputs: OutputEntry[];
  const run = (...argv: string[]) =>
    cli(COMMANDS, argv, { TWIN_STUDIO_HOME: fx.workspaceDir, TWIN_STUDIO_USER: 'cli-user' });

  beforeAll(async () => {
    fx = await makeOutputsFixture();
    outputs = [];
    for (const shotId of ['shot-a1', 'shot-a2', 'shot-b1'])
      outputs.push(await fx.render(shotId, { width: 400, height: 600 }));
  }, 60_000);
  afterAll(() => fx.cleanup());

  it('lists outputs with their usage id and state, and approves / rejects them', async () => {
    const listed = await run('outputs', 'list', '--json');
    expect(listed.code).toBe(0);
    const rows = listed.json<{ outputId: string; usageId: string; file: string; shotId: string; state: string }[]>();
    expect(rows.map((r) => r.outputId).sort()).toEqual(outputs.map((o) => o.outputId).sort());
    expect(rows.every((r) => r.usageId === r.outputId && r.state === 'generated' && existsSync(r.file))).toBe(true);

    const [a1, a2, b1] = outputs as [OutputEntry, OutputEntry, OutputEntry];
    const approved = await run('review', 'approve', a1.outputId, '--comment', 'sharp hem', '--by', 'rita', '--json');
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.json()).toMatchObject({
      outputId: a1.outputId,
      state: 'approved',
      by: 'rita',
      comment: 'sharp hem',
      recordId: expect.any(String),
    });
    // The 12-hex short id printed in the badge works too; the default reviewer is the signed-in user.
    const short = await run('review', 'approve', b1.outputId.slice(-12).toUpperCase());
    expect(short.stdout).toMatch(new RegExp(`^approved: ${b1.outputId} by cli-user`));
    expect((await run('review', 'reject', a2.outputId, '--comment', 'face drift')).code).toBe(0);
    expect((await run('review', 'approve', a1.outputId)).stdout).toMatch(/already approved; nothing recorded/);

    const onlyApproved = (await run('outputs', 'list', '--state', 'approved', '--json')).json<{ outputId: string }[]>();
    expect(onlyApproved.map((r) => r.outputId).sort()).toEqual([a1.outputId, b1.outputId].sort());
    expect((await run('outputs', 'list', '--state', 'maybe')).code).toBe(2);
    const missing = await run('review', 'approve', '0192f3a1-7b2c-7d4e-8f90-a1b2c3d4e5f6');
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringMatching(/^OUTPUT_NOT_FOUND: /)]);
    expect((await run('ledger', 'verify')).code).toBe(0);
  });

  it('lists presets one per line, name first, including the workspace file', async () => {
    writeFileSync(
      path.join(fx.workspaceDir, 'export-presets.json'),
      JSON.stringify({
        format: 'export-presets/1',
        presets: [
          {
            name: 'lookbook-small',
            width: 480,
            height: 600,
            fit: 'cover',
            format: 'jpeg',
            quality: 85,
            naming: '{sku}_{n}',
          },
        ],
      }),
    );
    const listed = await run('export', '--list-presets');
    expect(listed.code).toBe(0);
    expect(listed.stdout.split('\n').map((l) => l.split('\t')[0])).toEqual([
      'product-page',
      'marketplace',
      'social',
      'lookbook-small',
    ]);
    expect(listed.stdout).toMatch(/^product-page\t2000×3000 cover JPEG q90 sRGB/);
    expect(listed.stdout).toMatch(/marketplace\t1600×1600 contain on #ffffff JPEG q90 sRGB/);
    expect(listed.stdout).toMatch(/social\t1080×1350 cover WEBP q85 sRGB/);
  });

  it('exports approved outputs with a progress bar on stderr, to a folder and to a zip', async () => {
    const out = path.join(fx.dir, 'pdp');
    const exported = await run(
      'export',
      '--preset',
      'product-page',
      '--out',
      out,
      '--filter',
      'state=approved',
      '--json',
    );
    expect(exported.code, exported.stderr).toBe(0);
    const report = exported.json<ExportReport>();
    // {shot} is the shot's name (the fixture names each "Shot <id>").
    expect(report.images.map((r) => r.file)).toEqual([
      'SKU-100_Shot-shot-a1_front_1.jpg',
      'SKU-300_Shot-shot-b1_front_1.jpg',
    ]);
    expect(exported.stderr.split('\n')).toEqual([
      expect.stringMatching(/^\[#{12}\.{12}\] 1\/2 exported SKU-100/),
      expect.stringMatching(/^\[#{24}\] 2\/2 exported SKU-300/),
    ]);
    const bytes = readFileSync(path.join(out, report.images[0]!.file));
    const inspection = await inspectFile(bytes, {
      watermarker: fx.kit.watermarker,
      labels: fx.kit.labels,
      c2pa: fx.kit.c2pa,
    });
    expect(inspection).toMatchObject({
      width: 2000,
      height: 3000,
      labelPresent: true,
      xmp: { usageId: report.images[0]!.usageId },
      watermark: { found: true, matchesXmp: true },
      c2pa: { valid: true },
    });

    const again = await run('export', '--preset', 'product-page', '--out', out);
    expect(again.stdout).toMatch(/^exported 0, kept 2 already in the batch, held back 0/);

    fx.revoke('lic-a');
    const zip = path.join(fx.dir, 'lookbook.zip');
    const zipped = await run('export', '--preset', 'lookbook-small', '--out', zip);
    expect(zipped.code, zipped.stderr).toBe(0);
    expect(zipped.stdout).toMatch(/^exported 1, kept 0 already in the batch, held back 1/);
    expect(zipped.stdout).toMatch(
      new RegExp(`held back ${outputs[0]!.outputId} \\(shot shot-a1\\): LICENCE_REVOKED: Licence lic-a was revoked`),
    );
    expect(Object.keys(unzipSync(new Uint8Array(readFileSync(zip)))).sort()).toEqual([
      'SKU-300_1.jpg',
      'labels.csv',
      'manifest.json',
    ]);

    expect(
      (await run('export', '--preset', 'social', '--out', path.join(fx.dir, 'x'), '--filter', 'state=generated')).code,
    ).toBe(2);
    expect((await run('export', '--preset', 'nope', '--out', path.join(fx.dir, 'y'))).stderr).toMatch(
      /^EXPORT_PRESET_NOT_FOUND: No export preset nope; known presets: product-page, marketplace, social, lookbook-small/,
    );
    expect((await run('export', '--out', path.join(fx.dir, 'z'))).code).toBe(2);
    expect((await run('ledger', 'verify')).code).toBe(0);
  }, 60_000);

  it('exports with a saved recipe (size, naming, SKU) and names the files it upscaled', async () => {
    saveRecipe(fx.workspaceDir, {
      name: 'PDP native',
      preset: 'product-page',
      width: 400,
      height: 600,
      naming: '{sku}_{shot}_{scene}',
    });
    saveRecipe(fx.workspaceDir, { name: 'PDP full', preset: 'product-page', naming: '{sku}_{shotid}' });
    const native = await run('export', '--recipe', 'pdp native', '--out', path.join(fx.dir, 'native'));
    expect(native.code, native.stderr).toBe(0);
    expect(native.stdout).toMatch(/^exported 1, kept 0 already in the batch, held back 1/);
    expect(existsSync(path.join(fx.dir, 'native', 'SKU-300_Shot-shot-b1_studio-grey.jpg'))).toBe(true);
    expect(native.stdout).not.toMatch(/upscaled/);
    const full = await run('export', '--recipe', 'PDP full', '--out', path.join(fx.dir, 'full'));
    expect(full.stdout).toMatch(/^upscaled SKU-300_shot-b1\.jpg: 5× beyond its source$/m);
    expect((await run('export', '--recipe', 'nope', '--out', path.join(fx.dir, 'n'))).stderr).toMatch(
      /^EXPORT_RECIPE_NOT_FOUND: No export recipe nope; saved recipes: PDP full, PDP native/,
    );
    expect((await run('export', '--recipe', 'PDP full', '--preset', 'social', '--out', 'x')).code).toBe(2);
  }, 60_000);
});
