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
      // Errors stay longer (they say what to do), but go on their own too; a click or × closes any notice at once.
      setTimeout(() => get().dismiss(id), notice.tone === 'error' ? 12_000 : 4000);
    },
    dismiss: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
  };
};
