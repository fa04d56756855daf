import type { ClientConfig } from 'tencentcloud-sdk-nodejs/tencentcloud/common/interface';
import { Client as ScfClient } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_client';
import type { InvokeRequest, InvokeResponse } from 'tencentcloud-sdk-nodejs/tencentcloud/services/scf/v20180416/scf_models';
import type { FunctionsPort } from '../ports/cloud-ports';
import { toCloudError } from './to-cloud-error';

/**
 * SCF (2018-04-16) Invoke with InvocationType `Event`: the function hands work to a later run of
 * itself (a Slack slash command must be answered within 3 s). The event travels as ClientContext
 * (at most 128 KB for an asynchronous event: SCF limits, doc 583/11637).
 */
export function createFunctions(options: ClientConfig): FunctionsPort {
  const client = new ScfClient(options);
  return {
    async invokeAsync(target, event, options) {
      const req: InvokeRequest = {
        FunctionName: target.name,
        Namespace: target.namespace,
        Qualifier: target.qualifier,
        InvocationType: 'Event',
        ClientContext: JSON.stringify(event),
      };
      try {
        const r: InvokeResponse = await client.request('Invoke', req, options);
        return { apiRequestId: r.RequestId ?? '' };
      } catch (e) {
        throw toCloudError('scf', 'Invoke', e);
      }
    },
  };
}
