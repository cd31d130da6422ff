import { runDoctor, type DoctorOptions } from '../../render/doctor.ts';
import { JSON_OPTION, report, type Command } from '../command.ts';
import { wrap } from '../help.ts';

export function createDoctorCommand(deps: {
  modelsDir: string;
  run?: (options: DoctorOptions) => ReturnType<typeof runDoctor>;
}): Command {
  const doctor = deps.run ?? runDoctor;
  return {
    words: ['doctor'],
    summary: 'which execution providers work on this machine, why the others do not, the GPU, and a self-test render',
    usage: 'doctor [--json]',
    options: { ...JSON_OPTION },
    async run(ctx) {
      const r = await doctor({ modelsDir: deps.modelsDir });
      report(ctx, r, () => [
        `onnxruntime ${r.onnxruntime} on ${r.platform}-${r.arch}; default provider order: ${r.defaultOrder.join(' → ')}`,
        ...r.providers.flatMap((p) => [
          ...wrap(
            p.loads
              ? `loads${p.selfTest ? (p.selfTest.ok ? `; self-test ${p.selfTest.size} in ${p.selfTest.ms} ms` : `; self-test FAILED: ${p.selfTest.error}`) : ''}`
              : (p.reason ?? 'did not load'),
            `  ${p.loads ? '✓' : '✗'} ${p.provider.padEnd(7)} `,
            ' '.repeat(12),
          ),
          ...(p.advice && p.advice.replace(/\.$/, '') !== p.reason ? wrap(p.advice, '      → ', ' '.repeat(8)) : []),
        ]),
        r.gpus.length > 0
          ? `GPU: ${r.gpus.map((g) => `${g.name} (${g.memoryMiB} MiB)`).join(', ')}`
          : `GPU: ${r.gpuNote ?? 'none found'}`,
      ]);
      return r.providers.some((p) => p.loads && p.selfTest?.ok !== false) ? 0 : 1;
    },
  };
}
