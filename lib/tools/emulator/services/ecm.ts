import type { ServiceDefinition } from '../service';
import { describeInstances } from './ecm-describe';
import { describeImage } from './ecm-images';
import { resetInstances } from './ecm-reset';

/** ECM (Edge Computing Machine), API version 2019-07-19. */
export const ecmService: ServiceDefinition = {
  service: 'ecm',
  version: '2019-07-19',
  requiresRegion: false,
  actions: {
    DescribeImage: describeImage,
    DescribeInstances: describeInstances,
    ResetInstances: resetInstances,
  },
};
