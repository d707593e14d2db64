// Entry of `cdk synth` / `cdk deploy` (cdk.json: `node cdk/app.ts`). The app synthesizes itself on exit.
import { buildApp } from './build-app.ts';

buildApp();
