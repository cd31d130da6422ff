export { migrate, openDatabase, type Db } from './database.ts';
