import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RetailStack, type RetailStackProps } from './retail-stack.ts';

/** The app as `cdk synth` builds it, shared with the infra tests so they check exactly this. */
export function buildApp(
  props: AppProps = {},
  stackProps: Pick<RetailStackProps, 'routes'> = {},
): { app: App; stack: RetailStack } {
  const app = new App(props);
  const stack = new RetailStack(app, 'RetailSuite', {
    ...stackProps,
    description: 'Retail suite: inventory, pricing and sales microservices',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  });
  // cdk-nag 3 is a policy-validation plugin: findings fail the synth unless acknowledged with a reason.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
