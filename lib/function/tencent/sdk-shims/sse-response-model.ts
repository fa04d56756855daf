/**
 * The SDK's `common/sse_response_model` for the bundle, loaded on first use: it is only
 * needed for `text/event-stream` answers (none of the function's actions stream) and it
 * pulls node:readline into every cold start otherwise.
 */
import type { Readable } from 'node:stream';

type SseModule = { SSEResponseModel: new (stream: Readable) => object };

export class SSEResponseModel {
  constructor(stream: Readable) {
    const real = require('tencentcloud-sdk-nodejs/tencentcloud/common/sse_response_model.js') as SseModule;
    // biome-ignore lint/correctness/noConstructorReturn: the shim stands in for the SDK's class and hands back the real one, loaded late
    return new real.SSEResponseModel(stream);
  }
}
