/**
 * The SDK's `common/sse_response_model` for the bundle, loaded on first use: it is only
 * needed for `text/event-stream` answers (none of the function's actions stream) and it
 * pulls node:readline into every cold start otherwise.
 */
import type { Readable } from 'node:stream';

type SseModule = { SSEResponseModel: new (stream: Readable) => object };

export class SSEResponseModel {
  constructor(stream: Readable) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose (see above)
    const real = require('tencentcloud-sdk-nodejs/tencentcloud/common/sse_response_model.js') as SseModule;
    return new real.SSEResponseModel(stream);
  }
}
