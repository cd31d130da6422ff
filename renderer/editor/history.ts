import type { Shot } from '../../src/contract/index.ts';
import { inverse, perform, type Command } from './commands.ts';

export interface History {
  past: Command[];
  future: Command[];
  lastAt: number;
}

export const emptyHistory = (): History => ({ past: [], future: [], lastAt: 0 });

const MERGE_WINDOW_MS = 800;
const LIMIT = 200;

/**
 * Applies a command and records it. Consecutive commands of one kind with the same mergeKey inside a short
 * window (arrow-key nudges, a slider being dragged) fold into one undo step.
 */
export function record(shot: Shot, history: History, command: Command, now: number): { shot: Shot; history: History } {
  const last = history.past[history.past.length - 1];
  const mergeable = (command.kind === 'transform' || command.kind === 'patch') && command.mergeKey !== undefined;
  if (
    mergeable &&
    last &&
    last.kind === command.kind &&
    'mergeKey' in last &&
    last.mergeKey === command.mergeKey &&
    now - history.lastAt < MERGE_WINDOW_MS
  ) {
    const merged = { ...last, after: command.after } as Command;
    return {
      shot: perform(shot, command),
      history: { past: [...history.past.slice(0, -1), merged], future: [], lastAt: now },
    };
  }
  return {
    shot: perform(shot, command),
    history: { past: [...history.past, command].slice(-LIMIT), future: [], lastAt: now },
  };
}

export function undo(shot: Shot, history: History): { shot: Shot; history: History } | null {
  const last = history.past[history.past.length - 1];
  if (!last) return null;
  return {
    shot: perform(shot, inverse(last)),
    history: { past: history.past.slice(0, -1), future: [last, ...history.future], lastAt: 0 },
  };
}

export function redo(shot: Shot, history: History): { shot: Shot; history: History } | null {
  const next = history.future[0];
  if (!next) return null;
  return {
    shot: perform(shot, next),
    history: { past: [...history.past, next], future: history.future.slice(1), lastAt: 0 },
  };
}
