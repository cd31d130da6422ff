import path from 'node:path';

/** Every path inside a workspace folder, in one place. */
export function workspaceLayout(root: string) {
  return {
    root,
    marker: path.join(root, 'workspace.json'),
    database: path.join(root, 'studio.db'),
    keys: path.join(root, 'keys'),
    workstationKey: path.join(root, 'keys', 'workstation.key.json'),
    trust: path.join(root, 'trust'),
    registryKeys: path.join(root, 'trust', 'registry-keys.json'),
    ownerList: path.join(root, 'trust', 'owners.json'),
    twins: path.join(root, 'twins'),
    twin: (twinId: string) => path.join(root, 'twins', twinId),
    licences: path.join(root, 'licences'),
    garments: path.join(root, 'catalog', 'garments'),
    garment: (garmentId: string) => path.join(root, 'catalog', 'garments', garmentId),
    scenes: path.join(root, 'catalog', 'scenes'),
    scene: (sceneId: string) => path.join(root, 'catalog', 'scenes', sceneId),
    shots: path.join(root, 'shots'),
    shot: (shotId: string) => path.join(root, 'shots', `${shotId}.json`),
    outputs: path.join(root, 'outputs'),
    tmp: path.join(root, 'tmp'),
  };
}
export type WorkspaceLayout = ReturnType<typeof workspaceLayout>;
