// npm run bench [-- NAME…] [--iterations N]: one JSON object per line on stdout, progress on stderr.
import { parseArgs } from 'node:util';
import { BENCHMARKS } from './bench/index.ts';

const { values, positionals } = parseArgs({
  options: { iterations: { type: 'string', default: '7' } },
  allowPositionals: true,
});
const iterations = Math.max(1, Number(values.iterations));
const chosen = positionals.length > 0 ? BENCHMARKS.filter((b) => positionals.includes(b.name)) : BENCHMARKS;
if (chosen.length === 0) {
  process.stderr.write(
    `no benchmark named ${positionals.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}\n`,
  );
  process.exit(2);
}
for (const bench of chosen) {
  for await (const line of bench.run({ iterations, log: (l) => process.stderr.write(`${l}\n`) }))
    process.stdout.write(`${JSON.stringify({ bench: bench.name, ...line })}\n`);
}
