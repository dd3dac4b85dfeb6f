// Preloaded (`--import`) by the processes that run our server code outside
// Next.js: the worker and the scripts. `server-only` exists to keep server
// modules out of browser bundles and throws anywhere but a React server
// build; outside Next there is no bundle to protect, so it resolves to nothing.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'server-only') return { url: 'data:text/javascript,', shortCircuit: true, format: 'module' };
    return nextResolve(specifier, context);
  },
});
