import { randomBytes } from 'node:crypto';
import type { PolicyCheck, Shot } from '../contract/index.ts';
import { StudioError } from '../errors/index.ts';
import { figureRows, placeTwinOnFloor } from '../shots/index.ts';
import { evaluateShotPolicy, type Workspace } from '../workspace/index.ts';
import type { EventHub } from './events.ts';
import { refusalOf } from './licenceStatus.ts';
import type { UsageCounter } from './services.ts';

const MAX_OUTPUT_SIDE = 2048;

/** Stands the twin on the scene's floor line at the scene's suggested height, centred (placeTwinOnFloor). */
export async function newShot(
  ws: Workspace,
  input: { name: string; sceneId: string; twinId: string; poseId: string; licenceId: string },
): Promise<Shot> {
  const scene = ws.catalog.scene(input.sceneId).item;
  const pack = await ws.twins.load(input.twinId);
  const pose = pack.poses.find((p) => p.poseId === input.poseId);
  if (!pose) {
    throw new StudioError(
      'POSE_NOT_FOUND',
      `Twin ${input.twinId} has no pose ${input.poseId}; it has ${pack.poses.map((p) => p.poseId).join(', ')}`,
      { twinId: input.twinId, poseId: input.poseId },
    );
  }
  ws.licences.get(input.licenceId);
  const fit = Math.min(1, MAX_OUTPUT_SIDE / Math.max(scene.width, scene.height));
  const width = Math.max(64, Math.round(scene.width * fit));
  const height = Math.max(64, Math.round(scene.height * fit));
  const transform = placeTwinOnFloor({ ...pose, ...(await figureRows(pack.files.read(pose.image))) }, scene, {
    width,
    height,
  });
  const shot: Shot = {
    format: 'shot/2',
    revision: 0,
    shotId: `shot_${ws.now().getTime().toString(36)}_${randomBytes(3).toString('hex')}`,
    name: input.name,
    scene: { sceneId: input.sceneId },
    twin: { twinId: input.twinId, poseId: input.poseId, licenceId: input.licenceId, hidden: false, transform },
    garments: [],
    look: { shadow: 0.6, harmonize: 0.5 },
    output: { width, height },
    use: { channel: 'ecommerce', territory: 'EU' },
    sku: '',
    labels: {},
  };
  return ws.shots.save(shot);
}

export function createShotsHandlers(deps: { ws: Workspace; usage: UsageCounter; hub: EventHub }) {
  const { ws, usage, hub } = deps;
  return {
    'shots.list': (): Shot[] => ws.shots.list(),
    'shots.get': ({ shotId }: { shotId: string }): Shot => ws.shots.load(shotId),
    'shots.save': ({ shot }: { shot: Shot }): Shot => {
      const saved = ws.shots.save(shot);
      hub.publish({ type: 'shot.saved', shot: saved, created: false });
      return saved;
    },
    'shots.create': async (input: {
      name: string;
      sceneId: string;
      twinId: string;
      poseId: string;
      licenceId: string;
    }): Promise<Shot> => {
      const shot = await newShot(ws, input);
      hub.publish({ type: 'shot.saved', shot, created: true });
      return shot;
    },
    'shots.check': async ({ shotId }: { shotId: string }): Promise<PolicyCheck> =>
      checkShot(ws, ws.shots.load(shotId), usage),
  };
}

export async function checkShot(ws: Workspace, shot: Shot, usage: UsageCounter): Promise<PolicyCheck> {
  const decision = await evaluateShotPolicy(ws, shot, usage);
  if (decision.allowed)
    return { allowed: true, licenceId: decision.licenceId, imagesLeft: decision.imagesLeft, fee: decision.fee };
  let agency: string | undefined;
  try {
    agency = (await ws.twins.load(shot.twin.twinId)).manifest.owner.agency;
  } catch {
    agency = undefined;
  }
  return { allowed: false, ...refusalOf(decision.code, decision.rule, decision.message, decision.facts, agency) };
}
