// Placeholder until this handler is built; the catalogue and CDK need the entry to exist.
export const handler = async (): Promise<never> => {
  throw new Error('not implemented: functions/inventory/handlers/create-reservation.ts');
};
