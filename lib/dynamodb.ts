// Transitional: the clients live in lib/dynamodb/client.ts; import them from there. This re-export
// goes once every caller has switched.
export { dynamo, dynamoClient } from './dynamodb/client.ts';
