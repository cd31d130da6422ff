// Preloaded (`node --import`) into a server process by tests/server/lastResort.test.ts: on SIGUSR2 a rejection
// and an exception escape every handler, the way a bug in a request path would.
process.on('SIGUSR2', () => {
  void Promise.reject(new Error('planted rejection'));
  setTimeout(() => {
    throw new Error('planted exception');
  }, 10);
});
