import type { DemoDeps } from '../../demo/buildDemo.ts';
import { buildDemo } from '../../demo/buildDemo.ts';
import { JSON_OPTION, stringFlag, type Command } from '../command.ts';

export function createDemoCommand(deps: Omit<DemoDeps, 'log' | 'now'>): Command {
  return {
    words: ['demo'],
    summary: 'write a complete demo workspace (synthetic twins, garments, scenes, licences, shots, registry)',
    usage: 'demo [--out DIR] [--json]',
    options: { ...JSON_OPTION, out: { type: 'string' } },
    async run(ctx) {
      const out = stringFlag(ctx, 'out') ?? 'twin-studio-demo';
      const started = performance.now();
      const result = await buildDemo(out, {
        ...deps,
        now: ctx.io.now(),
        log: ctx.flags.json ? () => {} : (line) => ctx.io.err(`demo: ${line}…`),
      });
      if (ctx.flags.json) {
        ctx.io.out(JSON.stringify(result));
        return 0;
      }
      ctx.io.out(
        `demo workspace written to ${result.workspace} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      ctx.io.out(`  twin packs: ${result.twinPacks.join(', ')}`);
      ctx.io.out(
        `  ${result.garments.length} garments, ${result.scenes.length} scenes, ${result.shots.ok.length} shots ready to render`,
      );
      ctx.io.out(
        `  refused shots: ${Object.entries(result.shots.refused)
          .map(([code, file]) => `${code} ${file}`)
          .join(', ')}`,
      );
      ctx.io.out(`  registry database: ${result.registryDb}`);
      ctx.io.out(`next: twin-studio serve --workspace ${result.workspace}`);
      return 0;
    },
  };
}
