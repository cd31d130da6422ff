import type { Slice, UiSlice } from './types.ts';

export const createUiSlice: Slice<UiSlice> = (set, get) => {
  let next = 1;
  return {
    view: 'compose',
    notices: [],
    setView: (view) => set({ view }),
    notify(notice) {
      const id = next++;
      set({ notices: [...get().notices.slice(-3), { ...notice, id }] });
      if (notice.tone !== 'error') setTimeout(() => get().dismiss(id), 4000);
    },
    dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
  };
};
