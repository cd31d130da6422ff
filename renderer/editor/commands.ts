import type { Shot, ShotGarment, Transform } from '../../src/contract/index.ts';
import { garmentIdOf, type LayerId } from './model.ts';

/**
 * Every edit is a plain object: `perform(shot, command) → shot`, and `inverse(command)` undoes it.
 * Commands carry their before-state, so undo never needs to recompute anything.
 */
export type Command =
  | { kind: 'transform'; before: Transform; after: Transform; label: string; mergeKey?: string }
  | { kind: 'hide'; layer: LayerId; before: boolean; after: boolean }
  | { kind: 'reorder'; before: Record<string, number>; after: Record<string, number> }
  | { kind: 'addGarment'; garment: ShotGarment }
  | { kind: 'removeGarment'; garment: ShotGarment }
  | { kind: 'pose'; before: { poseId: string; transform: Transform }; after: { poseId: string; transform: Transform } }
  | { kind: 'patch'; label: string; before: ShotPatch; after: ShotPatch; mergeKey?: string };

/** Top-level fields the inspector edits directly. */
export type ShotPatch = Partial<Pick<Shot, 'name' | 'scene' | 'use' | 'look' | 'output' | 'sku'>> & {
  licenceId?: string;
};

export function perform(shot: Shot, command: Command): Shot {
  switch (command.kind) {
    case 'transform':
      return { ...shot, twin: { ...shot.twin, transform: { ...command.after } } };
    case 'hide': {
      const garmentId = garmentIdOf(command.layer);
      if (!garmentId) return { ...shot, twin: { ...shot.twin, hidden: command.after } };
      return {
        ...shot,
        garments: shot.garments.map((g) => (g.garmentId === garmentId ? { ...g, hidden: command.after } : g)),
      };
    }
    case 'reorder':
      return {
        ...shot,
        garments: shot.garments.map((g) =>
          g.garmentId in command.after ? { ...g, z: command.after[g.garmentId]! } : g,
        ),
      };
    case 'addGarment':
      return {
        ...shot,
        garments: [...shot.garments.filter((g) => g.garmentId !== command.garment.garmentId), { ...command.garment }],
      };
    case 'removeGarment':
      return { ...shot, garments: shot.garments.filter((g) => g.garmentId !== command.garment.garmentId) };
    case 'pose':
      return {
        ...shot,
        twin: { ...shot.twin, poseId: command.after.poseId, transform: { ...command.after.transform } },
      };
    case 'patch': {
      const { licenceId, ...rest } = command.after;
      const next = { ...shot, ...rest };
      return licenceId === undefined ? next : { ...next, twin: { ...next.twin, licenceId } };
    }
  }
}

export function inverse(command: Command): Command {
  switch (command.kind) {
    case 'transform':
      return { ...command, before: command.after, after: command.before };
    case 'hide':
      return { ...command, before: command.after, after: command.before };
    case 'reorder':
      return { ...command, before: command.after, after: command.before };
    case 'addGarment':
      return { kind: 'removeGarment', garment: command.garment };
    case 'removeGarment':
      return { kind: 'addGarment', garment: command.garment };
    case 'pose':
      return { ...command, before: command.after, after: command.before };
    case 'patch':
      return { ...command, before: command.after, after: command.before };
  }
}

/** Moves a garment one step up or down the stack by swapping z with its neighbour. Null when it is already at the end. */
export function reorderCommand(shot: Shot, garmentId: string, direction: 1 | -1): Command | null {
  const sorted = [...shot.garments].sort((a, b) => a.z - b.z);
  const i = sorted.findIndex((g) => g.garmentId === garmentId);
  const j = i + direction;
  const a = sorted[i];
  const b = sorted[j];
  if (!a || !b) return null;
  const before = Object.fromEntries(sorted.map((g) => [g.garmentId, g.z]));
  // Renumber so the swap holds even when two garments share a z.
  const order = sorted.map((g) => g.garmentId);
  order[i] = b.garmentId;
  order[j] = a.garmentId;
  const after = Object.fromEntries(order.map((id, k) => [id, k]));
  return { kind: 'reorder', before, after };
}

export function nextZ(shot: Shot): number {
  return shot.garments.reduce((z, g) => Math.max(z, g.z + 1), 0);
}
