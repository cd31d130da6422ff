export { CONTENT_SECURITY_POLICY } from './http.ts';
export { startStudioServer, type StudioServer, type StudioServerOptions } from './startStudioServer.ts';
export { parseServeArgs, serveCommand } from './serveCommand.ts';
