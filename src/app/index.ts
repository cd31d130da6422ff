export { openStudio, type Studio } from './openStudio.ts';
