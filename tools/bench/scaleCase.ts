// One size of the `scale` benchmark, in its own process so its peak RSS is its own:
// node tools/bench/scaleCase.ts WORKSPACE SIDE RUNS → one JSON line on stdout.
import { RENDER_NOW } from '../../tests/helpers/renderWorkspace.ts';
import { openStudio } from '../../src/app/index.ts';
import { createProvenance } from '../../src/app/provenance.ts';
import { createSessionCache } from '../../src/render/index.ts';
import { defaultModelsDir } from '../../src/render/modelsDir.ts';
import { prepareShot, renderShot } from '../../src/render/pipeline/index.ts';
import type { Shot } from '../../src/shots/index.ts';
import { benchProvider, median, round } from './types.ts';

const [dir, sideArg, runsArg] = process.argv.slice(2);
const side = Number(sideArg);
const runs = Math.max(1, Number(runsArg ?? 1));
// The workspace was made by scale.ts around the render fixture's instant; the bench decides nothing by time.
const studio = openStudio(dir as string, { now: () => RENDER_NOW, env: process.env });
const provenance = await createProvenance(studio.ws);
const sessions = createSessionCache({ modelsDir: defaultModelsDir(), providers: [benchProvider()] });
const base = studio.ws.shots.load('shot-render-1');
/** The workspace's shot at another square size: the twin's placement scaled with the frame. */
const at = (s: number): Shot => {
  const k = s / base.output.width;
  const t = base.twin.transform;
  return {
    ...base,
    output: { width: s, height: s },
    twin: { ...base.twin, transform: { ...t, x: t.x * k, y: t.y * k, scale: t.scale * k } },
  };
};
const pack = await studio.ws.twins.load(base.twin.twinId);
const usage = (models: { id: string; sha256: string }[]) => ({
  usageId: '01936b2e-7c3a-7def-8123-456789abcdef',
  code: '4567-89AB-CDEF',
  twinId: pack.manifest.twinId,
  displayName: pack.manifest.displayName,
  licenceId: base.twin.licenceId,
  consentId: pack.manifest.consent.consentId,
  licensor: 'Bench',
  modelIds: models,
});
// Sessions and fonts warm on a small frame, so the sizes compare steady-state work.
const small = await renderShot(await prepareShot(studio.ws, at(256)), sessions);
await provenance.stamper.stamp({
  rgba: { data: Buffer.from(small.rgba), width: 256, height: 256 },
  format: 'png',
  usage: usage(small.models),
});
const renders: number[] = [];
const stamps: number[] = [];
// CPU time (all threads) besides wall time: on a shared machine the wall clock moves with the neighbours' load.
const cpu: number[] = [];
const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
const parts: Record<string, number[]> = {};
let tile: number | null = null;
for (let i = 0; i < runs; i++) {
  const shot = at(side);
  const labelPlan = provenance.stamper.planLabel({ width: side, height: side, usage: usage([]) });
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await renderShot(await prepareShot(studio.ws, shot), sessions);
  renders.push(performance.now() - t0);
  tile = r.tile;
  const s = await provenance.stamper.stamp({
    rgba: { data: Buffer.from(r.rgba.buffer, r.rgba.byteOffset, r.rgba.byteLength), width: r.width, height: r.height },
    format: 'png',
    usage: { ...usage(r.models) },
    inPlace: true,
    labelPlan,
    ...(r.foreground ? { foreground: r.foreground } : {}),
  });
  stamps.push(s.timings.totalMs);
  cpu.push(cpuMs(process.cpuUsage(c0)));
  for (const [k, v] of Object.entries(s.timings)) (parts[k] ??= []).push(v);
}
const pixels = side * side;
const renderMs = median(renders);
const stampMs = median(stamps);
process.stdout.write(
  `${JSON.stringify({
    size: `${side}x${side}`,
    runs,
    tile,
    renderMs: round(renderMs),
    stampMs: round(stampMs),
    stages: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round(median(v))])),
    renderNsPerPixel: round((renderMs * 1e6) / pixels),
    stampNsPerPixel: round((stampMs * 1e6) / pixels),
    nsPerPixel: round(((renderMs + stampMs) * 1e6) / pixels),
    cpuMs: round(median(cpu)),
    cpuNsPerPixel: round((median(cpu) * 1e6) / pixels),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
await sessions.release();
studio.close();
