/** Stops the runtime the global setup started and deletes its data; a runtime named by API_URL is left alone. */
export default async function globalTeardown(): Promise<void> {
  const runtime = globalThis.__localRuntime;
  if (!runtime) return;
  globalThis.__localRuntime = undefined;
  await runtime.stop();
  if (!process.env.KEEP_TEST_DATA) runtime.remove();
}
