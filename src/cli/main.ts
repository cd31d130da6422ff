import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { systemClock } from '../clock/index.ts';
import { createProvenance } from '../app/provenance.ts';
import { stampedOutputStep } from '../app/renderOutput.ts';
import { demoArt } from '../demo/demoArt.ts';
import { defaultModelsDir } from '../render/index.ts';
import { createPoseEstimator } from '../ingest/pose/index.ts';
import { createLedger } from '../ledger/index.ts';
import { openRegistryStore, seedRegistry } from '../registry/index.ts';
import type { Command } from './command.ts';
import { garmentImport, sceneImport } from './commands/catalog.ts';
import { createGarmentPrepareCommand, createTwinPrepareCommand } from './commands/ingest.ts';
import { createDemoCommand } from './commands/demo.ts';
import { createDoctorCommand } from './commands/doctor.ts';
import { exportCommand } from './commands/export.ts';
import { keysNew } from './commands/keys.ts';
import { licenceImport, licenceIssue, licenceVerify, revocationImport } from './commands/licence.ts';
import { ledgerVerify } from './commands/ledger.ts';
import { outputsList } from './commands/outputs.ts';
import { policyCheck } from './commands/policy.ts';
import { createRenderCommand } from './commands/render.ts';
import { reviewApprove, reviewReject } from './commands/review.ts';
import { registryCommands } from './commands/registry.ts';
import { serve } from './commands/serve.ts';
import { enrol, sync } from './commands/sync.ts';
import { twinImport, twinPack, twinVerify } from './commands/twin.ts';
import { verifyFile } from './commands/verify.ts';
import { commitFaultFromEnv } from './faultInjection.ts';
import { runCli } from './run.ts';

/** The CLI's composition root: builds every command with its real dependencies. */
export function createCommands(): Command[] {
  return [
    createDemoCommand({
      art: demoArt,
      usageCounter: (ws) => createLedger({ db: ws.db, workstationKey: ws.workstationKey, user: 'demo', now: ws.now }),
      async createRegistryDb({ dir, ...seed }) {
        mkdirSync(dir, { recursive: true });
        const db = path.join(dir, 'registry.sqlite');
        const store = await openRegistryStore(db);
        try {
          await seedRegistry(store, seed);
        } finally {
          await store.close();
        }
        return db;
      },
    }),
    keysNew,
    twinPack,
    twinVerify,
    twinImport,
    createTwinPrepareCommand({ poseEstimator: () => createPoseEstimator({ modelsDir: defaultModelsDir() }) }),
    createGarmentPrepareCommand(),
    licenceIssue,
    licenceVerify,
    licenceImport,
    revocationImport,
    garmentImport,
    sceneImport,
    policyCheck,
    ledgerVerify,
    verifyFile,
    createRenderCommand({
      modelsDir: defaultModelsDir(),
      output: async (studio) => {
        const afterCommitStep = commitFaultFromEnv(process.env);
        return stampedOutputStep(studio, await createProvenance(studio.ws), afterCommitStep ? { afterCommitStep } : {});
      },
    }),
    createDoctorCommand({ modelsDir: defaultModelsDir() }),
    outputsList,
    reviewApprove,
    reviewReject,
    exportCommand,
    serve,
    ...registryCommands,
    enrol,
    sync,
  ];
}

export async function main(argv: string[]): Promise<number> {
  return runCli(createCommands(), argv, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
    now: systemClock,
  });
}
