import { systemClock } from '../../src/clock/index.ts';
import { startRegistry } from '../../src/registry/index.ts';

/** Runs a registry in its own process so the fault suite can SIGKILL it. Args: DB. */
const db = process.argv[2];
if (!db) throw new Error('usage: registryChild.ts DB');
const registry = await startRegistry({ now: systemClock, db });
process.stdout.write(`listening on ${registry.url}\n`);
