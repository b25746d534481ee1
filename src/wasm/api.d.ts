/** A lead as the API stores it: the patchable fields plus what the server adds. */
export type Lead = LeadPatch & { agentId?: string; id?: string; [serverField: string]: unknown };

/** One line's result from `validateUpdateLeadsNdjson`. */
export interface NdjsonLineResult extends ValidationResult {
  /** 1-based line number in the text. */
  line: number;
}
