import type { ActivityType, AssignmentStatus, Channel, HotLabel, LeadStage, UpdateLeadBody } from './convocore_leads.js';

/** Every `metaData.stage`, in the order of the OpenAPI document. */
export declare const LEAD_STAGES: readonly LeadStage[];
/** Every `crmActivities[].type`. */
export declare const ACTIVITY_TYPES: readonly ActivityType[];
/** Every contact channel (`firstChannel`, `secondChannel`). */
export declare const CHANNELS: readonly Channel[];
/** Every `hotLabel`. */
export declare const HOT_LABELS: readonly HotLabel[];
/** Every `assignedTo.status`. */
export declare const ASSIGNMENT_STATUSES: readonly AssignmentStatus[];

/**
 * The request body's JSON Schema (draft 2020-12, `nullable` as a `null` type, with the
 * package's length and count limits), a fresh object on each call.
 */
export declare function toJSONSchema(): Record<string, unknown>;

/** The Standard Schema v1 interface (https://standardschema.dev), as its spec asks to copy it. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': StandardSchemaV1.Props<Input, Output>;
}
export declare namespace StandardSchemaV1 {
  interface Props<Input = unknown, Output = Input> {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => Result<Output> | Promise<Result<Output>>;
    readonly types?: Types<Input, Output> | undefined;
  }
  type Result<Output> = SuccessResult<Output> | FailureResult;
  interface SuccessResult<Output> {
    readonly value: Output;
    readonly issues?: undefined;
  }
  interface FailureResult {
    readonly issues: ReadonlyArray<Issue>;
  }
  interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
  }
  interface PathSegment {
    readonly key: PropertyKey;
  }
  interface Types<Input = unknown, Output = Input> {
    readonly input: Input;
    readonly output: Output;
  }
  type InferInput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['input'];
  type InferOutput<Schema extends StandardSchemaV1> = NonNullable<Schema['~standard']['types']>['output'];
}

/**
 * The request body as a Standard Schema (vendor `convocore-leads`): for TanStack Form,
 * react-hook-form's `standardSchemaResolver`, tRPC's `.input()`. Issues carry array paths;
 * a valid body comes out as `prepareUpdateLead` makes it. Warnings: `validateUpdateLead`.
 */
export declare const updateLeadSchema: StandardSchemaV1<UpdateLeadBody, UpdateLeadBody>;

/**
 * The value for `text` (what a form, a CSV cell or the CLI's `--set` gives) for the lead
 * field at the dotted `path` (`hotScore`, `metaData.value`, `email`), with the CLI's rules:
 * `undefined` for `""` (leave the field alone), `null` for `"null"` where the field takes
 * null (`email`, `name`, `phone`), JSON for object and array fields (text starting with `{`
 * or `[`), `true`/`false` for booleans, a number for number fields (for number-or-string
 * fields only the number's own spelling: `"12000"` is 12000, `"007"` stays text), else the
 * text itself (a date input's `YYYY-MM-DD` included). The value is not validated: set it
 * on a builder, or validate the body. Throws a `validation` ConvocoreError (an
 * `invalid_json` issue) for JSON that does not parse.
 */
export declare function parseFieldInput(path: string, text: string): unknown;
