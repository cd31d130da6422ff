import { assetsFor } from './assets.ts';
import type { LibrarySlice, Slice } from './types.ts';

export const createLibrarySlice: Slice<LibrarySlice> = (set, get, client) => ({
  twins: [],
  garments: [],
  scenes: [],
  libraryLoaded: false,
  async refreshLibrary() {
    try {
      const [twins, garments, scenes] = await Promise.all([
        client.call('twins.list', {}),
        client.call('catalog.garments', {}),
        client.call('catalog.scenes', {}),
      ]);
      set({ twins, garments, scenes, libraryLoaded: true });
      const { shot, editor } = get();
      if (shot && editor) editor.setAssets(assetsFor(shot, { twins, garments, scenes }));
    } catch (error) {
      set({ libraryLoaded: true });
      get().notify({ tone: 'error', title: 'Could not load the library', body: (error as Error).message });
    }
  },
  async importFiles(files) {
    const results = await client.importFiles(files);
    for (const r of results)
      get().notify(
        r.ok
          ? { tone: 'ok', title: r.message }
          : { tone: 'error', title: `Could not import ${r.name}`, body: r.message },
      );
    await get().refreshLibrary();
  },
});
