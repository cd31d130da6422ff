import type { StoreApi } from 'zustand';
import type { AppInfo, GarmentView, OutputView, PolicyCheck, RenderJob, SceneView, SettingsView, ShotDoc, SyncStatus, TwinView, VerifyReport, WireError } from '../../../src/contract/index.ts';
import type { Editor, LayerId } from '../../editor/index.ts';
import type { StudioClient } from '../client/studioClient.ts';

export interface Notice {
  id: number;
  tone: 'info' | 'ok' | 'error';
  title: string;
  body?: string;
}

/** A service's state as the UI shows it: loaded, or "not available" with the core's words. */
export type Availability = { state: 'loading' } | { state: 'ready' } | { state: 'unavailable'; message: string } | { state: 'error'; message: string };

export interface LibrarySlice {
  twins: TwinView[];
  garments: GarmentView[];
  scenes: SceneView[];
  libraryLoaded: boolean;
  refreshLibrary(): Promise<void>;
  importFiles(files: File[]): Promise<void>;
}

export interface ShotSlice {
  shots: ShotDoc[];
  shot: ShotDoc | null;
  editor: Editor | null;
  selection: LayerId | null;
  canUndo: boolean;
  canRedo: boolean;
  zoom: number;
  save: { state: 'saved' | 'dirty' | 'saving' | 'error'; at: string | null; message: string | null };
  policy: PolicyCheck | null;
  refreshShots(): Promise<void>;
  openShot(shotId: string): Promise<void>;
  createShot(input: { name: string; sceneId: string; twinId: string; poseId: string; licenceId: string }): Promise<void>;
  saveNow(): Promise<void>;
}

export interface RenderSlice {
  info: AppInfo | null;
  jobs: RenderJob[];
  jobsStatus: Availability;
  outputs: OutputView[];
  outputsStatus: Availability;
  verify: Record<string, VerifyReport | WireError>;
  renderError: WireError | null;
  settings: SettingsView | null;
  sync: SyncStatus | null;
  syncStatus: Availability;
  refreshServices(): Promise<void>;
  render(variants?: { sceneIds: string[]; poseIds: string[] }): Promise<void>;
  cancelJob(jobId: string): Promise<void>;
  retryJob(jobId: string): Promise<void>;
  verifyOutput(outputId: string): Promise<void>;
  setProvider(provider: string): Promise<void>;
}

export interface UiSlice {
  view: 'compose' | 'outputs' | 'settings';
  notices: Notice[];
  setView(view: UiSlice['view']): void;
  notify(notice: Omit<Notice, 'id'>): void;
  dismiss(id: number): void;
}

export type StudioState = LibrarySlice & ShotSlice & RenderSlice & UiSlice;
export type Slice<T> = (set: StoreApi<StudioState>['setState'], get: StoreApi<StudioState>['getState'], client: StudioClient) => T;
