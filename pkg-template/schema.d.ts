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
