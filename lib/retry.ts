// Transitional: the retry loop lives in lib/dynamodb/backoff.ts; import it from there. This re-export
// goes once every caller has switched.
export { RETRY, RETRY_BUDGET_MS, withRetries } from './dynamodb/backoff.ts';
