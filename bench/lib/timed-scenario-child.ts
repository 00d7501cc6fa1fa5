/**
 * The child side of timed-scenario.ts: runs one latency scenario against a hub another process started, in this
 * fresh process, and sends its result back.
 */
import { runDrawerKick } from '../drawer-kick.js';
import { runPushLatency } from '../push-latency.js';
import { HubAdmin } from './hub-admin.js';
import type { FromTimedScenario, ToTimedScenario } from './timed-scenario.js';

const reply = (message: FromTimedScenario) => process.send!(message);

process.once('message', (message: ToTimedScenario) => {
  void (async () => {
    try {
      const admin = await HubAdmin.logIn(message.hub.uiUrl);
      const result =
        message.scenario === 'latency'
          ? await runPushLatency(message.hub, admin, message.sizes)
          : await runDrawerKick(message.hub, admin, message.sizes);
      reply({ type: 'done', result });
    } catch (error) {
      reply({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
    process.disconnect();
  })();
});
