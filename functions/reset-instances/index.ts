/**
 * SCF entry (handler `index.main_handler`): wiring only. Built once per cold start; warm
 * invocations reuse the clients, their keep-alive connections and the caches.
 */
import { createDeps } from '../../lib/function/deps';
import { createHandler } from '../../lib/function/handler';

export const main_handler = createHandler(createDeps(process.env));
