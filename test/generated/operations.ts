/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** Why Twilio says a number cannot be ported. UNKNOWN: a reason this API does not know yet (see notPortableReasonCode). */
export type NotPortableReason =
  | 'ALREADY_IN_ONE_OF_YOUR_TWILIO_ACCOUNTS'
  | 'ALREADY_IN_THE_TARGET_ACCOUNT'
  | 'ALREADY_IN_TWILIO_DIFFERENT_OWNER'
  | 'ERROR_INTERNAL_SERVER_ERROR'
  | 'INVALID_PHONE_NUMBER'
  | 'MANUAL_PORTING_AVAILABLE'
  | 'MISSING_REQUIRED_FIELDS'
  | 'UNAUTHORIZED'
  | 'UNKNOWN'
  | 'UNSUPPORTED';

/** Twilio's number_type; Twilio's TOLL-FREE is TOLL_FREE here. */
export type NumberType =
  | 'LOCAL'
  | 'MOBILE'
  | 'TOLL_FREE'
  | 'UNKNOWN';

/** Why no portability answer could be had. */
export type PortabilityCheckErrorCode =
  | 'SHUTTING_DOWN'
  | 'UPSTREAM_AUTHENTICATION_FAILED'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE';

export type PortabilityJobStatus =
  | 'CANCELLED'
  | 'COMPLETED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING';

export type PortingNextStep =
  /** The service cannot act for the target account: check the targetAccountSid and its access. */
  | 'CHECK_ACCOUNT_ACCESS'
  /** Nothing this service knows how to advise: contact support with the reason code. */
  | 'CONTACT_SUPPORT'
  /** The number is not valid: correct it (E.164, or give defaultCountry) and check again. */
  | 'FIX_PHONE_NUMBER'
  /** Not portable through the API: open a port request in the Console (US) or a support ticket (elsewhere). */
  | 'MANUAL_PORT_REQUEST'
  /** In another Twilio account (yours or someone else's): move it between accounts instead of porting. */
  | 'MOVE_BETWEEN_ACCOUNTS'
  /** Already in the target account: nothing to port. */
  | 'NOTHING_TO_DO'
  /** Twilio does not support this number's country, rate center or carrier. */
  | 'NOT_SUPPORTED'
  /** Portable: open a port-in request through Twilio's Porting API. */
  | 'PORT_IN'
  /** Portable, but the losing carrier's PIN and account number must be in the port-in request. */
  | 'PORT_IN_WITH_PIN'
  /** Twilio needs more fields for this number, such as an addressSid. */
  | 'PROVIDE_MISSING_FIELDS'
  /** A temporary problem: check again later. */
  | 'RETRY_LATER';

export type StartPortabilityJobInput = {
  addressSid?: string | null | undefined;
  defaultCountry?: string | null | undefined;
  /** The same key from the same caller returns the job it started first instead of starting another. */
  idempotencyKey?: string | null | undefined;
  phoneNumbers: Array<string>;
  targetAccountSid?: string | null | undefined;
  /** Receives one signed POST when the job ends; its host must be allowed by the server's WEBHOOK_ALLOWED_HOSTS. */
  webhookUrl?: string | null | undefined;
};

export type PortabilityJobFieldsFragment = { id: string, status: PortabilityJobStatus, total: number, completed: number, portable: number, notPortable: number, failed: number, targetAccountSid: string | null, addressSid: string | null, defaultCountry: string | null, createdAt: unknown, startedAt: unknown, finishedAt: unknown, resultsCsvUrl: string };

export type StartPortabilityJobMutationVariables = Exact<{
  input: StartPortabilityJobInput;
}>;


export type StartPortabilityJobMutation = { startPortabilityJob: { id: string, status: PortabilityJobStatus, total: number, completed: number, portable: number, notPortable: number, failed: number, targetAccountSid: string | null, addressSid: string | null, defaultCountry: string | null, createdAt: unknown, startedAt: unknown, finishedAt: unknown, resultsCsvUrl: string } };

export type CancelPortabilityJobMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelPortabilityJobMutation = { cancelPortabilityJob: { id: string, status: PortabilityJobStatus, total: number, completed: number, portable: number, notPortable: number, failed: number, targetAccountSid: string | null, addressSid: string | null, defaultCountry: string | null, createdAt: unknown, startedAt: unknown, finishedAt: unknown, resultsCsvUrl: string } | null };

export type PortabilityJobQueryVariables = Exact<{
  id: string | number;
}>;


export type PortabilityJobQuery = { portabilityJob: { id: string, status: PortabilityJobStatus, total: number, completed: number, portable: number, notPortable: number, failed: number, targetAccountSid: string | null, addressSid: string | null, defaultCountry: string | null, createdAt: unknown, startedAt: unknown, finishedAt: unknown, resultsCsvUrl: string } | null };

export type PortabilityJobResultsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type PortabilityJobResultsQuery = { portabilityJob: { id: string, status: PortabilityJobStatus, results: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ cursor: string, node:
          | { __typename: 'Portability', id: string, input: string, phoneNumber: string, portable: boolean, notPortableReason: NotPortableReason | null, notPortableReasonCode: number | null, numberType: NumberType, country: string | null, nextStep: PortingNextStep, guidance: string }
          | { __typename: 'PortabilityCheckError', id: string, input: string, phoneNumber: string, code: PortabilityCheckErrorCode, retryable: boolean, nextStep: PortingNextStep }
         }> } } | null };

type PortabilityResultFields_Portability_Fragment = { __typename: 'Portability', id: string, input: string, phoneNumber: string, targetAccountSid: string | null, addressSid: string | null, accountSid: string | null, portable: boolean, pinAndAccountNumberRequired: boolean | null, notPortableReason: NotPortableReason | null, notPortableReasonCode: number | null, numberType: NumberType, country: string | null, url: string | null, nextStep: PortingNextStep, guidance: string, helpUrl: string | null };

type PortabilityResultFields_PortabilityCheckError_Fragment = { __typename: 'PortabilityCheckError', id: string, input: string, phoneNumber: string, targetAccountSid: string | null, addressSid: string | null, code: PortabilityCheckErrorCode, message: string, retryable: boolean, twilioErrorCode: number | null, nextStep: PortingNextStep };

export type PortabilityResultFieldsFragment =
  | PortabilityResultFields_Portability_Fragment
  | PortabilityResultFields_PortabilityCheckError_Fragment
;

export type CheckPortabilityQueryVariables = Exact<{
  phoneNumber: string;
  targetAccountSid?: string | null | undefined;
  addressSid?: string | null | undefined;
  defaultCountry?: string | null | undefined;
}>;


export type CheckPortabilityQuery = { portability:
    | { __typename: 'Portability', id: string, input: string, phoneNumber: string, targetAccountSid: string | null, addressSid: string | null, accountSid: string | null, portable: boolean, pinAndAccountNumberRequired: boolean | null, notPortableReason: NotPortableReason | null, notPortableReasonCode: number | null, numberType: NumberType, country: string | null, url: string | null, nextStep: PortingNextStep, guidance: string, helpUrl: string | null }
    | { __typename: 'PortabilityCheckError', id: string, input: string, phoneNumber: string, targetAccountSid: string | null, addressSid: string | null, code: PortabilityCheckErrorCode, message: string, retryable: boolean, twilioErrorCode: number | null, nextStep: PortingNextStep }
   };

export type CheckPortabilitiesQueryVariables = Exact<{
  phoneNumbers: Array<string> | string;
  targetAccountSid?: string | null | undefined;
  addressSid?: string | null | undefined;
  defaultCountry?: string | null | undefined;
}>;


export type CheckPortabilitiesQuery = { portabilities: Array<
    | { __typename: 'Portability', id: string, input: string, phoneNumber: string, targetAccountSid: string | null, addressSid: string | null, accountSid: string | null, portable: boolean, pinAndAccountNumberRequired: boolean | null, notPortableReason: NotPortableReason | null, notPortableReasonCode: number | null, numberType: NumberType, country: string | null, url: string | null, nextStep: PortingNextStep, guidance: string, helpUrl: string | null }
    | { __typename: 'PortabilityCheckError', id: string, input: string, phoneNumber: string, targetAccountSid: string | null, addressSid: string | null, code: PortabilityCheckErrorCode, message: string, retryable: boolean, twilioErrorCode: number | null, nextStep: PortingNextStep }
  > };

export const PortabilityJobFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortabilityJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortabilityJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"portable"}},{"kind":"Field","name":{"kind":"Name","value":"notPortable"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"targetAccountSid"}},{"kind":"Field","name":{"kind":"Name","value":"addressSid"}},{"kind":"Field","name":{"kind":"Name","value":"defaultCountry"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resultsCsvUrl"}}]}}]} as unknown as DocumentNode<PortabilityJobFieldsFragment, unknown>;
export const PortabilityResultFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortabilityResultFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortabilityResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Portability"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"targetAccountSid"}},{"kind":"Field","name":{"kind":"Name","value":"addressSid"}},{"kind":"Field","name":{"kind":"Name","value":"accountSid"}},{"kind":"Field","name":{"kind":"Name","value":"portable"}},{"kind":"Field","name":{"kind":"Name","value":"pinAndAccountNumberRequired"}},{"kind":"Field","name":{"kind":"Name","value":"notPortableReason"}},{"kind":"Field","name":{"kind":"Name","value":"notPortableReasonCode"}},{"kind":"Field","name":{"kind":"Name","value":"numberType"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"guidance"}},{"kind":"Field","name":{"kind":"Name","value":"helpUrl"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortabilityCheckError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"targetAccountSid"}},{"kind":"Field","name":{"kind":"Name","value":"addressSid"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"twilioErrorCode"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}}]}}]}}]} as unknown as DocumentNode<PortabilityResultFieldsFragment, unknown>;
export const StartPortabilityJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartPortabilityJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartPortabilityJobInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startPortabilityJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortabilityJobFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortabilityJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortabilityJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"portable"}},{"kind":"Field","name":{"kind":"Name","value":"notPortable"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"targetAccountSid"}},{"kind":"Field","name":{"kind":"Name","value":"addressSid"}},{"kind":"Field","name":{"kind":"Name","value":"defaultCountry"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resultsCsvUrl"}}]}}]} as unknown as DocumentNode<StartPortabilityJobMutation, StartPortabilityJobMutationVariables>;
export const CancelPortabilityJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelPortabilityJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelPortabilityJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortabilityJobFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortabilityJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortabilityJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"portable"}},{"kind":"Field","name":{"kind":"Name","value":"notPortable"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"targetAccountSid"}},{"kind":"Field","name":{"kind":"Name","value":"addressSid"}},{"kind":"Field","name":{"kind":"Name","value":"defaultCountry"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resultsCsvUrl"}}]}}]} as unknown as DocumentNode<CancelPortabilityJobMutation, CancelPortabilityJobMutationVariables>;
export const PortabilityJobDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortabilityJob"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"portabilityJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortabilityJobFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortabilityJobFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortabilityJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"total"}},{"kind":"Field","name":{"kind":"Name","value":"completed"}},{"kind":"Field","name":{"kind":"Name","value":"portable"}},{"kind":"Field","name":{"kind":"Name","value":"notPortable"}},{"kind":"Field","name":{"kind":"Name","value":"failed"}},{"kind":"Field","name":{"kind":"Name","value":"targetAccountSid"}},{"kind":"Field","name":{"kind":"Name","value":"addressSid"}},{"kind":"Field","name":{"kind":"Name","value":"defaultCountry"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"startedAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}},{"kind":"Field","name":{"kind":"Name","value":"resultsCsvUrl"}}]}}]} as unknown as DocumentNode<PortabilityJobQuery, PortabilityJobQueryVariables>;
export const PortabilityJobResultsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PortabilityJobResults"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"portabilityJob"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"results"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Portability"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"portable"}},{"kind":"Field","name":{"kind":"Name","value":"notPortableReason"}},{"kind":"Field","name":{"kind":"Name","value":"notPortableReasonCode"}},{"kind":"Field","name":{"kind":"Name","value":"numberType"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"guidance"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortabilityCheckError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<PortabilityJobResultsQuery, PortabilityJobResultsQueryVariables>;
export const CheckPortabilityDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CheckPortability"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"phoneNumber"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"targetAccountSid"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"addressSid"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"defaultCountry"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"portability"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"phoneNumber"},"value":{"kind":"Variable","name":{"kind":"Name","value":"phoneNumber"}}},{"kind":"Argument","name":{"kind":"Name","value":"targetAccountSid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"targetAccountSid"}}},{"kind":"Argument","name":{"kind":"Name","value":"addressSid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"addressSid"}}},{"kind":"Argument","name":{"kind":"Name","value":"defaultCountry"},"value":{"kind":"Variable","name":{"kind":"Name","value":"defaultCountry"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortabilityResultFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortabilityResultFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortabilityResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Portability"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"targetAccountSid"}},{"kind":"Field","name":{"kind":"Name","value":"addressSid"}},{"kind":"Field","name":{"kind":"Name","value":"accountSid"}},{"kind":"Field","name":{"kind":"Name","value":"portable"}},{"kind":"Field","name":{"kind":"Name","value":"pinAndAccountNumberRequired"}},{"kind":"Field","name":{"kind":"Name","value":"notPortableReason"}},{"kind":"Field","name":{"kind":"Name","value":"notPortableReasonCode"}},{"kind":"Field","name":{"kind":"Name","value":"numberType"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"guidance"}},{"kind":"Field","name":{"kind":"Name","value":"helpUrl"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortabilityCheckError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"targetAccountSid"}},{"kind":"Field","name":{"kind":"Name","value":"addressSid"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"twilioErrorCode"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}}]}}]}}]} as unknown as DocumentNode<CheckPortabilityQuery, CheckPortabilityQueryVariables>;
export const CheckPortabilitiesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"CheckPortabilities"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"phoneNumbers"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"targetAccountSid"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"addressSid"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"defaultCountry"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"portabilities"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"phoneNumbers"},"value":{"kind":"Variable","name":{"kind":"Name","value":"phoneNumbers"}}},{"kind":"Argument","name":{"kind":"Name","value":"targetAccountSid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"targetAccountSid"}}},{"kind":"Argument","name":{"kind":"Name","value":"addressSid"},"value":{"kind":"Variable","name":{"kind":"Name","value":"addressSid"}}},{"kind":"Argument","name":{"kind":"Name","value":"defaultCountry"},"value":{"kind":"Variable","name":{"kind":"Name","value":"defaultCountry"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PortabilityResultFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PortabilityResultFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortabilityResult"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Portability"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"targetAccountSid"}},{"kind":"Field","name":{"kind":"Name","value":"addressSid"}},{"kind":"Field","name":{"kind":"Name","value":"accountSid"}},{"kind":"Field","name":{"kind":"Name","value":"portable"}},{"kind":"Field","name":{"kind":"Name","value":"pinAndAccountNumberRequired"}},{"kind":"Field","name":{"kind":"Name","value":"notPortableReason"}},{"kind":"Field","name":{"kind":"Name","value":"notPortableReasonCode"}},{"kind":"Field","name":{"kind":"Name","value":"numberType"}},{"kind":"Field","name":{"kind":"Name","value":"country"}},{"kind":"Field","name":{"kind":"Name","value":"url"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}},{"kind":"Field","name":{"kind":"Name","value":"guidance"}},{"kind":"Field","name":{"kind":"Name","value":"helpUrl"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PortabilityCheckError"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"input"}},{"kind":"Field","name":{"kind":"Name","value":"phoneNumber"}},{"kind":"Field","name":{"kind":"Name","value":"targetAccountSid"}},{"kind":"Field","name":{"kind":"Name","value":"addressSid"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"message"}},{"kind":"Field","name":{"kind":"Name","value":"retryable"}},{"kind":"Field","name":{"kind":"Name","value":"twilioErrorCode"}},{"kind":"Field","name":{"kind":"Name","value":"nextStep"}}]}}]}}]} as unknown as DocumentNode<CheckPortabilitiesQuery, CheckPortabilitiesQueryVariables>;