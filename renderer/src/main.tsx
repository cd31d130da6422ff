import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectStudio } from './client/studioClient.ts';
import { App } from './components/App.tsx';
import { applyEvent, ClientContext, createStudioStore, StoreContext } from './store/store.ts';
import './styles.css';

// The renderer's composition root: one client, one store, events wired once.
const client = connectStudio();
const store = createStudioStore(client);
client.onEvent((event) => {
  if (event.type === 'menu') {
    const { editor, saveNow, render } = store.getState();
    if (event.command === 'undo') editor?.undo();
    else if (event.command === 'redo') editor?.redo();
    else if (event.command === 'save') void saveNow();
    else if (event.command === 'render') void render();
    else if (event.command === 'zoom-in') editor?.zoomBy(1.25);
    else if (event.command === 'zoom-out') editor?.zoomBy(0.8);
    else if (event.command === 'zoom-fit') editor?.fitToView();
    return;
  }
  applyEvent(store, event);
});
void (async () => {
  const s = store.getState();
  await Promise.all([
    s
      .refreshServices()
      .catch((e: Error) => s.notify({ tone: 'error', title: 'Could not reach the studio', body: e.message })),
    s.refreshLibrary(),
  ]);
  await s
    .refreshShots()
    .catch((e: Error) => s.notify({ tone: 'error', title: 'Could not load shots', body: e.message }));
})();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClientContext value={client}>
      <StoreContext value={store}>
        <App />
      </StoreContext>
    </ClientContext>
  </StrictMode>,
);
