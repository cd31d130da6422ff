export {
  createOutputsRepo,
  OUTPUT_STATES,
  type NewOutput,
  type OutputEntry,
  type OutputState,
  type OutputsRepo,
} from './outputsRepo.ts';
