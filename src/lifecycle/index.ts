export { DisposableStore, listen, listenTo, toDisposable, type Disposable } from './disposables.ts';
