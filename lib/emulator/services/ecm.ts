import type { ServiceDefinition } from '../service';
import { describeInstances } from './ecm-describe';
import { resetInstances } from './ecm-reset';

/** ECM (Edge Computing Machine), API version 2019-07-19. */
export const ecmService: ServiceDefinition = {
  service: 'ecm',
  version: '2019-07-19',
  requiresRegion: false,
  actions: {
    DescribeInstances: describeInstances,
    ResetInstances: resetInstances,
  },
};
