import { COS_ACTIONS } from '../cos/cos-actions';
import type { ServiceDefinition } from '../service';
import { camService } from './cam';
import { ecmService } from './ecm';
import { scfService } from './scf';
import { ssmService } from './ssm';
import { tagService } from './tag';
import { tdmqService } from './tdmq';

/** Every emulated product, keyed by API version (X-TC-Version tells them apart, not the host). */
export const SERVICES_BY_VERSION: ReadonlyMap<string, ServiceDefinition> = new Map(
  [ecmService, ssmService, tdmqService, tagService, scfService, camService].map((service) => [service.version, service]),
);

/** The credential-scope service names of the emulated products. */
export const SERVICE_NAMES: ReadonlySet<string> = new Set([...SERVICES_BY_VERSION.values()].map((s) => s.service));

/** `Action` and `service:Action` of every emulated action, COS's XML API too: what a fault may name besides `*`. */
export const FAULT_TARGETS: ReadonlySet<string> = new Set([
  ...[...SERVICES_BY_VERSION.values()].flatMap((s) => Object.keys(s.actions).flatMap((action) => [action, `${s.service}:${action}`])),
  ...COS_ACTIONS.flatMap((action) => [action, `cos:${action}`]),
]);

export { camService, ecmService, scfService, ssmService, tagService, tdmqService };
